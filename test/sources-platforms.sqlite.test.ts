import { afterEach, describe, expect, it } from 'vitest'
import {
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import { shuffled } from './support/paypal-month.js'
import { progress } from './support/paypal-rig.js'
import {
  bmcDelivery,
  bmcEvent,
  type Delivery,
  deliver,
  githubDelivery,
  kofiData,
  kofiDelivery,
  sourcesEnv,
  sponsorship,
} from './support/source-events.js'

/**
 * Each built source's money, delivered shuffled and duplicated, counts exactly once: GitHub
 * Sponsors (one synthetic charge per sponsor and month), Ko-fi (per transaction), Buy Me a
 * Coffee (donations, their refunds, memberships). Payload sources: test/support/source-events.ts.
 */

const clock = fixedClock('2026-11-20T12:00:00Z')

async function app() {
  const t = await makeTestApp({ env: sourcesEnv(), deps: { signatureClock: clock } })
  expect(
    (await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })).status,
  ).toBe(201)
  return t
}

async function run(t: TestApp, ds: Delivery[]) {
  const outcomes: string[] = []
  for (const d of ds) {
    const res = await deliver(t, d)
    expect(res.status, await res.clone().text()).toBe(200)
    outcomes.push(((await res.json()) as { outcome: string }).outcome)
  }
  return outcomes
}

const keys = async (t: TestApp) =>
  (
    await t.store.db
      .selectFrom('ledger_entries')
      .select(['entry_key', 'amount', 'month'])
      .orderBy('entry_key')
      .execute()
  ).map((r) => `${r.entry_key} ${r.amount} ${r.month}`)

describe('GitHub Sponsors', () => {
  let t: TestApp
  afterEach(() => t.close())

  it('counts one charge per sponsor and month, once however the events arrive', async () => {
    t = await app()
    const a = 'MDExOlNwb25zb3JzaGlwMQ=='
    const b = 'MDExOlNwb25zb3JzaGlwMg=='
    const events = [
      githubDelivery(sponsorship('created', a, { cents: 500 }), 'd-a1'),
      // The same sponsorship re-sent under a new delivery: the same charge.
      githubDelivery(sponsorship('created', a, { cents: 500 }), 'd-a2'),
      // A change of tier in the month already charged: no second charge that month.
      githubDelivery(sponsorship('tier_changed', a, { cents: 1000, fromCents: 500 }), 'd-a3'),
      githubDelivery(
        sponsorship('pending_tier_change', a, { cents: 500, fromCents: 1000 }),
        'd-a4',
      ),
      githubDelivery(
        sponsorship('created', b, {
          cents: 2500,
          oneTime: true,
          createdAt: '2026-11-13T08:00:00Z',
        }),
        'd-b1',
      ),
      githubDelivery(sponsorship('cancelled', b, { cents: 2500, oneTime: true }), 'd-b2'),
    ]
    const all = shuffled([...events, ...events], 23)
    const outcomes = await run(t, all)
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(events.length)
    expect(await keys(t)).toEqual([
      `github:payment:${a}:2026-11 500 2026-11`,
      `github:payment:${b} 2500 2026-11`,
    ])
    const p = await progress(t, 'news')
    expect(p).toMatchObject({ pledged: 3000, donations: 2 })
    expect(p.bySource.github).toEqual({ pledged: 3000, donations: 2, verified: false })
    // The monthly sponsor is a monthly supporter at the tier it changed to; the one-time is not.
    expect(p.recurring).toEqual({ supporters: 1, monthly: 1000 })
    await expectTotalsMatchLedger(t.store)
  })

  it("counts the next month's charge when the tier changes then, and ends the supporter when cancelled", async () => {
    t = await app()
    const a = 'MDExOlNwb25zb3JzaGlwMw=='
    await run(t, [githubDelivery(sponsorship('created', a, { cents: 500 }), 'd-1')])
    clock.set('2026-12-15T12:00:00Z')
    try {
      const changed = githubDelivery(
        sponsorship('tier_changed', a, { cents: 1000, fromCents: 500 }),
        'd-2',
      )
      expect(await run(t, [changed, changed])).toEqual(['processed', 'duplicate'])
      expect((await progress(t, 'news', '2026-12')).bySource.github).toMatchObject({
        pledged: 1000,
        donations: 1,
      })
      clock.set('2026-12-20T12:00:00Z')
      await run(t, [githubDelivery(sponsorship('cancelled', a, { cents: 1000 }), 'd-3')])
      expect((await progress(t, 'news', '2026-12')).recurring).toEqual({
        supporters: 0,
        monthly: 0,
      })
      expect((await progress(t, 'news')).pledged).toBe(500)
    } finally {
      clock.set('2026-11-20T12:00:00Z')
    }
  })

  it('keeps a signed sponsorship without its tier as rejected (400)', async () => {
    t = await app()
    const e = sponsorship('created', 'MDExOlNwb25zb3JzaGlwNA==') as {
      sponsorship: Record<string, unknown>
    }
    delete e.sponsorship.tier
    const res = await deliver(t, githubDelivery(e, 'd-bad'))
    expect(res.status).toBe(400)
    const rows = await t.store.db.selectFrom('webhook_events').select('status').execute()
    expect(rows).toEqual([{ status: 'rejected' }])
    expect(await keys(t)).toEqual([])
  })
})

