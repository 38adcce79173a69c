import { describe, expect, it } from 'vitest'
import { type DecideInput, decide } from '../../src/ingest/decide.js'
import type { MoneyEffect, PaymentFact } from '../../src/ingest/facts.js'
import type { PaymentState } from '../../src/store/payments.js'
import { unix } from '../support/stripe-events.js'
import { fact, news, paidAt, pay1, refund1, state, stored } from './ingest-fixtures.js'

// src/ingest/decide.ts: money already counted, money parked twice, unattributed money, the time a
// payment is placed by, and a donor learnt after the payment (the assignment entries).

const run = (
  money: MoneyEffect[],
  facts: PaymentFact[],
  s: PaymentState,
  refs = ['pi_1'],
  donorOf: DecideInput['donorOf'] = (d) => (d?.customer ? `donor_${d.customer}` : null),
) => decide({ event: { id: 'evt_9', type: 'test.event', money, facts }, state: s, refs, donorOf })

const iso = new Date(paidAt * 1000).toISOString()
const pay = pay1
const refund = refund1

describe('money already counted or parked', () => {
  it('writes nothing for a payment the ledger has', () => {
    const plan = run(
      [pay],
      [],
      state({ entries: [stored({ entryKey: pay.entryKey, kind: 'payment' })] }),
    )
    expect(plan.entries).toEqual([])
    expect(plan.park).toEqual([])
    expect(plan.unpark).toEqual([])
  })

  it('parks nothing for a refund the ledger has, even when its payment is not there', () => {
    // Before parking existed, a refund could land before its payment.
    const s = state({
      entries: [stored({ entryKey: refund.entryKey, kind: 'refund', amount: -500 })],
    })
    const plan = run([refund], [], s)
    expect(plan.park).toEqual([])
    expect(plan.entries).toEqual([])
  })

  it('parks a refund delivered twice in one event once, under the event', () => {
    const plan = run([refund, refund], [], state({}))
    expect(plan.park.map((p) => [p.entryKey, p.paymentRef, p.eventId])).toEqual([
      ['stripe:refund:re_1', 'pi_1', 'evt_9'],
    ])
    expect(JSON.parse(plan.park[0]?.effect ?? '{}')).toEqual(refund)
  })
})

describe('placing a payment', () => {
  it('keeps money no campaign takes aside, saying so', () => {
    const plan = run([{ ...pay, campaign: null }], [], state({ campaigns: [news] }))
    expect(plan.entries.map((p) => p.entry)).toMatchObject([
      {
        entryKey: 'stripe:payment:pi_1',
        campaign: null,
        month: null,
        counted: false,
        note: 'unattributed',
      },
    ])
    const placed = run([pay], [], state({})).entries[0]?.entry
    expect(placed?.note).toBeNull()
    expect(placed?.source).toBe('stripe')
  })

  it("places a payment by its charge's time when the payment names none, else by when it happened", () => {
    // The charge was made on 31 March in New York; the event about it came on 2 April.
    const late = { ...pay, paymentCreated: null, occurredAt: unix('2026-04-02T12:00:00Z') }
    const byCharge = run(
      [late],
      [fact({ paymentRef: 'pi_1', source: 'charge', chargeCreated: paidAt })],
      state({}),
    )
    expect(byCharge.entries[0]?.entry.month).toBe('2026-03')
    expect(byCharge.entries[0]?.entry.data).toMatchObject({ paymentCreated: paidAt })
    const byEvent = run([late], [], state({}))
    expect(byEvent.entries[0]?.entry.month).toBe('2026-04')
    // The payment's own time wins over its charge's.
    const own = run(
      [{ ...late, paymentCreated: paidAt }],
      [fact({ paymentRef: 'pi_1', source: 'charge', chargeCreated: unix('2026-05-02T12:00:00Z') })],
      state({}),
    )
    expect(own.entries[0]?.entry.month).toBe('2026-03')
  })

  it('keeps a payment placed by its own metadata where it is when a fact of the same event names another campaign', () => {
    const plan = run(
      [pay],
      [fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'tokyo' })],
      state({}),
    )
    expect(plan.entries.map((p) => [p.entry.entryKey, p.entry.campaign])).toEqual([
      ['stripe:payment:pi_1', 'news'],
    ])
  })

  it('stores the facts it learns, each once', () => {
    const f = fact({
      paymentRef: 'pi_1',
      source: 'checkout',
      donor: { customer: 'cus_1', email: null },
    })
    const plan = run([], [f], state({}))
    expect(plan.facts).toEqual([
      {
        paymentRef: 'pi_1',
        source: 'checkout',
        campaign: null,
        donor: 'donor_cus_1',
        chargeCreated: null,
        link: null,
        balanceTransaction: null,
      },
    ])
  })
})

describe('a donor learnt after the payment', () => {
  const guest = stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment' })
  const tells = fact({
    paymentRef: 'pi_1',
    source: 'checkout',
    donor: { customer: 'cus_1', email: null },
  })

  it("moves the donation from no one to the donor, in the payment's campaign and month, once", () => {
    const plan = run([], [tells], state({ entries: [guest] }))
    const common = {
      campaign: 'news',
      month: '2026-03',
      kind: 'assignment',
      amount: 0,
      currency: 'USD',
      counted: true,
      source: 'stripe',
      sourceId: 'stripe:payment:pi_1',
      paymentRef: 'pi_1',
      note: 'donor known later',
      actor: null,
      eventId: 'evt_9',
      data: { paymentCreated: paidAt, campaignSource: 'metadata', donorFor: 'stripe:payment:pi_1' },
      occurredAt: iso,
    }
    expect(plan.entries.map((p) => p.entry)).toEqual([
      { ...common, entryKey: 'donor:stripe:payment:pi_1:1:out', donation: -1, donor: null },
      { ...common, entryKey: 'donor:stripe:payment:pi_1:1:in', donation: 1, donor: 'donor_cus_1' },
    ])
  })

  it('numbers a second change after the first', () => {
    const first = stored({
      entryKey: 'donor:stripe:payment:pi_1:1:in',
      kind: 'assignment',
      amount: 0,
      donation: 1,
      donor: 'donor_cus_0',
    })
    const plan = run([], [tells], state({ entries: [guest, first] }))
    expect(plan.entries.map((p) => [p.entry.entryKey, p.entry.donor, p.entry.donation])).toEqual([
      ['donor:stripe:payment:pi_1:2:out', 'donor_cus_0', -1],
      ['donor:stripe:payment:pi_1:2:in', 'donor_cus_1', 1],
    ])
  })

  it('changes nothing when the facts name the donor it counts for, or none', () => {
    expect(
      run([], [tells], state({ entries: [{ ...guest, donor: 'donor_cus_1' }] })).entries,
    ).toEqual([])
    expect(
      run([], [fact({ paymentRef: 'pi_1', source: 'checkout' })], state({ entries: [guest] }))
        .entries,
    ).toEqual([])
  })

  it('gives a donor to a payment that is a donation only', () => {
    const moved = { ...guest, donation: 0 as const }
    expect(run([], [tells], state({ entries: [moved] })).entries).toEqual([])
    expect(run([], [tells], state({})).entries).toEqual([])
  })
})
