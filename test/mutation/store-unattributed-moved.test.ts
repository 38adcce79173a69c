import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  appendEntryQueries,
  type NewEntry,
  newEntryId,
  unattributed,
} from '../../src/store/ledger.js'
import { makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'

/**
 * Money kept aside leaves the unattributed list only once counted elsewhere: moved into a
 * campaign (a counted move-in) or converted later from its balance transaction (a counted
 * `convert:` entry). Any other counted entry naming it as its source does not take it off.
 */

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
})
afterEach(() => t.close())

/** Stripe money of pi_<n> kept aside (no campaign). */
const aside = (n: number): NewEntry => ({
  entryKey: `stripe:payment:pi_${n}`,
  campaign: null,
  month: null,
  kind: 'payment',
  amount: 2500,
  currency: 'USD',
  counted: false,
  donation: 1,
  donor: null,
  source: 'stripe',
  sourceId: `pi_${n}`,
  paymentRef: `pi_${n}`,
  note: null,
  actor: null,
  eventId: null,
  data: null,
  occurredAt: '2026-06-10T12:00:00.000Z',
})
/** A counted entry in news, June, made from the entry of pi_<n>. */
const from = (n: number, entryKey: string, kind: NewEntry['kind']): NewEntry => ({
  ...aside(n),
  entryKey,
  kind,
  campaign: 'news',
  month: '2026-06',
  counted: true,
  donation: 0,
  sourceId: `stripe:payment:pi_${n}`,
})
const append = (e: NewEntry) =>
  t.store.atomic(appendEntryQueries(t.store, e, newEntryId(), '2026-06-10T12:00:01.000Z'))

describe('unattributed, once money is counted elsewhere', () => {
  it('drops money moved into a campaign or converted, and keeps the rest', async () => {
    for (const n of [1, 2, 3, 4]) await append(aside(n))
    await append(from(1, 'move:stripe:payment:pi_1:in', 'assignment'))
    await append(from(2, 'convert:stripe:payment:pi_2', 'payment'))
    // Counted entries naming pi_3 that neither move it in nor convert it.
    await append(from(3, 'move:stripe:payment:pi_3:out', 'assignment'))
    await append(from(3, 'donor:stripe:payment:pi_3:1:in', 'assignment'))
    const keys = (await unattributed(t.store)).map((r) => r.entry_key).sort()
    expect(keys).toEqual(['stripe:payment:pi_3', 'stripe:payment:pi_4'])
  })
})
