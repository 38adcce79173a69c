import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { servicesOf } from '../src/app.js'
import { WebhookLane } from '../src/node/webhook-lane.js'
import { sign, webhookEnv } from './support/stripe-events.js'
import {
  closeTwins,
  comparable,
  counters,
  exchange,
  json,
  masked,
  payment,
  post,
  type Side,
  twins,
} from './support/webhook-lane.js'

const handled = vi.spyOn(WebhookLane.prototype, 'handle')
const answeredByLane = () => handled.mock.results.at(-1)?.value !== undefined

describe('the Node webhook lane when things go wrong', () => {
  let lane: Side
  let hono: Side
  beforeAll(async () => {
    ;({ lane, hono } = await twins(webhookEnv))
  })
  afterAll(() => closeTwins({ lane, hono }))

  it.each([
    ['a processing failure (500 processing_failed)', () => new Error('boom')],
    [
      'a database that cannot take writes (503, Retry-After)',
      () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
    ],
  ])('answers %s as Hono does', async (_name, failure) => {
    const spies = [lane, hono].map((s) =>
      vi.spyOn(servicesOf(s.t.app).ingest, 'event').mockRejectedValue(failure()),
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
      await closeTwins({ lane, hono })
    }
  })
})
