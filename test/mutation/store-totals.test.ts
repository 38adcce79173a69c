import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compareTotals, ledgerAggregates, recompute, storedTotals } from '../../src/store/totals.js'
import { makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { appendStripeEntry } from './store-fixtures.js'

/**
 * Month totals against the ledger, scoped to one month, with stored months the ledger knows
 * nothing of, and rebuilt by recompute without extra statements (as a script would call it).
 */

let t: TestApp

/** Month totals in month order (the stored ones come in no promised order). */
const byMonth = <T extends { month: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.month.localeCompare(b.month))

const may = {
  campaign: 'news',
  month: '2026-05',
  pledged: 2500,
  fees: 0,
  donations: 1,
  donors: 1,
  entries: 1,
}
// 1,000 + 300 - 400 (a refund) + 700 (an adjustment): two donations by two donors, four entries;
// fees of 59 and 3 on the payments (the refund's 0 known, the adjustment's none).
const june = {
  campaign: 'news',
  month: '2026-06',
  pledged: 1600,
  fees: 62,
  donations: 2,
  donors: 2,
  entries: 4,
}

beforeEach(async () => {
  t = await makeTestApp()
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  const pay = { kind: 'payment', donation: 1 } as const
  await appendStripeEntry(t.store, {
    ...pay,
    key: 'p1',
    month: '2026-05',
    amount: 2500,
    donor: 'd1',
  })
  await appendStripeEntry(t.store, {
    ...pay,
    key: 'p2',
    month: '2026-06',
    amount: 1000,
    donor: 'd2',
    fee: 59,
  })
  await appendStripeEntry(t.store, {
    ...pay,
    key: 'p3',
    month: '2026-06',
    amount: 300,
    donor: 'd3',
    fee: 3,
  })
  await appendStripeEntry(t.store, {
    key: 'r2',
    month: '2026-06',
    kind: 'refund',
    amount: -400,
    donation: 0,
    donor: 'd2',
    fee: 0,
  })
  const adjust = { month: '2026-06', amount: 700, reason: 'cheque' }
  expect((await t.call('POST', '/api/admin/campaigns/news/adjustments', adjust)).status).toBe(201)
})

afterEach(async () => {
  await t.close()
})

const setPledged = (month: string, pledged: number) =>
  t.store.db.updateTable('month_totals').set({ pledged }).where('month', '=', month).execute()

describe('one month', () => {
  it("reads that month's totals from the ledger and as stored, and finds them equal", async () => {
    expect(await ledgerAggregates(t.store, 'news', '2026-06')).toEqual([june])
    expect(await storedTotals(t.store, 'news', '2026-06')).toEqual([june])
    expect(await compareTotals(t.store, 'news', '2026-06')).toEqual([])
    expect(byMonth(await ledgerAggregates(t.store))).toEqual([may, june])
  })

  it('reports a difference in that month only', async () => {
    await setPledged('2026-05', 1)
    await setPledged('2026-06', 2)
    expect(await compareTotals(t.store, 'news', '2026-06')).toEqual([
      { campaign: 'news', month: '2026-06', stored: { ...june, pledged: 2 }, ledger: june },
    ])
  })

  it('rebuilds that month only', async () => {
    await setPledged('2026-05', 1)
    await setPledged('2026-06', 2)
    const result = await recompute(
      t.store,
      '2026-07-01T00:00:00.000Z',
      'news',
      undefined,
      '2026-06',
    )
    expect(result.differences.map((d) => d.month)).toEqual(['2026-06'])
    expect(result.months).toBe(1)
    expect(byMonth(await storedTotals(t.store, 'news'))).toEqual([{ ...may, pledged: 1 }, june])
    // The admin API rebuilds the other month the same way.
    const res = await t.call('POST', '/api/admin/recompute?campaign=news&month=2026-05')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      months: 1,
      differences: [
        { campaign: 'news', month: '2026-05', stored: { ...may, pledged: 1 }, ledger: may },
      ],
    })
    expect(await compareTotals(t.store)).toEqual([])
  })
})

describe('every counted field', () => {
  it.each(['pledged', 'fees', 'donations', 'donors', 'entries'] as const)(
    'a stored %s that differs from the ledger is a difference',
    async (field) => {
      await t.store.db
        .updateTable('month_totals')
        .set({ [field]: 99 })
        .where('month', '=', '2026-06')
        .execute()
      expect(await compareTotals(t.store)).toEqual([
        { campaign: 'news', month: '2026-06', stored: { ...june, [field]: 99 }, ledger: june },
      ])
    },
  )
})

describe('a stored month the ledger has no entries for', () => {
  it.each(['pledged', 'fees', 'donations', 'donors', 'entries'] as const)(
    'is a difference when only its %s is not zero',
    async (field) => {
      const row = { pledged: 0, fees: 0, donations: 0, donors: 0, entries: 0, [field]: 3 }
      await t.store.db
        .insertInto('month_totals')
        .values({
          campaign: 'news',
          month: '2026-02',
          ...row,
          updated_at: '2026-07-01T00:00:00.000Z',
        })
        .execute()
      expect(await compareTotals(t.store)).toEqual([
        {
          campaign: 'news',
          month: '2026-02',
          stored: { campaign: 'news', month: '2026-02', ...row },
          ledger: null,
        },
      ])
    },
  )

  const stored = (month: string, pledged: number, entries: number) =>
    t.store.db
      .insertInto('month_totals')
      .values({
        campaign: 'news',
        month,
        pledged,
        donations: 0,
        donors: 0,
        entries,
        updated_at: '2026-07-01T00:00:00.000Z',
      })
      .execute()

  it('is a difference when it holds money, not when it is all zero', async () => {
    await stored('2026-04', 700, 1)
    await stored('2026-03', 0, 0)
    const april = {
      campaign: 'news',
      month: '2026-04',
      pledged: 700,
      fees: 0,
      donations: 0,
      donors: 0,
      entries: 1,
    }
    expect(await compareTotals(t.store)).toEqual([
      { campaign: 'news', month: '2026-04', stored: april, ledger: null },
    ])
    expect(await compareTotals(t.store, 'news')).toHaveLength(1)
  })

  it('comes in month order among the months the ledger has', async () => {
    await stored('2026-04', 700, 1)
    await setPledged('2026-06', 2)
    await setPledged('2026-05', 1)
    expect((await compareTotals(t.store)).map((d) => d.month)).toEqual([
      '2026-04',
      '2026-05',
      '2026-06',
    ])
  })

  it('is removed by a rebuild, which counts the months the ledger has', async () => {
    await stored('2026-04', 700, 1)
    await stored('2026-03', 0, 0)
    const result = await recompute(t.store, '2026-07-01T00:00:00.000Z', 'news')
    expect(result.months).toBe(2)
    expect(result.differences).toEqual([
      expect.objectContaining({ month: '2026-04', ledger: null }),
    ])
    expect(byMonth(await storedTotals(t.store))).toEqual([may, june])
    expect(await compareTotals(t.store)).toEqual([])
  })
})
