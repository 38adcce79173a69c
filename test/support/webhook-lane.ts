// Shared by the webhook lane tests: twin apps (one served by the lane, one by Hono alone), raw
// HTTP exchanges, and the parts of answers, logs and counters that must come out the same.
import { createServer, type Server } from 'node:http'
import { connect } from 'node:net'
import { expect } from 'vitest'
import { createLogger } from '../../src/log.js'
import { honoListener, listen } from '../../src/node/listen.js'
import { ADMIN_TOKEN, makeTestApp, newsCampaign, type TestApp } from './harness.js'
import { donation, event, paymentIntent, unix } from './stripe-events.js'

export type Line = Record<string, unknown>

/** One app served one way, with the log lines it wrote. */
export interface Side {
  t: TestApp
  server: Server
  logs: Line[]
}

/**
 * Twin apps (each its own SQLite file, same config): one served by `listen` (its webhook lane
 * answers), one by @hono/node-server's listener alone (the Hono route answers, src/node/listen.ts's honoListener). The same
 * request sent to both must come back the same.
 */
export async function twins(env: Record<string, string>): Promise<{ lane: Side; hono: Side }> {
  const side = async (serve: (t: TestApp) => Promise<Server>): Promise<Side> => {
    const logs: Line[] = []
    const t = await makeTestApp({
      env,
      deps: { logger: createLogger('debug', (_l, line) => logs.push(JSON.parse(line) as Line)) },
    })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const server = await serve(t)
    logs.length = 0
    return { t, server, logs }
  }
  const lane = await side((t) => listen(t.app, { ...t.config, port: 0, host: '127.0.0.1' }))
  const hono = await side(async (t) => {
    const s = createServer(honoListener(t.app))
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
    return s
  })
  return { lane, hono }
}

const port = (s: Server) => (s.address() as { port: number }).port

/** Writes raw request bytes and resolves with all that came back once the server closed. */
export function exchange(server: Server, parts: string[], hangUpAfterMs?: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port(server), '127.0.0.1', () => {
      for (const p of parts) socket.write(p)
      if (hangUpAfterMs !== undefined) {
        setTimeout(() => {
          socket.destroy()
          resolve('')
        }, hangUpAfterMs)
      }
    })
    let got = ''
    socket.on('data', (c: Buffer) => {
      got += c.toString()
    })
    socket.on('close', () => resolve(got))
    // A server that refuses a body mid-stream may reset: what was answered before counts.
    socket.on('error', () => resolve(got))
  })
}

/** A POST to the webhook route as raw HTTP/1.1 with a declared length. */
export function post(
  body: string,
  headers: Record<string, string>,
  path = '/webhooks/stripe',
): string[] {
  const lines = Object.entries({ ...headers, 'Content-Length': String(Buffer.byteLength(body)) })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  return [`POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${lines}\r\n`, body]
}

/** The answer with the values that differ per answer (date, request id) masked. */
export const masked = (raw: string) =>
  raw.replace(/^Date: .*$/m, 'Date: *').replace(/^x-request-id: [0-9a-f-]{36}$/m, 'x-request-id: *')

/** Log lines without the fields that differ per request (id, time, duration). */
export const comparable = (logs: Line[]) =>
  logs.map(({ requestId: _r, time: _t, ms: _m, ...rest }) => rest)

/** The request and webhook counters of an app's /metrics. */
export async function counters(t: TestApp): Promise<string[]> {
  const text = await (
    await t.app.request('/metrics', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).text()
  return text
    .split('\n')
    .filter((l) => /^supportbar_(http_requests|webhook_events)_total\{/.test(l))
    .filter((l) => !l.includes('route="/metrics"'))
}

const june = unix('2026-06-10T15:00:00Z')

/** A signed-ready body: a new payment of 25.00 to the news campaign. */
export const payment = (id: string) =>
  JSON.stringify(
    event(
      'payment_intent.succeeded',
      paymentIntent(donation({ pi: id, amount: 2500, created: june, campaign: 'news' })),
    ),
  )

export const json = { 'Content-Type': 'application/json' }

/** Stops both servers of a pair and removes their apps. */
export async function closeTwins(pair: { lane: Side; hono: Side }): Promise<void> {
  for (const s of [pair.lane, pair.hono]) {
    await new Promise((r) => s.server.close(r))
    await s.t.close()
  }
}
