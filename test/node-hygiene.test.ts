import type { Server } from 'node:http'
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { createLogger } from '../src/log.js'
import { listen } from '../src/node/listen.js'
import { makeTestApp, newsCampaign, type TestApp } from './support/harness.js'
import { sseEvents } from './support/sse.js'

interface Line {
  level: string
  msg: string
  status?: number
  route?: string
}

let t: TestApp
let server: Server
let port = 0
const logs: Line[] = []

beforeAll(async () => {
  t = await makeTestApp({
    env: {
      STRIPE_WEBHOOK_SECRET: 'whsec_test_secret',
      HTTP_HEADERS_TIMEOUT_MS: '300',
      HTTP_REQUEST_TIMEOUT_MS: '600',
      HTTP_MAX_CONNECTIONS: '3',
    },
    deps: { logger: createLogger('debug', (_l, line) => logs.push(JSON.parse(line) as Line)) },
  })
  server = await listen(t.app, { ...t.config, port: 0, host: '127.0.0.1' })
  port = (server.address() as { port: number }).port
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
  await t.close()
})

/** Opens a socket, writes `text`, and resolves with what came back when the server closed it. */
function exchange(text: string, opts: { hangUpAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1', () => {
      socket.write(text)
      if (opts.hangUpAfterMs !== undefined) {
        setTimeout(() => {
          socket.destroy()
          resolve('')
        }, opts.hangUpAfterMs)
      }
    })
    let got = ''
    socket.on('data', (c: Buffer) => {
      got += c.toString()
    })
    socket.on('close', () => resolve(got))
    socket.on('error', reject)
  })
}

/** Waits until a request line with this route was logged (the handler finishes after the abort). */
async function logged(route: string): Promise<Line> {
  for (;;) {
    const line = logs.find((l) => l.msg === 'request' && l.route === route)
    if (line) return line
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('connection hygiene on Node', () => {
  it('has documented defaults', () => {
    expect(parseConfig({}).http).toEqual({
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 30_000,
      maxConnections: 10_000,
      maxConnectionsPerAddress: 256,
      minBodyRate: 1024,
    })
  })

  it('answers 408 and closes a client that never finishes its headers', async () => {
    const got = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ')
    expect(got).toMatch(/^HTTP\/1\.1 408 /)
  })

  it('answers 408 and closes a client that never finishes its body', async () => {
    logs.length = 0
    const got = await exchange(
      'POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Stripe-Signature: t=1,v1=00\r\nContent-Length: 100\r\n\r\n{"id":',
    )
    expect(got).toMatch(/^HTTP\/1\.1 408 /)
    expect(logs.filter((l) => l.level === 'error')).toEqual([])
  })

  it('logs a client that drops mid-body as a client abort (499, info), not a 500 or an error line', async () => {
    logs.length = 0
    await exchange(
      'POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Stripe-Signature: t=1,v1=00\r\nContent-Length: 5000\r\n\r\n{"id":"evt_',
      { hangUpAfterMs: 50 },
    )
    const line = await logged('/webhooks/stripe')
    expect(line).toMatchObject({ level: 'info', status: 499 })
    expect(logs.filter((l) => l.level === 'error')).toEqual([])
    const metrics = await (
      await t.app.request('/metrics', {
        headers: { Authorization: 'Bearer test-admin-token-0123456789' },
      })
    ).text()
    expect(metrics).toContain('route="/webhooks/stripe",status="499"')
  })

  it('keeps a live stream open past the request time limit (its request is complete)', async () => {
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const controller = new AbortController()
    const res = await fetch(`http://127.0.0.1:${port}/api/campaigns/news/stream?month=2021-06`, {
      signal: controller.signal,
    })
    const stream = sseEvents(res)
    expect((await stream.next()).value?.kind).toBe('progress')
    // Three times HTTP_REQUEST_TIMEOUT_MS, which the server checks every 75 ms here.
    await new Promise((r) => setTimeout(r, 1800))
    const adj = await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 700,
      reason: 'still streaming',
    })
    expect(adj.status).toBe(201)
    const next = await stream.next()
    expect(next.value?.kind).toBe('progress')
    expect(JSON.parse(next.value?.data ?? '{}')).toMatchObject({ pledged: 700 })
    controller.abort()
    // Let the server see the stream go before the connection-cap test counts connections.
    for (;;) {
      const n = await new Promise<number>((r) => server.getConnections((_e, c) => r(c)))
      if (n === 0) break
      await new Promise((r) => setTimeout(r, 10))
    }
  })

  it('closes connections past the cap at once, and serves again when they are gone', async () => {
    const held: Socket[] = []
    for (let i = 0; i < 3; i++) {
      const s = connect(port, '127.0.0.1')
      await new Promise((r) => s.once('connect', r))
      held.push(s)
    }
    // The server counts a connection once it accepts it: wait until all three are counted.
    for (;;) {
      const n = await new Promise<number>((r) => server.getConnections((_e, c) => r(c)))
      if (n === 3) break
      await new Promise((r) => setTimeout(r, 10))
    }
    const refused = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(refused).toBe('')
    for (const s of held) s.destroy()
    for (;;) {
      const n = await new Promise<number>((r) => server.getConnections((_e, c) => r(c)))
      if (n === 0) break
      await new Promise((r) => setTimeout(r, 10))
    }
    const served = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(served).toMatch(/^HTTP\/1\.1 200 /)
    expect(logs.some((l) => l.msg === 'connection refused: too many open connections')).toBe(true)
  })
})
