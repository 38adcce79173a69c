import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectError, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'
import { donation, event, paymentIntent, sign, unix, webhookEnv } from './support/stripe-events.js'

describe('a signed body that cannot be a Stripe event', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await makeTestApp({ env: webhookEnv })
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
  })
  afterEach(() => t.close())

  const post = (body: string) =>
    t.app.request('/webhooks/stripe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': sign(body) },
      body,
    })
  const d = donation({ amount: 1000, created: unix('2026-06-01T12:00:00Z') })
  const pi = (over: Record<string, unknown>) =>
    JSON.stringify(
      event(
        'payment_intent.succeeded',
        { ...paymentIntent(d), ...over },
        unix('2026-06-01T12:00:01Z'),
      ),
    )

  const cases: [string, string][] = [
    ['null', 'null'],
    ['a number', '5'],
    ['an array', '[{"id":"evt_1","type":"payment_intent.succeeded"}]'],
    ['no id', '{"type":"payment_intent.succeeded","created":1780000000,"data":{"object":{}}}'],
    ['no type', '{"id":"evt_notype","created":1780000000,"data":{"object":{}}}'],
    ['a negative amount', pi({ amount_received: -500 })],
    ['an amount above 99999999', pi({ amount_received: 100_000_000 })],
    ['a fractional amount', pi({ amount_received: 10.5 })],
    ['created out of range', JSON.stringify({ ...JSON.parse(pi({})), created: 1 })],
    ['a payment time out of range', pi({ created: 99_999_999_999 })],
    ['no data.object', '{"id":"evt_nodata","type":"invoice.paid","created":1780000000}'],
  ]

  it.each(cases)('answers 400 to %s, stores it as rejected, counts nothing', async (_, body) => {
    await expectError(await post(body), 400, 'invalid_payload')
    // The same body again: still 400, still one row.
    await expectError(await post(body), 400, 'invalid_payload')
    const rows = await t.store.db
      .selectFrom('webhook_events')
      .select(['id', 'status', 'error'])
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.status).toBe('rejected')
    expect(rows[0]?.error).toMatch(/Stripe event|shape|range|data\.object/)
    expect(await t.store.db.selectFrom('ledger_entries').selectAll().execute()).toEqual([])
    expect(await t.store.db.selectFrom('month_totals').selectAll().execute()).toEqual([])
    const listed = await t.call('GET', '/api/admin/stripe/events?status=rejected')
    expect(((await listed.json()) as { events: unknown[] }).events).toHaveLength(1)
  })

  it('never lets a rejection overwrite an event processed under the same id', async () => {
    const good = JSON.parse(pi({})) as { id: string }
    const res = await post(JSON.stringify(good))
    expect(res.status).toBe(200)
    await expectError(await post(JSON.stringify({ ...good, created: 1 })), 400, 'invalid_payload')
    const row = await t.store.db.selectFrom('webhook_events').selectAll().executeTakeFirstOrThrow()
    expect(row.status).toBe('processed')
    expect((await t.store.db.selectFrom('ledger_entries').selectAll().execute()).length).toBe(1)
  })
})
