import { execFileSync } from 'node:child_process'
import { createSign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from '../../src/paypal/crc32.js'
import { FakePaypalGive } from './fake-paypal-give.js'

/** A key pair and its self-signed certificate, made by openssl for this test run. */
export interface KeyAndCert {
  key: string
  cert: string
}

/** A fresh RSA key and self-signed certificate valid from now for `days`. */
export function makeKeyAndCert(days = 2): KeyAndCert {
  const dir = mkdtempSync(join(tmpdir(), 'fake-paypal-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        String(days),
        '-subj',
        '/CN=messageverificationcerts.fake-paypal.test',
      ],
      { stdio: 'ignore' },
    )
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export const WEBHOOK_ID = '8PT597110X687430LKGECATA'

/**
 * A fake PayPal on 127.0.0.1: serves its signing certificate and OAuth tokens, and signs
 * deliveries as PayPal does (RSA-SHA256 over transmissionId|time|webhookId|crc32(body)).
 */
export class FakePaypal {
  readonly keys = makeKeyAndCert()
  #server: Server | undefined
  url = ''
  certFetches = 0
  tokenRequests = 0
  /** Events PayPal keeps, listed by GET /v1/notifications/webhooks-events. */
  events: { create_time: string }[] = []
  /** Tokens handed out; the events list wants one of them. */
  readonly #tokens = new Set<string>()
  /** Answers the events list with this status instead (a PayPal outage). */
  failList: number | null = null
  #n = 0
  /** The time the fake's own objects and events carry (a test may fix it). */
  clock: () => Date = () => new Date()
  /**
   * Where the fake's events go, signed: a test points it at its app (`app.request`) or server.
   * Without it, events are only kept in `sent`.
   */
  deliver: ((body: string, headers: Record<string, string>) => Promise<Response>) | undefined
  /** Every event the fake sent, and the status the service answered (0: not delivered). */
  readonly sent: { event: { event_type?: string }; status: number }[] = []
  /** Orders, products, plans and subscriptions (src/donate/paypal.ts's counterpart). */
  readonly give = new FakePaypalGive(
    () => this.url,
    (event) => this.sendEvent(event),
    () => this.clock(),
  )

  /**
   * The reader on the approval page (an order's `payer-action` or a subscription's `approve`
   * link) presses Pay or Cancel: answers where the fake sends them back.
   */
  async approve(approveUrl: string, action: 'pay' | 'cancel' = 'pay'): Promise<string> {
    const page = await fetch(approveUrl)
    if (page.status !== 200) throw new Error(`approval page answered ${page.status}`)
    const u = new URL(approveUrl)
    const name = u.searchParams.has('token') ? 'token' : 'ba_token'
    const res = await fetch(approveUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ [name]: u.searchParams.get(name) ?? '', action }).toString(),
      redirect: 'manual',
    })
    if (res.status !== 303) throw new Error(`approval answered ${res.status}`)
    return res.headers.get('location') ?? ''
  }

  /** Signs `event` and posts it to `deliver`. */
  async sendEvent(event: unknown): Promise<number> {
    const body = JSON.stringify(event)
    const res = this.deliver ? await this.deliver(body, this.sign(body)) : undefined
    this.sent.push({ event: event as { event_type?: string }, status: res?.status ?? 0 })
    return res?.status ?? 0
  }

  async start(): Promise<this> {
    this.#server = createServer(async (req, res) => {
      if (req.method === 'GET' && req.url === '/v1/notifications/certs/CERT-fake') {
        this.certFetches++
        res.writeHead(200, { 'content-type': 'application/x-pem-file' })
        res.end(this.keys.cert)
        return
      }
      const url = new URL(req.url ?? '/', 'http://fake')
      if (req.method === 'GET' && url.pathname === '/v1/notifications/webhooks-events') {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
        if (!this.#tokens.has(token) || this.failList) {
          res.writeHead(this.failList ?? 401, { 'content-type': 'application/json' })
          res.end('{"name":"AUTHENTICATION_FAILURE"}')
          return
        }
        const from = Date.parse(url.searchParams.get('start_time') ?? '')
        const to = Date.parse(url.searchParams.get('end_time') ?? '')
        const size = Number(url.searchParams.get('page_size') ?? 10)
        const page = Number(url.searchParams.get('page') ?? 0)
        // PayPal lists newest first.
        const all = this.events
          .filter((e) => Date.parse(e.create_time) >= from && Date.parse(e.create_time) <= to)
          .sort((a, b) => Date.parse(b.create_time) - Date.parse(a.create_time))
        // Small pages, so paging is exercised.
        const per = Math.min(size, 4)
        const events = all.slice(page * per, page * per + per)
        const next = new URLSearchParams(url.searchParams)
        next.set('page', String(page + 1))
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            events,
            count: events.length,
            links:
              (page + 1) * per < all.length
                ? [{ href: `${this.url}${url.pathname}?${next}`, rel: 'next', method: 'GET' }]
                : [],
          }),
        )
        return
      }
      if (req.method === 'POST' && req.url === '/v1/oauth2/token') {
        this.tokenRequests++
        const auth = req.headers.authorization ?? ''
        if (!auth.startsWith('Basic ')) {
          res.writeHead(401, { 'content-type': 'application/json' })
          res.end('{"error":"invalid_client"}')
          return
        }
        const token = `A21AA${++this.#n}`
        this.#tokens.add(token)
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            scope: 'https://uri.paypal.com/services/applications/webhooks',
            access_token: token,
            token_type: 'Bearer',
            app_id: 'APP-80W284485P519543T',
            expires_in: 32400,
            nonce: 'fake',
          }),
        )
        return
      }
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '')
      if (await this.give.handle(req, res, url, this.#tokens.has(bearer))) return
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end('{"name":"RESOURCE_NOT_FOUND"}')
    })
    await new Promise<void>((r) => this.#server?.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this
  }

  get certUrl() {
    return `${this.url}/v1/notifications/certs/CERT-fake`
  }

  /** The settings that point the service at this fake. */
  env(): Record<string, string> {
    return {
      PAYPAL_CLIENT_ID: 'fake-client',
      PAYPAL_CLIENT_SECRET: 'fake-secret',
      PAYPAL_WEBHOOK_ID: WEBHOOK_ID,
      PAYPAL_API_URL: this.url,
    }
  }

  /** PayPal's signature headers for a body. */
  sign(
    body: string,
    opts: { key?: string; time?: Date; webhookId?: string; certUrl?: string } = {},
  ): Record<string, string> {
    const id = `${(++this.#n).toString(16)}-fake-transmission`
    const time = (opts.time ?? new Date()).toISOString()
    const signed = `${id}|${time}|${opts.webhookId ?? WEBHOOK_ID}|${crc32(Buffer.from(body))}`
    const sig = createSign('RSA-SHA256')
      .update(signed)
      .sign(opts.key ?? this.keys.key, 'base64')
    return {
      'content-type': 'application/json',
      'paypal-transmission-id': id,
      'paypal-transmission-time': time,
      'paypal-transmission-sig': sig,
      'paypal-cert-url': opts.certUrl ?? this.certUrl,
      'paypal-auth-algo': 'SHA256withRSA',
    }
  }

  async stop() {
    await new Promise<void>((r) => (this.#server ? this.#server.close(() => r()) : r()))
  }
}
