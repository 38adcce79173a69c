import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listEntries } from '../../src/store/ledger.js'
import { makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { appendStripeEntry } from './store-fixtures.js'

/** The ledger read by kind: the admin API's `kind` filter and the store's listEntries. */

let t: TestApp

beforeAll(async () => {
  t = await makeTestApp()
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  await appendStripeEntry(t.store, {
    key: 'pay-1',
    month: '2026-05',
    kind: 'payment',
    amount: 2500,
    donation: 1,
    donor: 'd1',
  })
  await appendStripeEntry(t.store, {
    key: 'pay-2',
    month: '2026-06',
    kind: 'payment',
    amount: 1000,
    donation: 1,
    donor: 'd2',
  })
  await appendStripeEntry(t.store, {
    key: 'refund-2',
    month: '2026-06',
    kind: 'refund',
    amount: -400,
    donation: 0,
    donor: 'd2',
  })
  const adjust = { month: '2026-06', amount: 700, reason: 'cheque' }
  expect((await t.call('POST', '/api/admin/campaigns/news/adjustments', adjust)).status).toBe(201)
})

afterAll(async () => {
  await t.close()
})

type Page = { entries: { kind: string; amount: number; month: string }[] }

const ledger = async (query: string) => {
  const res = await t.call('GET', `/api/admin/campaigns/news/ledger?${query}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as Page).entries.map((e) => `${e.month} ${e.kind} ${e.amount}`)
}

describe('the ledger by kind', () => {
  it('lists only the entries of the kind asked for', async () => {
    expect(await ledger('kind=payment')).toEqual(['2026-05 payment 2500', '2026-06 payment 1000'])
    expect(await ledger('kind=refund')).toEqual(['2026-06 refund -400'])
    expect(await ledger('kind=adjustment')).toEqual(['2026-06 adjustment 700'])
    expect(await ledger('kind=dispute_withdrawal')).toEqual([])
  })

  it('combines the kind with the month', async () => {
    expect(await ledger('kind=payment&month=2026-06')).toEqual(['2026-06 payment 1000'])
    expect(await ledger('month=2026-06')).toHaveLength(3)
  })

  it('filters the same way in the store, across campaigns', async () => {
    const rows = await listEntries(t.store, { kind: 'refund', limit: 10 })
    expect(rows.map((r) => [r.entry_key, r.kind, Number(r.amount)])).toEqual([
      ['refund-2', 'refund', -400],
    ])
    expect(await listEntries(t.store, { kind: 'payment', month: '2026-05', limit: 10 })).toEqual([
      expect.objectContaining({ entry_key: 'pay-1', kind: 'payment' }),
    ])
  })
})
