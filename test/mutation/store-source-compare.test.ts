import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compareTotals } from '../../src/store/totals.js'
import { makeTestApp, type TestApp } from '../support/harness.js'
import { addCampaigns, writeTwoProviders } from '../support/source-totals.js'

/**
 * src/store/totals.ts, compareTotals on month_source_totals: which stored provider rows count
 * as a difference from the ledger. An all-zero row reads as no row (a read shows a provider with
 * none as zeros); a row with any figure not zero, a provider the ledger lacks, or one figure
 * changed is a difference.
 */

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
  await addCampaigns(t.store)
  await writeTwoProviders(t.store)
  expect(await compareTotals(t.store)).toEqual([])
})
afterEach(() => t.close())

const addRow = (provider: string, gross: number, fees: number, donations: number) =>
  t.store.db
    .insertInto('month_source_totals')
    .values({ campaign: 'news', month: '2026-06', provider, gross, fees, donations })
    .execute()
const june = (provider: string) =>
  t.store.db
    .updateTable('month_source_totals')
    .where('campaign', '=', 'news')
    .where('month', '=', '2026-06')
    .where('provider', '=', provider)

describe('a stored provider row the ledger does not have', () => {
  it('is no difference when all its figures are zero', async () => {
    await addRow('kofi', 0, 0, 0)
    expect(await compareTotals(t.store)).toEqual([])
  })

  it.each([
    ['gross', 5, 0, 0],
    ['fees', 0, 5, 0],
    ['donations', 0, 0, 1],
  ])('is a difference when only its %s is not zero', async (_f, gross, fees, donations) => {
    await addRow('kofi', gross, fees, donations)
    const found = await compareTotals(t.store)
    expect(found.map((d) => `${d.campaign} ${d.month}`)).toEqual(['news 2026-06'])
    expect(found[0]?.bySource?.stored.kofi).toEqual({ gross, fees, donations })
    expect(found[0]?.bySource?.ledger.kofi).toBeUndefined()
  })
})

describe('stored provider rows of a month the ledger has', () => {
  it('differ when as many providers are stored but not the same ones', async () => {
    // PayPal's row stands under another provider's name: two rows stored, two in the ledger.
    await june('paypal').set({ provider: 'kofi' }).execute()
    const found = await compareTotals(t.store)
    expect(found.map((d) => `${d.campaign} ${d.month}`)).toEqual(['news 2026-06'])
    expect(Object.keys(found[0]?.bySource?.stored ?? {}).sort()).toEqual(['kofi', 'stripe'])
    expect(Object.keys(found[0]?.bySource?.ledger ?? {}).sort()).toEqual(['paypal', 'stripe'])
  })

  it.each([
    ['gross', { gross: 1 }],
    ['fees', { fees: 1 }],
    ['donations', { donations: 7 }],
  ] as const)('differ when only the %s of one differs', async (_f, change) => {
    await june('stripe').set(change).execute()
    const found = await compareTotals(t.store)
    expect(found.map((d) => `${d.campaign} ${d.month}`)).toEqual(['news 2026-06'])
    expect(found[0]?.stored).toEqual(found[0]?.ledger)
    expect(found[0]?.bySource?.stored.stripe).toMatchObject(change)
    expect(found[0]?.bySource?.ledger.stripe).not.toMatchObject(change)
  })
})
