import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IncomingEvent, MoneyEffect } from '../../src/ingest/facts.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { toIncoming } from '../../src/stripe/incoming.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { checkoutSession, donation, event, paymentIntent, unix } from '../support/stripe-events.js'
import { money } from './ingest-fixtures.js'
import { recordingStore } from './ingest-recording-store.js'

/**
 * src/ingest/ingest.ts, the locks across processes (`store.exclusive`): where writers are not
 * meant to run at once, every event and admin move takes its keys; where writers are concurrent
 * (PostgreSQL), only an event with a running total (`cumulative`, Donorbox's refunds so far),
 * whose entry is the difference from what is counted, so two levels read at once would both
 * count it.
 */

const clock = fixedClock('2026-06-15T12:00:00Z')
const created = unix('2026-06-10T12:00:00Z')
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ deps: { clock } })
  const news = { ...newsCampaign, isDefault: true }
  expect((await t.call('POST', '/api/admin/campaigns', news)).status).toBe(201)
  const radio = { ...newsCampaign, slug: 'radio', name: 'Radio' }
  expect((await t.call('POST', '/api/admin/campaigns', radio)).status).toBe(201)
})
afterEach(() => t.close())

/** A Donorbox event about donation 77: its payment, or its refunds so far. */
const donorbox = (id: string, m: MoneyEffect): IncomingEvent => ({
  id: `donorbox:${id}`,
  provider: 'donorbox',
  type: 'donation',
  created,
  livemode: true,
  body: {},
  money: [m],
  facts: [],
})
const gift = money({
  entryKey: 'donorbox:payment:77',
  kind: 'payment',
  paymentRef: 'donorbox:77',
  amount: 5000,
  campaign: 'news',
  occurredAt: created,
  paymentCreated: created,
})
const refundedSoFar = (amount: number) =>
  money({
    entryKey: 'donorbox:refund:77',
    kind: 'refund',
    paymentRef: 'donorbox:77',
    amount: -amount,
    occurredAt: created,
    cumulative: true,
  })

const refundsOf77 = () =>
  t.store.db
    .selectFrom('ledger_entries')
    .select(['entry_key', 'amount'])
    .where('payment_ref', '=', 'donorbox:77')
    .where('kind', '=', 'refund')
    .orderBy('entry_key')
    .execute()

describe('where writers are concurrent (PostgreSQL-like)', () => {
  it('an event of plain money or of facts only takes no lock across processes', async () => {
    const { store, log } = recordingStore(t.store, { concurrentWriters: true, exclusive: true })
    const ingest = createIngest({ store, clock })
    const d = donation({ amount: 1500, created })
    const facts = toIncoming(event('checkout.session.completed', checkoutSession(d, 'radio')))
    expect(facts.money).toEqual([])
    expect((await ingest.event(facts)).outcome).toBe('processed')
    const paid = toIncoming(event('payment_intent.succeeded', paymentIntent(d)))
    expect((await ingest.event(paid)).outcome).toBe('processed')
    expect((await ingest.event(donorbox('gift', gift))).outcome).toBe('processed')
    expect(log.locks).toEqual([])
  })

  it('an event with a running total takes its keys across processes, and counts the difference', async () => {
    const { store, log } = recordingStore(t.store, { concurrentWriters: true, exclusive: true })
    const ingest = createIngest({ store, clock })
    await ingest.event(donorbox('gift', gift))
    await ingest.event(donorbox('r1', refundedSoFar(1500)))
    await ingest.event(donorbox('r2', refundedSoFar(2000)))
    expect(log.locks).toEqual([
      ['stripe:donorbox:r1', 'stripe:donorbox:77'],
      ['stripe:donorbox:r2', 'stripe:donorbox:77'],
    ])
    expect(await refundsOf77()).toEqual([
      { entry_key: 'donorbox:refund:77:1500', amount: -1500 },
      { entry_key: 'donorbox:refund:77:2000', amount: -500 },
    ])
  })

  it("an admin's move takes no lock across processes", async () => {
    const { store, log } = recordingStore(t.store, { concurrentWriters: true, exclusive: true })
    const ingest = createIngest({ store, clock })
    const d = donation({ amount: 1500, created, campaign: 'news' })
    await ingest.event(toIncoming(event('payment_intent.succeeded', paymentIntent(d))))
    expect((await ingest.assign(d.pi, 'radio', 'admin', () => [])).outcome).toBe('assigned')
    expect(log.locks).toEqual([])
  })
})

describe('where writers are not meant to run at once', () => {
  it("an admin's move locks its payment across processes", async () => {
    const { store, log, clear } = recordingStore(t.store, { exclusive: true })
    const ingest = createIngest({ store, clock })
    const d = donation({ amount: 1500, created, campaign: 'news' })
    await ingest.event(toIncoming(event('payment_intent.succeeded', paymentIntent(d))))
    clear()
    expect((await ingest.assign(d.pi, 'radio', 'admin', () => [])).outcome).toBe('assigned')
    expect(log.locks).toEqual([[`stripe:${d.pi}`]])
  })
})
