import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebhookLane } from '../src/node/webhook-lane.js'
import { sign, WHSEC, webhookEnv } from './support/stripe-events.js'
import {
  closeTwins,
  comparable,
  counters,
  exchange,
  json,
  type Line,
  masked,
  payment,
  post,
  type Side,
  twins,
} from './support/webhook-lane.js'

const handled = vi.spyOn(WebhookLane.prototype, 'handle')
const answeredByLane = () => handled.mock.results.at(-1)?.value !== undefined

describe('the Node webhook lane', () => {
  let lane: Side
  let hono: Side
  beforeAll(async () => {
    ;({ lane, hono } = await twins(webhookEnv))
  })
  afterAll(() => closeTwins({ lane, hono }))

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
