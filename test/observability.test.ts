import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLogger, redact } from '../src/log.js'
import {
  ADMIN_TOKEN,
  expectError,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  sign,
  unix,
  WHSEC,
  webhookEnv,
} from './support/stripe-events.js'

const clock = fixedClock('2026-06-15T12:00:00Z')

describe('redact', () => {
  it('masks tokens, Stripe keys and signatures, and emails', () => {
    const text =
      'Bearer abc.def-123 sk_live_51Habc whsec_AbC123= t=1,v1=0123456789abcdef0123 ann@ex.org'
    const out = redact(text)
    for (const secret of [
      'abc.def-123',
      'sk_live_51Habc',
      'whsec_AbC123',
      '0123456789abcdef',
      'ann@ex.org',
    ]) {
      expect(out).not.toContain(secret)
    }
    expect(out).toContain('Bearer [redacted]')
  })

  it('applies LOG_LEVEL: lines below the level are dropped', () => {
    const lines: string[] = []
    const log = createLogger('warn', (_l, line) => lines.push(line), clock)
    log.debug('d')
    log.info('i')
    log.warn('w', { token: 'secret-value', nested: { email: 'x@y.org' } })
    log.error('e')
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['w', 'e'])
    expect(JSON.parse(lines[0] as string)).toEqual({
      time: '2026-06-15T12:00:00.000Z',
      level: 'warn',
      msg: 'w',
      token: '[redacted]',
      nested: { email: '[redacted]' },
    })
  })
})

describe('structured logs and /metrics', () => {
  let t: TestApp
  let lines: string[]
  beforeEach(async () => {
    lines = []
    t = await makeTestApp({
      env: webhookEnv,
      deps: { clock, logger: createLogger('debug', (_l, line) => lines.push(line), clock) },
    })
    expect(
      (await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })).status,
    ).toBe(201)
  })
  afterEach(() => t.close())

  it('logs one JSON line per request with its request id, and never a secret or an email', async () => {
    lines.length = 0
    const email = 'reader@example.org'
    const d = donation({ amount: 2500, created: unix('2026-06-10T00:00:00Z'), email })
    const e = event('payment_intent.succeeded', paymentIntent(d))
    const ok = await postEvent((p, i) => t.app.request(p, i), e)
    expect(ok.status).toBe(200)
    const body = JSON.stringify(e)
    const signature = sign(body)
    const forged = await t.app.request('/webhooks/stripe', {
      method: 'POST',
      headers: {
        'Stripe-Signature': signature.replace(
          /v1=(.)/,
          (_, c: string) => `v1=${c === '0' ? '1' : '0'}`,
        ),
      },
      body,
    })
    await expectError(forged, 400)
    await expectError(
      await t.app.request('/api/admin/campaigns', {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}x` },
      }),
      401,
    )
    const adj = await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2026-06',
      amount: 100,
      reason: `gift from ${email}`,
      donor: email,
    })
    expect(adj.status).toBe(201)
    expect((await t.app.request('/api/campaigns/news/progress')).status).toBe(200)

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    for (const p of parsed) {
      expect(typeof p.time).toBe('string')
      expect(['debug', 'info', 'warn', 'error']).toContain(p.level)
    }
    const requests = parsed.filter((p) => p.msg === 'request')
    expect(requests).toHaveLength(5)
    const adjLine = requests.find((p) => p.method === 'POST' && p.status === 201)
    expect(adjLine).toMatchObject({
      level: 'info',
      route: '/api/admin/campaigns/:slug/adjustments',
      path: '/api/admin/campaigns/news/adjustments',
      actor: 'admin',
      requestId: adj.headers.get('x-request-id'),
    })
    expect(requests.find((p) => p.method === 'GET' && p.status === 200)).toMatchObject({
      level: 'debug',
      route: '/api/campaigns/:slug/progress',
    })
    expect(parsed.find((p) => p.msg === 'webhook')).toMatchObject({
      eventId: e.id,
      type: 'payment_intent.succeeded',
      outcome: 'processed',
    })
    expect(parsed.find((p) => p.msg === 'webhook rejected')).toMatchObject({
      code: 'invalid_signature',
    })
    const all = lines.join('\n')
    const v1 = /v1=([0-9a-f]+)/.exec(signature)?.[1] as string
    for (const secret of [ADMIN_TOKEN, WHSEC, v1, email]) expect(all).not.toContain(secret)
  })

  it('serves Prometheus text behind the admin token', async () => {
    await expectError(await t.app.request('/metrics'), 401)
    const d = donation({ amount: 136000, created: unix('2026-06-10T00:00:00Z') })
    await postEvent(
      (p, i) => t.app.request(p, i),
      event('payment_intent.succeeded', paymentIntent(d)),
    )
    await postEvent((p, i) => t.app.request(p, i), event('customer.created', { id: 'cus_1' }))
    await t.app.request('/api/campaigns/news/progress')
    await t.app.request('/api/campaigns/news/progress')
    await t.app.request('/api/campaigns/nope/progress')
    await t.app.request('/no/such/route')

    const res = await t.call('GET', '/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    // Every sample line is `name{labels} value` in the exposition format.
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('#')) expect(line).toMatch(/^# (HELP|TYPE) [a-z_]+ .+$/)
      else expect(line).toMatch(/^[a-z_]+(\{([a-z_]+="[^"\n]*",?)+\})? [0-9.e+-]+$/)
    }
    expect(text).toContain(
      'supportbar_http_requests_total{method="GET",route="/api/campaigns/:slug/progress",status="200"} 2',
    )
    expect(text).toContain(
      'supportbar_http_requests_total{method="GET",route="/api/campaigns/:slug/progress",status="404"} 1',
    )
    expect(text).toContain(
      'supportbar_http_requests_total{method="GET",route="unmatched",status="404"} 1',
    )
    expect(text).toContain(
      'supportbar_webhook_events_total{type="payment_intent.succeeded",status="processed"} 1',
    )
    expect(text).toContain(
      'supportbar_webhook_events_total{type="customer.created",status="ignored"} 1',
    )
    expect(text).toContain('supportbar_webhook_processing_seconds_bucket{le="+Inf"} 2')
    expect(text).toContain('supportbar_webhook_processing_seconds_count 2')
    const labels = 'campaign="news",month="2026-06",currency="USD"'
    expect(text).toContain(`supportbar_campaign_month_pledged_minor{${labels}} 136000`)
    expect(text).toContain(`supportbar_campaign_month_goal_minor{${labels}} 500000`)
    expect(text).toContain(`supportbar_campaign_month_donations{${labels}} 1`)
  })

  it('uses the configured LOG_LEVEL when no logger is passed', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
    const quiet = await makeTestApp({ env: { LOG_LEVEL: 'warn' } })
    const loud = await makeTestApp({ env: { LOG_LEVEL: 'debug' } })
    try {
      await quiet.app.request('/healthz')
      expect(spy).not.toHaveBeenCalled()
      await loud.app.request('/healthz')
      expect(spy).toHaveBeenCalledTimes(1)
      expect(JSON.parse(String(spy.mock.calls[0]?.[0]))).toMatchObject({
        msg: 'request',
        route: '/healthz',
      })
    } finally {
      spy.mockRestore()
      await quiet.close()
      await loud.close()
    }
  })
})
