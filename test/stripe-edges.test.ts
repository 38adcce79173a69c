import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import type { Logger } from '../src/log.js'
import { at, envelope, gift, pi, post, re, sid } from './stripe-configs/events.js'
import {
  expectError,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'
import { webhookEnv } from './support/stripe-events.js'

const NOW = new Date('2026-09-01T12:00:00Z')
const nowS = Math.floor(NOW.getTime() / 1000)
let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

async function app(env: Record<string, string> = {}, logger?: Logger) {
  t = await makeTestApp({
    env: { ...webhookEnv, ...env },
    deps: { signatureClock: () => new Date(NOW), ...(logger ? { logger } : {}) },
  })
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  return t
}
const paid = (created = at('2026-08-31T15:00:00Z')) =>
  envelope(
    'payment_intent.succeeded',
    pi(gift({ amount: 1000, currency: 'usd', created, campaign: 'news' })),
    created,
  )
const pledged = async (a: TestApp) =>
  (
    (await (await a.app.request('/api/campaigns/news/progress?month=2026-08')).json()) as {
      pledged: number
    }
  ).pledged

describe('signature tolerance: 300 s either way of the clock', () => {
  it.each([
    [-300, 200],
    [-301, 400],
    [300, 200],
    [301, 400],
  ])('a timestamp %i s from now answers %i', async (offset, status) => {
    const a = await app()
    const before = await snapshot(a.store)
    const res = await post((p, i) => a.app.request(p, i), paid(), nowS + offset)
    if (status === 400) {
      await expectError(res, 400, 'stale_timestamp')
      expect(await snapshot(a.store)).toEqual(before)
    } else {
      expect(res.status).toBe(200)
      expect(await pledged(a)).toBe(1000)
    }
  })

  it('a future timestamp under a wrong secret is an invalid signature, not a stale one', async () => {
    const a = await app()
    const body = JSON.stringify(paid())
    const { sign } = await import('./support/stripe-events.js')
    const res = await a.app.request('/webhooks/stripe', {
      method: 'POST',
      headers: { 'Stripe-Signature': sign(body, 'whsec_not_ours_0123', nowS + 900) },
      body,
    })
    await expectError(res, 400, 'invalid_signature')
  })
})

describe('test and live mode', () => {
  it.each([
    [{ STRIPE_SECRET_KEY: 'sk_live_abc' }, true, 'key'],
    [{ STRIPE_SECRET_KEY: 'rk_live_abc' }, true, 'key'],
    [{ STRIPE_SECRET_KEY: 'sk_test_abc' }, false, 'key'],
    [{ STRIPE_SECRET_KEY: 'rk_test_abc' }, false, 'key'],
    [{ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_LIVEMODE: 'false' }, false, 'setting'],
    [{ STRIPE_LIVEMODE: 'true' }, true, 'setting'],
    [{}, undefined, 'none'],
  ])('%o: livemode %s from %s', (env, livemode, source) => {
    const config = parseConfig({ DATABASE_URL: 'file:x.db', ...env })
    expect(config.stripeLivemode).toBe(livemode)
    expect(config.stripeModeSource).toBe(source)
  })

  it.each([
    ['sk_live_abc', true, 1000, 0],
    ['sk_test_abc', true, 0, 1000],
  ])(
    'with key %s, a livemode %s event counts %i and one of the other mode %i',
    async (key, _l, live, test) => {
      const a = await app({ STRIPE_SECRET_KEY: key })
      const req = (p: string, i?: RequestInit) => a.app.request(p, i)
      const created = at('2026-08-31T15:00:00Z')
      const liveE = envelope(
        'payment_intent.succeeded',
        pi(gift({ amount: 1000, currency: 'usd', created, campaign: 'news' })),
        created,
        { livemode: true },
      )
      expect((await post(req, liveE, nowS)).status).toBe(200)
      expect(await pledged(a)).toBe(live)
      const testE = envelope(
        'payment_intent.succeeded',
        pi(gift({ amount: 1000, currency: 'usd', created, campaign: 'news' })),
        created,
        { livemode: false },
      )
      expect((await post(req, testE, nowS)).status).toBe(200)
      expect(await pledged(a)).toBe(live + test)
      const events = (await (
        await a.call('GET', '/api/admin/stripe/events?status=ignored')
      ).json()) as { events: { id: string; error: string }[] }
      expect(events.events.map((e) => e.id)).toEqual([live ? testE.id : liveE.id])
    },
  )

  it('with neither key nor setting both modes count, and the service says so at start and on the console', async () => {
    const warnings: string[] = []
    const logger: Logger = {
      level: 'debug',
      enabled: () => true,
      debug: () => undefined,
      info: () => undefined,
      warn: (msg) => void warnings.push(msg),
      error: () => undefined,
    }
    const a = await app({}, logger)
    expect(warnings.join('\n')).toMatch(/both count/)
    const req = (p: string, i?: RequestInit) => a.app.request(p, i)
    for (const livemode of [true, false]) {
      const created = at('2026-08-31T15:00:00Z')
      const e = envelope(
        'payment_intent.succeeded',
        pi(gift({ amount: 500, currency: 'usd', created, campaign: 'news' })),
        created,
        { livemode },
      )
      expect((await post(req, e, nowS)).status).toBe(200)
    }
    expect(await pledged(a)).toBe(1000)
    const setup = (await (await a.call('GET', '/api/admin/stripe/setup')).json()) as {
      mode: string
      warning: string
    }
    expect(setup).toMatchObject({ mode: 'both' })
    expect(setup.warning).toMatch(/STRIPE_LIVEMODE/)
  })
})

describe('fields are never coerced: 400, stored as rejected, counts nothing', () => {
  const created = at('2026-08-31T15:00:00Z')
  const g = () => gift({ amount: 1000, currency: 'usd', created, campaign: 'news' })
  const cases: [string, () => ReturnType<typeof envelope>][] = [
    [
      'livemode "true"',
      () => envelope('payment_intent.succeeded', pi(g()), created, { livemode: 'true' }),
    ],
    ['livemode 1', () => envelope('payment_intent.succeeded', pi(g()), created, { livemode: 1 })],
    [
      'livemode null',
      () => envelope('payment_intent.succeeded', pi(g()), created, { livemode: null }),
    ],
    [
      'amount_received "1000"',
      () => envelope('payment_intent.succeeded', pi(g(), { amount_received: '1000' }), created),
    ],
    [
      'amount_received 10.5',
      () => envelope('payment_intent.succeeded', pi(g(), { amount_received: 10.5 }), created),
    ],
    [
      'refund amount true',
      () =>
        envelope(
          'refund.created',
          { ...re(g(), sid('re'), 1, null, created), amount: true },
          created,
        ),
    ],
    [
      'refund amount "5"',
      () =>
        envelope(
          'refund.created',
          { ...re(g(), sid('re'), 1, null, created), amount: '5' },
          created,
        ),
    ],
    [
      'a 256-char PaymentIntent id',
      () =>
        envelope('payment_intent.succeeded', pi({ ...g(), pi: `pi_${'x'.repeat(253)}` }), created),
    ],
    [
      'a 256-char refund id',
      () =>
        envelope('refund.created', re(g(), `re_${'x'.repeat(253)}`, 100, null, created), created),
    ],
    [
      'a 256-char campaign slug',
      () =>
        envelope('payment_intent.succeeded', pi({ ...g(), campaign: 'c'.repeat(256) }), created),
    ],
    [
      'an account that is no acct_ id',
      () => envelope('payment_intent.succeeded', pi(g()), created, { account: 'x'.repeat(300) }),
    ],
  ]
  it.each(cases)('%s', async (_name, make) => {
    const a = await app()
    const e = make()
    const res = await post((p, i) => a.app.request(p, i), e, nowS)
    await expectError(res, 400, 'invalid_payload')
    expect(await pledged(a)).toBe(0)
    const rows = await a.store.db.selectFrom('webhook_events').selectAll().execute()
    expect(rows.map((r) => [r.id, r.status])).toEqual([[e.id, 'rejected']])
    expect(await a.store.db.selectFrom('ledger_entries').selectAll().execute()).toEqual([])
    expect(await a.store.db.selectFrom('stripe_parked').selectAll().execute()).toEqual([])
  })

  it('a 255-char id is still an id', async () => {
    const a = await app()
    const e = envelope(
      'payment_intent.succeeded',
      pi({ ...g(), pi: `pi_${'x'.repeat(252)}` }),
      created,
    )
    expect((await post((p, i) => a.app.request(p, i), e, nowS)).status).toBe(200)
    expect(await pledged(a)).toBe(1000)
  })
})

describe('API versions', () => {
  it.each([
    '2024-06-20',
    '2024-09-30.acacia',
    '2025-02-24.acacia',
    '2025-03-31.basil',
    '2025-09-30.clover',
    '2026-03-25.dahlia',
    '2026-10-28.endive',
  ])('reads events of %s', async (apiVersion) => {
    const a = await app()
    const created = at('2026-08-31T15:00:00Z')
    const e = envelope(
      'payment_intent.succeeded',
      pi(gift({ amount: 700, currency: 'usd', created, campaign: 'news' })),
      created,
      { apiVersion },
    )
    expect((await post((p, i) => a.app.request(p, i), e, nowS)).status).toBe(200)
    expect(await pledged(a)).toBe(700)
  })

  it('counts refusals by version in /metrics', async () => {
    const a = await app()
    const created = at('2026-08-31T15:00:00Z')
    const e = envelope(
      'payment_intent.succeeded',
      pi(gift({ amount: 700, currency: 'usd', created, campaign: 'news' })),
      created,
      { apiVersion: '2023-10-16' },
    )
    await expectError(
      await post((p, i) => a.app.request(p, i), e, nowS),
      400,
      'unsupported_api_version',
    )
    const metrics = await a.call('GET', '/metrics')
    expect(await metrics.text()).toContain(
      'supportbar_webhook_unsupported_api_version_total{version="2023-10-16"} 1',
    )
  })
})
