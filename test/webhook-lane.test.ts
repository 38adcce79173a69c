import { createServer, type Server } from 'node:http'
import { connect } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { contextOf } from '../src/app.js'
import { createLogger } from '../src/log.js'
import { listen } from '../src/node/listen.js'
import { WebhookLane } from '../src/node/webhook-lane.js'
import { ADMIN_TOKEN, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'
import {
  donation,
  event,
  paymentIntent,
  sign,
  unix,
  WHSEC,
  webhookEnv,
} from './support/stripe-events.js'

type Line = Record<string, unknown>

/** One app served one way, with the log lines it wrote. */
interface Side {
  t: TestApp
  server: Server
  logs: Line[]
}

/**
 * Twin apps (each its own SQLite file, same config): one served by `listen` (its webhook lane
 * answers), one by @hono/node-server's listener alone (the Hono route answers). The same
 * request sent to both must come back the same.
 */
async function twins(env: Record<string, string>): Promise<{ lane: Side; hono: Side }> {
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
    const s = createServer(getRequestListener(t.app.fetch))
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
    return s
  })
  return { lane, hono }
}

const port = (s: Server) => (s.address() as { port: number }).port

/** Writes raw request bytes and resolves with all that came back once the server closed. */
function exchange(server: Server, parts: string[], hangUpAfterMs?: number): Promise<string> {
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
function post(body: string, headers: Record<string, string>, path = '/webhooks/stripe'): string[] {
  const lines = Object.entries({ ...headers, 'Content-Length': String(Buffer.byteLength(body)) })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  return [`POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${lines}\r\n`, body]
}

/** The answer with the values that differ per answer (date, request id) masked. */
const masked = (raw: string) =>
  raw.replace(/^Date: .*$/m, 'Date: *').replace(/^x-request-id: [0-9a-f-]{36}$/m, 'x-request-id: *')

/** Log lines without the fields that differ per request (id, time, duration). */
const comparable = (logs: Line[]) =>
  logs.map(({ requestId: _r, time: _t, ms: _m, ...rest }) => rest)

/** The request and webhook counters of an app's /metrics. */
async function counters(t: TestApp): Promise<string[]> {
  const text = await (
    await t.app.request('/metrics', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).text()
  return text
    .split('\n')
    .filter((l) => /^supportbar_(http_requests|webhook_events)_total\{/.test(l))
    .filter((l) => !l.includes('route="/metrics"'))
}

const handled = vi.spyOn(WebhookLane.prototype, 'handle')
const answeredByLane = () => handled.mock.results.at(-1)?.value !== undefined

const june = unix('2026-06-10T15:00:00Z')
const payment = (id: string) =>
  JSON.stringify(
    event(
      'payment_intent.succeeded',
      paymentIntent(donation({ pi: id, amount: 2500, created: june, campaign: 'news' })),
    ),
  )
const json = { 'Content-Type': 'application/json' }

describe('the Node webhook lane', () => {
  let lane: Side
  let hono: Side
  beforeAll(async () => {
    ;({ lane, hono } = await twins(webhookEnv))
  })
  afterAll(async () => {
    for (const s of [lane, hono]) {
      await new Promise((r) => s.server.close(r))
      await s.t.close()
    }
  })

  const body = payment('pi_lane1')
  const nonEvent = JSON.stringify({ hello: 'world' })
  const stale = Math.floor(Date.now() / 1000) - 3600
  const cases: [string, () => string[]][] = [
    [
      'a new payment (200 processed)',
      () => post(body, { ...json, 'Stripe-Signature': sign(body) }),
    ],
    [
      'the same again (200 duplicate)',
      () => post(body, { ...json, 'Stripe-Signature': sign(body) }),
    ],
    ['no signature (400)', () => post(body, json)],
    [
      'a wrong signature (400)',
      () => post(body, { ...json, 'Stripe-Signature': sign(body, 'whsec_x') }),
    ],
    [
      'a malformed signature header (400)',
      () => post(body, { ...json, 'Stripe-Signature': 'nope' }),
    ],
    [
      'a stale timestamp (400)',
      () => post(body, { ...json, 'Stripe-Signature': sign(body, WHSEC, stale) }),
    ],
    [
      'a signed body that is not JSON (400)',
      () => post('not json', { 'Stripe-Signature': sign('not json') }),
    ],
    [
      'a signed body that is not an event (400)',
      () => post(nonEvent, { ...json, 'Stripe-Signature': sign(nonEvent) }),
    ],
    [
      'a declared length over 1 MiB (413)',
      () => {
        const big = 'x'.repeat(1024 * 1024 + 1)
        return post(big, { ...json, 'Stripe-Signature': sign(big) })
      },
    ],
    [
      'a query string on the route',
      () => {
        const b = payment('pi_lane2')
        return post(b, { ...json, 'Stripe-Signature': sign(b) }, '/webhooks/stripe?source=test')
      },
    ],
  ]

  it.each(cases)(
    'answers %s with the same status, header lines, body, logs and counts as Hono',
    async (_name, request) => {
      const parts = request()
      lane.logs.length = 0
      hono.logs.length = 0
      const fromHono = await exchange(hono.server, parts)
      const fromLane = await exchange(lane.server, parts)
      expect(answeredByLane()).toBe(true)
      expect(fromHono).toMatch(/^HTTP\/1\.1 \d{3} /)
      expect(masked(fromLane)).toBe(masked(fromHono))
      expect(fromLane).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/)
      expect(comparable(lane.logs)).toEqual(comparable(hono.logs))
      expect(lane.logs.some((l) => l.msg === 'request')).toBe(true)
      expect(await counters(lane.t)).toEqual(await counters(hono.t))
    },
  )

  it('answers a body streamed past 1 MiB (no declared length) as Hono does: 413, never read whole', async () => {
    const chunk = 'x'.repeat(64 * 1024)
    const parts = [
      `POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nConnection: close\r\nStripe-Signature: t=1,v1=00\r\nTransfer-Encoding: chunked\r\n\r\n`,
      ...Array.from({ length: 17 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`),
      '0\r\n\r\n',
    ]
    lane.logs.length = 0
    hono.logs.length = 0
    const fromHono = await exchange(hono.server, parts)
    const fromLane = await exchange(lane.server, parts)
    expect(answeredByLane()).toBe(true)
    expect(masked(fromLane)).toBe(masked(fromHono))
    const line = (logs: Line[]) => logs.find((l) => l.msg === 'request')
    await vi.waitFor(() => expect(line(lane.logs)).toBeDefined())
    await vi.waitFor(() => expect(line(hono.logs)).toBeDefined())
    expect(line(lane.logs)).toMatchObject({ status: 413, route: '/webhooks/stripe' })
    expect(comparable(lane.logs)).toEqual(comparable(hono.logs))
  })

  it.each([
    ['a processing failure (500 processing_failed)', () => new Error('boom')],
    [
      'a database that cannot take writes (503, Retry-After)',
      () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
    ],
  ])('answers %s as Hono does', async (_name, failure) => {
    const spies = [lane, hono].map((s) =>
      vi.spyOn(contextOf(s.t.app).ingest, 'event').mockRejectedValue(failure()),
    )
    onTestFinished(() => {
      for (const spy of spies) spy.mockRestore()
    })
    const b = payment('pi_lane_fail')
    const parts = post(b, { ...json, 'Stripe-Signature': sign(b) })
    lane.logs.length = 0
    hono.logs.length = 0
    const fromHono = await exchange(hono.server, parts)
    const fromLane = await exchange(lane.server, parts)
    expect(answeredByLane()).toBe(true)
    expect(fromHono).toMatch(/^HTTP\/1\.1 50[03] /)
    expect(masked(fromLane)).toBe(masked(fromHono))
    expect(comparable(lane.logs)).toEqual(comparable(hono.logs))
    expect(lane.logs.filter((l) => l.level === 'error').length).toBeGreaterThan(0)
    expect(await counters(lane.t)).toEqual(await counters(hono.t))
  })

  it('counts a client that leaves mid-body as a client abort (499, info), not a 500', async () => {
    lane.logs.length = 0
    const head =
      'POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Stripe-Signature: t=1,v1=00\r\nContent-Length: 5000\r\n\r\n{"id":"evt_'
    await exchange(lane.server, [head], 50)
    expect(answeredByLane()).toBe(true)
    await vi.waitFor(() => expect(lane.logs.find((l) => l.msg === 'request')).toBeDefined())
    expect(lane.logs.find((l) => l.msg === 'request')).toMatchObject({
      level: 'info',
      status: 499,
      route: '/webhooks/stripe',
    })
    expect(lane.logs.filter((l) => l.level === 'error')).toEqual([])
    expect(await counters(lane.t)).toContain(
      'supportbar_http_requests_total{method="POST",route="/webhooks/stripe",status="499"} 1',
    )
  })

  it('leaves other methods and paths to Hono', async () => {
    for (const parts of [
      ['GET /webhooks/stripe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      post(body, { ...json, 'Stripe-Signature': sign(body) }, '/webhooks/stripe/'),
    ]) {
      const fromLane = await exchange(lane.server, parts)
      expect(answeredByLane()).toBe(false)
      expect(masked(fromLane)).toBe(masked(await exchange(hono.server, parts)))
    }
  })
})

describe('the Node webhook lane with webhooks off', () => {
  it('answers 503 webhooks_disabled as Hono does', async () => {
    const { lane, hono } = await twins({})
    try {
      const parts = post(payment('pi_off'), { ...json, 'Stripe-Signature': 't=1,v1=00' })
      const fromHono = await exchange(hono.server, parts)
      const fromLane = await exchange(lane.server, parts)
      expect(answeredByLane()).toBe(true)
      expect(fromHono).toMatch(/^HTTP\/1\.1 503 /)
      expect(masked(fromLane)).toBe(masked(fromHono))
      expect(comparable(lane.logs)).toEqual(comparable(hono.logs))
    } finally {
      for (const s of [lane, hono]) {
        await new Promise((r) => s.server.close(r))
        await s.t.close()
      }
    }
  })
})
