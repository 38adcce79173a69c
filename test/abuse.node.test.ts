import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { type RunningServer, startServer } from '../src/node/main.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from './support/harness.js'

// Slow and greedy clients against the real Node server: other loopback addresses (127.0.0.2,
// 127.0.0.3: all loopback on Linux) stand for other clients and for a proxy.

const dir = mkdtempSync(join(tmpdir(), 'supportbar-abuse-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One request over a fresh connection from `from`, a loopback address. */
function call(
  url: string,
  from: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'GET',
      localAddress: from,
      agent: false,
      headers: options.headers,
    })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        body += d
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A connection from `from` that sends nothing: resolves once it is connected. */
function idle(port: number, from: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: from })
    s.once('connect', () => resolve(s))
    s.once('error', reject)
  })
}

/** Whether the server closes the socket before `request` is answered (true) or answers it. */
function closedUnanswered(s: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    let got = ''
    s.on('data', (d: Buffer) => {
      got += d.toString()
    })
    s.once('close', () => resolve(got === ''))
    s.on('error', () => {})
    s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  })
}

describe('per-address connection caps and minimum body rates', () => {
  let server: RunningServer
  let port: number
  beforeAll(async () => {
    server = await startServer(
      parseConfig({
        PORT: '0',
        DATABASE_URL: `file:${join(dir, 'caps.db')}`,
        LOG_LEVEL: 'silent',
        HTTP_MAX_CONNECTIONS_PER_ADDRESS: '4',
        HTTP_MIN_BODY_RATE: '1024',
        HTTP_REQUEST_TIMEOUT_MS: '600000',
        STRIPE_WEBHOOK_SECRET: 'whsec_abuse',
        TRUSTED_PROXIES: '127.0.0.3',
      }),
    )
    port = Number(new URL(server.url).port)
  })
  afterAll(() => server?.close())

  it("closes an address's connections past its cap, and serves other addresses meanwhile", async () => {
    const held = await Promise.all([1, 2, 3, 4].map(() => idle(port, '127.0.0.1')))
    const extra = await idle(port, '127.0.0.1')
    expect(await closedUnanswered(extra)).toBe(true)
    expect((await call(`${server.url}/healthz`, '127.0.0.2')).status).toBe(200)
    // One slot freed: the address is served again, once the server has seen that close.
    held.pop()?.destroy()
    let served = false
    for (let i = 0; i < 50 && !served; i++) {
      await new Promise((r) => setTimeout(r, 20))
      served = !(await closedUnanswered(await idle(port, '127.0.0.1')))
    }
    expect(served).toBe(true)
    for (const s of held) s.destroy()
  })

  it('does not cap a trusted proxy, which carries many clients', async () => {
    const held = await Promise.all([1, 2, 3, 4, 5, 6].map(() => idle(port, '127.0.0.3')))
    const seventh = await idle(port, '127.0.0.3')
    expect(await closedUnanswered(seventh)).toBe(false)
    for (const s of held) s.destroy()
  })

  it('cuts a request body that trickles below the minimum rate, and takes a whole one', async () => {
    const s = await idle(port, '127.0.0.2')
    const size = 4000
    let sent = 0
    let answered = ''
    s.on('data', (d: Buffer) => {
      answered += d.toString()
    })
    s.on('error', () => {})
    const closed = new Promise<void>((r) => s.once('close', () => r()))
    s.write(
      `POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nStripe-Signature: t=1,v1=00\r\nContent-Length: ${size}\r\n\r\n`,
    )
    const trickle = setInterval(() => {
      if (s.destroyed || sent >= size) return
      s.write('x')
      sent++
    }, 200)
    await closed
    clearInterval(trickle)
    expect(sent).toBeLessThan(size)
    expect(answered).toBe('')
    // The same body sent at once is read and answered (a bad signature: 400).
    const whole = await call(`${server.url}/webhooks/stripe`, '127.0.0.2', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=00' },
      body: 'x'.repeat(size),
    })
    expect(whole.status).toBe(400)
  })
})

describe('the client address behind TRUSTED_PROXIES', () => {
  let server: RunningServer
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  beforeAll(async () => {
    fake = await startFakeStripe()
    server = await startServer(
      parseConfig({
        PORT: '0',
        DATABASE_URL: `file:${join(dir, 'xff.db')}`,
        LOG_LEVEL: 'silent',
        ADMIN_TOKEN,
        STRIPE_SECRET_KEY: 'sk_test_abuse',
        STRIPE_API_URL: fake.url,
        PUBLIC_URL: 'https://bar.example',
        CHECKOUT_RATE_LIMIT: '3',
        CLIENT_IP_HEADER: 'X-Forwarded-For',
        TRUSTED_PROXIES: '127.0.0.2',
      }),
    )
    const created = await fetch(`${server.url}/api/admin/campaigns`, {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify({ ...newsCampaign, checkout: { enabled: true } }),
    })
    expect(created.status).toBe(201)
  })
  afterAll(async () => {
    await server?.close()
    await fake?.close()
  })

  const give = (from: string, xff: string) =>
    call(`${server.url}/api/campaigns/news/checkout`, from, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': xff },
      body: JSON.stringify({ amount: 1000, interval: 'once' }),
    })

  it('counts a direct client by its socket, whatever X-Forwarded-For it sends', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await give('127.0.0.1', `203.0.113.${i}`)).status)
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200])
    expect(statuses.slice(3)).toEqual([429, 429, 429])
    const refused = await give('127.0.0.1', '198.51.100.200')
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toMatch(/^\d+$/)
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'rate_limited' } })
  })

  it('counts a client behind the trusted proxy by the address the proxy appended', async () => {
    // The proxy (127.0.0.2) appends the address it saw; what the client wrote before it varies.
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      statuses.push((await give('127.0.0.2', `10.9.9.${i}, 198.51.100.7`)).status)
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    // Another client behind the same proxy has its own count.
    expect((await give('127.0.0.2', '198.51.100.8')).status).toBe(200)
  })
})
