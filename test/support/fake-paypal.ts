import { execFileSync } from 'node:child_process'
import { createSign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from '../../src/paypal/crc32.js'

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
  #n = 0

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/v1/notifications/certs/CERT-fake') {
        this.certFetches++
        res.writeHead(200, { 'content-type': 'application/x-pem-file' })
        res.end(this.keys.cert)
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
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            scope: 'https://uri.paypal.com/services/applications/webhooks',
            access_token: `A21AA${++this.#n}`,
            token_type: 'Bearer',
            app_id: 'APP-80W284485P519543T',
            expires_in: 32400,
            nonce: 'fake',
          }),
        )
        return
      }
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