describe('Ko-fi', () => {
  let t: TestApp
  afterEach(() => t.close())

  it('counts each transaction once in minor units of its currency, retries and all', async () => {
    t = await app()
    const events = [
      kofiDelivery(kofiData('m-1', 'k-1', '3.00')),
      kofiDelivery(kofiData('m-2', 'k-2', '5', { type: 'Subscription', subscription: true })),
      kofiDelivery(kofiData('m-3', 'k-3', '12.5', { type: 'Shop Order' })),
      kofiDelivery(kofiData('m-4', 'k-4', '0.10', { type: 'Commission' })),
      // Another currency than the campaign's: kept aside, never counted as dollars.
      kofiDelivery(kofiData('m-5', 'k-5', '1000', { currency: 'JPY' })),
    ]
    const outcomes = await run(t, shuffled([...events, ...events], 7))
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(events.length)
    const p = await progress(t, 'news')
    expect(p).toMatchObject({ pledged: 300 + 500 + 1250 + 10, donations: 4 })
    expect(p.bySource.kofi).toEqual({ pledged: 2060, donations: 4, verified: false })
    const jpy = await t.store.db
      .selectFrom('ledger_entries')
      .select(['amount', 'currency', 'counted'])
      .where('entry_key', '=', 'kofi:payment:k-5')
      .execute()
    expect(jpy.map((r) => ({ ...r, counted: Number(r.counted) }))).toEqual([
      { amount: 1000, currency: 'JPY', counted: 0 },
    ])
    await expectTotalsMatchLedger(t.store)
  })

  it('refuses an amount finer than the currency (400) and counts nothing', async () => {
    t = await app()
    const res = await deliver(t, kofiDelivery(kofiData('m-9', 'k-9', '3.001')))
    expect(res.status).toBe(400)
    expect(await keys(t)).toEqual([])
  })
})

describe('Buy Me a Coffee', () => {
  let t: TestApp
  afterEach(() => t.close())

  it('counts donations, their refunds and one charge per member and month, once', async () => {
    t = await app()
    const events = [
      bmcDelivery(bmcEvent('donation.created', 1, 58, 5)),
      bmcDelivery(bmcEvent('donation.created', 2, 59, '15.00')),
      bmcDelivery(bmcEvent('donation.refunded', 3, 59, '15.00')),
      bmcDelivery(bmcEvent('membership.started', 4, 7, 10)),
      bmcDelivery(bmcEvent('membership.updated', 5, 7, 20, { created: 1794800000 })),
      bmcDelivery(bmcEvent('donation.created', 6, 60, 3, { live: false })),
    ]
    const outcomes = await run(t, shuffled([...events, ...events], 11))
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(events.length)
    expect(await keys(t)).toEqual([
      'buymeacoffee:payment:58 500 2026-11',
      'buymeacoffee:payment:59 1500 2026-11',
      'buymeacoffee:payment:membership-7:2026-11 1000 2026-11',
      'buymeacoffee:refund:59 -1500 2026-11',
    ])
    const p = await progress(t, 'news')
    // A refund takes the money back, not the gift (as Stripe's and PayPal's refunds).
    expect(p.bySource.buymeacoffee).toEqual({ pledged: 1500, donations: 3, verified: false })
    expect(p.recurring).toEqual({ supporters: 1, monthly: 2000 })
    await run(t, [bmcDelivery(bmcEvent('membership.cancelled', 7, 7, 20, { created: 1794900000 }))])
    expect((await progress(t, 'news')).recurring).toEqual({ supporters: 0, monthly: 0 })
    await expectTotalsMatchLedger(t.store)
  })
})
