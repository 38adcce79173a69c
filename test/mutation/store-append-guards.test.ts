import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendEntryQueries, type NewEntry, newEntryId } from '../../src/store/ledger.js'
import { makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'

/**
 * What appending an entry folds into the month: nothing for counted money without a campaign
 * or a month (no month to add it to), and a donor's net donations only for a donation (a
 * payment with a donor), never a row for a refund or for money without a donor.
 */

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
})
afterEach(() => t.close())

const base: NewEntry = {
  entryKey: 'stripe:payment:pi_1',
  campaign: 'news',
  month: '2026-06',
  kind: 'payment',
  amount: 2500,
  currency: 'USD',
  counted: true,
  donation: 1,
  donor: null,
  source: 'stripe',
  sourceId: 'pi_1',
  paymentRef: 'pi_1',
  note: null,
  actor: null,
  eventId: null,
  data: null,
  occurredAt: '2026-06-10T12:00:00.000Z',
}
const append = (e: Partial<NewEntry>) =>
  t.store.atomic(
    appendEntryQueries(t.store, { ...base, ...e }, newEntryId(), '2026-06-10T12:00:01.000Z'),
  )
const totals = () =>
  t.store.db
    .selectFrom('month_totals')
    .select(['month', 'pledged', 'donations', 'donors', 'entries'])
    .orderBy('month')
    .execute()
const donors = () =>
  t.store.db.selectFrom('month_donors').select(['donor', 'n']).orderBy('donor').execute()
const entries = () =>
  t.store.db.selectFrom('ledger_entries').select('entry_key').orderBy('entry_key').execute()

describe('counted money without a campaign or a month', () => {
  it('is stored and adds to no month', async () => {
    await append({ campaign: null, donor: 'd1' })
    await append({ entryKey: 'stripe:payment:pi_2', month: null, donor: 'd2' })
    expect(await entries()).toEqual([
      { entry_key: 'stripe:payment:pi_1' },
      { entry_key: 'stripe:payment:pi_2' },
    ])
    expect(await totals()).toEqual([])
    expect(await donors()).toEqual([])
  })
})

describe("a donor's net donations", () => {
  it('are kept for a donation, not for a payment without a donor nor for a refund', async () => {
    await append({ donor: null })
    await append({ entryKey: 'stripe:payment:pi_2', donor: 'd2' })
    await append({
      entryKey: 'stripe:refund:re_3',
      kind: 'refund',
      amount: -500,
      donation: 0,
      donor: 'd3',
    })
    expect(await totals()).toEqual([
      { month: '2026-06', pledged: 4500, donations: 2, donors: 1, entries: 3 },
    ])
    expect(await donors()).toEqual([{ donor: 'd2', n: 1 }])
  })
})
