import { afterEach, describe, expect, it } from 'vitest'
import {
  expectError,
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'
import { shuffled } from './support/paypal-month.js'
import { progress, radio } from './support/paypal-rig.js'
import { deliver, donorboxDelivery, donorboxDonation, sourcesEnv } from './support/source-events.js'

/**
 * Donorbox (src/sources/donorbox): signed `<ts>,<hex>` over `ts.body`, stale times refused, the
 * cumulative `amount_refunded` entered as its steps, and its own campaign id mapped by a
 * campaign's claim `donorbox:<id>`. Payloads: donorbox/donorbox-api README.md (see
 * test/support/source-events.ts).
 */

async function app() {
  const t = await makeTestApp({ env: sourcesEnv() })
  for (const c of [
    { ...newsCampaign, isDefault: true },
    { ...radio, currency: 'USD' },
  ]) {
    expect((await t.call('POST', '/api/admin/campaigns', c)).status).toBe(201)
  }
  return t
}

const keys = async (t: TestApp) =>
  (
    await t.store.db
      .selectFrom('ledger_entries')
      .select(['entry_key', 'amount', 'campaign', 'fee'])
      .orderBy('entry_key')
      .execute()
  ).map((r) => `${r.entry_key} ${r.amount} ${r.campaign} fee=${r.fee}`)

describe('Donorbox', () => {
  let t: TestApp
  afterEach(() => t.close())

  it('counts a donation once with its fee, and its cumulative refunds as their steps, in any order', async () => {
    t = await app()
    const levels = ['0.0', '20.0', '50.0', '20.0'].map((refunded) =>
      donorboxDelivery(donorboxDonation(1, '100.0', { refunded })),
    )
    for (const d of shuffled([...levels, ...levels], 5)) {
      const res = await deliver(t, d)
      expect(res.status, await res.clone().text()).toBe(200)
    }
    const entries = await keys(t)
    expect(entries[0]).toBe('donorbox:payment:1 10000 news fee=59')
    // However the levels arrived, the refunds add up to the highest level, each level once.
    const refunds = entries.slice(1).map((e) => Number(e.split(' ')[1]))
    expect(refunds.reduce((s, x) => s + x, 0)).toBe(-5000)
    expect(new Set(entries).size).toBe(entries.length)
    const p = await progress(t, 'news')
    expect(p).toMatchObject({ pledged: 5000, donations: 1 })
    expect(p.bySource.donorbox).toEqual({ pledged: 5000, donations: 1, verified: true })
    await expectTotalsMatchLedger(t.store)
  })

  it("places a donation by its Donorbox campaign's claim, else the source's claim, else the default", async () => {
    t = await app()
    expect(
      (await t.call('PATCH', '/api/admin/campaigns/radio', { sources: ['donorbox:777'] })).status,
    ).toBe(200)
    expect((await t.call('GET', '/api/admin/campaigns/radio')).json()).resolves.toMatchObject({
      sources: ['donorbox:777'],
    })
    for (const d of [
      donorboxDelivery(donorboxDonation(10, '30.0', { campaignId: 777 })),
      donorboxDelivery(donorboxDonation(11, '12.5', { campaignId: 888 })),
    ]) {
      expect((await deliver(t, d)).status).toBe(200)
    }
    expect((await progress(t, 'radio')).pledged).toBe(3000)
    expect((await progress(t, 'news')).pledged).toBe(1250)
    // A claim of another form is refused, changing nothing.
    const bad = await t.call('PATCH', '/api/admin/campaigns/news', { sources: ['donorbox:'] })
    expect(bad.status).toBe(422)
    expect(
      (await t.call('PATCH', '/api/admin/campaigns/news', { sources: ['donorbox:777'] })).status,
    ).toBe(409)
  })

  it('refuses a stale timestamp, a wrong signature and a missing one with 400, changing nothing', async () => {
    t = await app()
    const before = await snapshot(t.store)
    const d = donorboxDonation(20, '10.0')
    const now = Math.floor(Date.now() / 1000)
    await expectError(
      await deliver(t, donorboxDelivery(d, { ts: now - 600 })),
      400,
      'stale_timestamp',
    )
    await expectError(
      await deliver(t, donorboxDelivery(d, { ts: now + 600 })),
      400,
      'stale_timestamp',
    )
    await expectError(
      await deliver(t, donorboxDelivery(d, { secret: 'not-ours' })),
      400,
      'invalid_signature',
    )
    await expectError(
      await deliver(t, donorboxDelivery(d, { signature: null })),
      400,
      'missing_signature',
    )
    await expectError(
      await deliver(t, donorboxDelivery(d, { signature: 'v1=abc' })),
      400,
      'invalid_signature',
    )
    expect(await snapshot(t.store)).toEqual(before)
  })
})
