import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compareTotals } from '../../src/store/totals.js'
import { makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { appendStripeEntry } from './store-fixtures.js'

/**
 * A month the ledger counts money in but whose stored totals are missing (lost, or never
 * written): compareTotals reports it with no stored side, whatever else the one comparison
 * statement returns for that month (the ledger's sums, its net donors).
 */

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
})
afterEach(() => t.close())

describe('a ledger month without stored totals', () => {
  it('is a difference with nothing stored, with or without donors', async () => {
    // May: a donation by one donor (the ledger has sums and a donor count for it).
    await appendStripeEntry(t.store, {
      key: 'p1',
      month: '2026-05',
      kind: 'payment',
      amount: 2500,
      donation: 1,
      donor: 'd1',
    })
    // July: a refund only (sums, but no donor counts: a refund is no donation).
    await appendStripeEntry(t.store, {
      key: 'r1',
      month: '2026-07',
      kind: 'refund',
      amount: -400,
      donation: 0,
      donor: 'd9',
    })
    expect(await compareTotals(t.store)).toEqual([])
    await t.store.db.deleteFrom('month_totals').execute()
    const ledger = (month: string, pledged: number, donations: number, donors: number) => ({
      campaign: 'news',
      month,
      pledged,
      fees: 0,
      donations,
      donors,
      entries: 1,
    })
    expect(await compareTotals(t.store)).toEqual([
      { campaign: 'news', month: '2026-05', stored: null, ledger: ledger('2026-05', 2500, 1, 1) },
      { campaign: 'news', month: '2026-07', stored: null, ledger: ledger('2026-07', -400, 0, 0) },
    ])
  })
})
