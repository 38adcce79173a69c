import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IncomingEvent } from '../../src/ingest/facts.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { toIncoming } from '../../src/stripe/incoming.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { donation, event, paymentIntent, refund, unix } from '../support/stripe-events.js'
import { isStateRead, recordingStore } from './ingest-recording-store.js'

/**
 * src/ingest/ingest.ts, the calls an event makes on its store, seen through a recording double
 * around a real SQLite store: one state read where one process writes; a settle read after the
 * commit where writers are concurrent, riding with the commit where the store can
 * (`atomicThenRead`, PostgreSQL); on D1 each event's own unit, never grouped with another's.
 */

const clock = fixedClock('2026-06-15T12:00:00Z')
const created = unix('2026-06-10T12:00:00Z')
const june = { campaign: 'news', month: '2026-06' }
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ deps: { clock } })
  const news = { ...newsCampaign, isDefault: true }
  expect((await t.call('POST', '/api/admin/campaigns', news)).status).toBe(201)
})
afterEach(() => t.close())

const payment = (amount: number) => {
  const d = donation({ amount, created, campaign: 'news' })
  return { d, paid: toIncoming(event('payment_intent.succeeded', paymentIntent(d), created)) }
}
const stateReads = (reads: string[]) => reads.filter(isStateRead).length

/** A subscription's new state, about no payment. */
const subscriptionOnly = (): IncomingEvent => ({
  id: 'evt_sub_only',
  type: 'customer.subscription.created',
  created,
  livemode: false,
  body: {},
  money: [],
  facts: [],
  subscription: {
    id: 'sub_only',
    campaign: 'news',
    status: 'active',
    monthly: 1000,
    currency: 'USD',
    version: created,
  },
})

describe('where one process writes (SQLite)', () => {
  it('an event reads its payment state once, and the payload scrub only on the first event', async () => {
    const { store, log, clear } = recordingStore(t.store)
    const ingest = createIngest({ store, clock })
    const { d, paid } = payment(1500)
    expect(await ingest.event(paid)).toEqual({ outcome: 'processed', changed: [june] })
    expect(log.built.some((q) => q.includes('"settings"'))).toBe(true)
    clear()
    const back = toIncoming(event('refund.created', refund(d, 500, 'succeeded'), created))
    expect(await ingest.event(back)).toEqual({ outcome: 'processed', changed: [june] })
    // No settle: no other process can have written between this event's read and its commit.
    expect(stateReads(log.reads)).toBe(1)
    expect(log.reads).toHaveLength(1)
    expect(log.built).toEqual([])
    expect(log.atomic).toHaveLength(1)
  })
})

describe('where writers are concurrent, with no reads after a commit (D1-like)', () => {
  it('an event about a payment reads its state again after its commit, and writes nothing more when all is settled', async () => {
    const { store, log, clear } = recordingStore(t.store, { concurrentWriters: true })
    const ingest = createIngest({ store, clock })
    await ingest.event(payment(900).paid)
    clear()
    expect(await ingest.event(payment(1500).paid)).toEqual({
      outcome: 'processed',
      changed: [june],
    })
    expect(stateReads(log.reads)).toBe(2)
    expect(log.atomic).toHaveLength(1)
  })

  it('an event about no payment settles nothing, so reads nothing after its commit', async () => {
    const { store, log, clear } = recordingStore(t.store, { concurrentWriters: true })
    const ingest = createIngest({ store, clock })
    await ingest.event(payment(900).paid)
    clear()
    expect(await ingest.event(subscriptionOnly())).toEqual({
      outcome: 'processed',
      changed: [june],
    })
    expect(stateReads(log.reads)).toBe(1)
    expect(log.atomic).toHaveLength(1)
  })
})

describe('where writers are concurrent and the store reads after a commit (PostgreSQL-like)', () => {
  it("the settle read rides with the event's commit: one read before, none after", async () => {
    const { store, log, clear } = recordingStore(t.store, {
      concurrentWriters: true,
      atomicThenRead: true,
    })
    const ingest = createIngest({ store, clock })
    await ingest.event(payment(900).paid)
    clear()
    expect(await ingest.event(payment(1500).paid)).toEqual({
      outcome: 'processed',
      changed: [june],
    })
    expect(stateReads(log.reads)).toBe(1)
    expect(log.atomic).toEqual([])
    expect(log.thenRead).toHaveLength(1)
    expect(log.thenRead[0]?.reads).toHaveLength(1)
    expect(isStateRead(log.thenRead[0]?.reads[0] ?? '')).toBe(true)
  })
})

describe('on D1', () => {
  it('each event writes its own unit, even when events run at once (no group commit)', async () => {
    const { store, log, clear } = recordingStore(t.store, { concurrentWriters: true, d1: true })
    const ingest = createIngest({ store, clock })
    await ingest.event(payment(900).paid)
    clear()
    const events = [payment(1000).paid, payment(1100).paid, payment(1200).paid]
    const results = await Promise.all(events.map((e) => ingest.event(e)))
    expect(results.map((r) => r.outcome)).toEqual(['processed', 'processed', 'processed'])
    expect(log.atomic).toHaveLength(3)
  })
})
