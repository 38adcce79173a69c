import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  appendEntryQueries,
  type NewEntry,
  newEntryId,
  paymentEntries,
  unattributed,
} from '../../src/store/ledger.js'
import { makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'

/** Money kept aside (the console's unattributed list) and a payment's own entries. */

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
})
afterEach(() => t.close())

const base: NewEntry = {
  entryKey: 'stripe:payment:pi_1',
  campaign: null,
  month: null,
  kind: 'payment',
  amount: 2500,
  currency: 'USD',
  counted: false,
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

describe('unattributed', () => {
  it("lists every provider's money kept aside, and no admin entry or assignment", async () => {
    await append({})
    await append({
      entryKey: 'paypal:payment:CAP1',
      source: 'paypal',
      sourceId: 'CAP1',
      paymentRef: 'paypal:CAP1',
    })
    await append({ entryKey: 'admin:adjustment:x', source: 'admin', paymentRef: null })
    await append({
      entryKey: 'assign:pi_9',
      kind: 'assignment',
      donation: 0,
      sourceId: 'stripe:payment:pi_9',
      paymentRef: 'pi_9',
    })
    await append({
      entryKey: 'stripe:payment:pi_2',
      campaign: 'news',
      month: '2026-06',
      counted: true,
      paymentRef: 'pi_2',
    })
    const keys = (await unattributed(t.store)).map((r) => r.entry_key).sort()
    expect(keys).toEqual(['paypal:payment:CAP1', 'stripe:payment:pi_1'])
  })
})

describe('paymentEntries', () => {
  it("reads a payment's entries, all of them or one kind", async () => {
    await append({ campaign: 'news', month: '2026-06', counted: true })
    await append({
      entryKey: 'stripe:refund:re_1',
      campaign: 'news',
      month: '2026-06',
      counted: true,
      kind: 'refund',
      amount: -500,
      donation: 0,
      sourceId: 're_1',
    })
    await append({ entryKey: 'stripe:payment:pi_2', sourceId: 'pi_2', paymentRef: 'pi_2' })
    expect((await paymentEntries(t.store, 'pi_1')).map((r) => r.entry_key)).toEqual([
      'stripe:payment:pi_1',
      'stripe:refund:re_1',
    ])
    expect((await paymentEntries(t.store, 'pi_1', 'refund')).map((r) => r.entry_key)).toEqual([
      'stripe:refund:re_1',
    ])
  })
})

describe('appendEntryQueries', () => {
  it('stores no data as SQL NULL and data as its JSON', async () => {
    await append({})
    await append({ entryKey: 'stripe:payment:pi_2', paymentRef: 'pi_2', data: { a: 1 } })
    const rows = await sql<{ entry_key: string; data: string | null }>`
      select entry_key, data from ledger_entries order by entry_key`.execute(t.store.db)
    expect(rows.rows).toEqual([
      { entry_key: 'stripe:payment:pi_1', data: null },
      { entry_key: 'stripe:payment:pi_2', data: '{"a":1}' },
    ])
  })
})
