import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  expectError,
  expectTotalsMatchLedger,
  makeTestApp,
  snapshot,
  type TestApp,
} from './support/harness.js'
import { MONTH_TOTALS, month } from './support/paypal-month.js'
import { progress, rig, send, useFakePaypal, withCampaigns } from './support/paypal-rig.js'

useFakePaypal()

describe('PayPal backfill: the events list replayed through the same path', () => {
  let t: TestApp
  beforeEach(async () => {
    rig.fake.events = []
    rig.fake.failList = null
    t = await withCampaigns(rig.fake.env(), {
      deps: { clock: () => new Date('2026-11-30T00:00:00Z') },
    })
  })
  afterEach(async () => {
    await expectTotalsMatchLedger(t.store)
    await t.close()
  })

  it('counts what the webhooks missed, once, and a second run changes nothing', async () => {
    const events = month()
    rig.fake.events = events
    // Some arrived as webhooks; the others were missed while the service was down.
    for (const e of events.slice(0, 4)) await send(t, e)
    const tokens = rig.fake.tokenRequests
    const res = await t.call('POST', '/api/admin/paypal/backfill', {
      since: '2026-11-01T00:00:00Z',
    })
    expect(res.status, await res.clone().text()).toBe(200)
    const run = (await res.json()) as Record<string, unknown>
    expect(run).toMatchObject({
      seen: 11,
      duplicate: 4,
      failed: [],
      since: '2026-11-01T00:00:00.000Z',
    })
    expect(rig.fake.tokenRequests).toBe(tokens + 1)
    expect(await progress(t, 'news')).toMatchObject(MONTH_TOTALS.news)
    expect(await progress(t, 'radio')).toMatchObject(MONTH_TOTALS.radio)
    const again = (await (
      await t.call('POST', '/api/admin/paypal/backfill', { since: '2026-11-01T00:00:00Z' })
    ).json()) as Record<string, unknown>
    expect(again).toMatchObject({ seen: 11, duplicate: 11, processed: 0 })
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'paypal.backfill')
      .execute()
    expect(audit).toHaveLength(2)
  })

  it('answers 502 when PayPal fails and 503 when PayPal is not configured, changing nothing', async () => {
    rig.fake.events = month()
    rig.fake.failList = 500
    const before = await snapshot(t.store)
    await expectError(
      await t.call('POST', '/api/admin/paypal/backfill', { since: '2026-11-01T00:00:00Z' }),
      502,
      'payment_provider_error',
    )
    expect(await snapshot(t.store)).toEqual(before)
    const off = await makeTestApp({})
    await expectError(
      await off.call('POST', '/api/admin/paypal/backfill', { since: '2026-11-01T00:00:00Z' }),
      503,
      'unavailable',
    )
    await off.close()
  })
})
