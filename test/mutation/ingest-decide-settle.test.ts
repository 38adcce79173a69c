import { describe, expect, it } from 'vitest'
import { decide } from '../../src/ingest/decide.js'
import type { PaymentFact } from '../../src/ingest/facts.js'
import type { PaymentState } from '../../src/store/payments.js'
import { fact, money, news, pay1, refund1, state, stored } from './ingest-fixtures.js'

// src/ingest/decide.ts, settling a payment: parked money follows it (its own only), legacy money
// that landed before it moves to where it is, and a campaign its facts name takes it unless its
// own metadata or an admin placed it.

const settle = (s: PaymentState, facts: PaymentFact[] = [], refs = ['pi_1']) =>
  decide({
    event: { id: 'evt_7', type: 'checkout.session.completed', money: [], facts },
    state: s,
    refs,
    donorOf: () => null,
  })
const rows = (plan: ReturnType<typeof decide>) =>
  plan.entries.map((p) => [p.entry.entryKey, p.entry.campaign, p.entry.amount])

const parked = (entryKey: string, paymentRef: string, amount: number) => ({
  entryKey,
  paymentRef,
  eventId: 'evt_old',
  effect: JSON.stringify(money({ entryKey, kind: 'refund', paymentRef, amount })),
})

describe('settling a payment', () => {
  it('lands the money parked for it, under the event that brought it, and only its own', () => {
    const s = state({
      entries: [stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment' })],
      parked: [
        parked('stripe:refund:re_1', 'pi_1', -500),
        parked('stripe:refund:re_2', 'pi_2', -300),
      ],
    })
    const plan = settle(s)
    expect(rows(plan)).toEqual([['stripe:refund:re_1', 'news', -500]])
    expect(plan.entries[0]?.entry.eventId).toBe('evt_old')
    expect(plan.unpark).toEqual(['stripe:refund:re_1'])
  })

  it('moves legacy money that landed elsewhere before its payment to where the payment is', () => {
    const s = state({
      entries: [
        stored({
          entryKey: 'stripe:payment:pi_1',
          kind: 'payment',
          campaign: 'tokyo',
          month: '2026-04',
        }),
        stored({ entryKey: 'stripe:refund:re_1', kind: 'refund', amount: -500 }),
        // Money of another payment stays where it is.
        stored({
          entryKey: 'stripe:refund:re_9',
          kind: 'refund',
          amount: -100,
          paymentRef: 'pi_9',
        }),
      ],
    })
    const plan = settle(s)
    expect(rows(plan)).toEqual([
      ['move:stripe:refund:re_1:out', 'news', 500],
      ['move:stripe:refund:re_1:in', 'tokyo', -500],
    ])
    expect(plan.entries[0]?.entry.note).toContain('follows its payment')
  })

  it('moves nothing when its money is already with it', () => {
    const s = state({
      entries: [
        stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment' }),
        stored({ entryKey: 'stripe:refund:re_1', kind: 'refund', amount: -500 }),
      ],
    })
    expect(settle(s).entries).toEqual([])
  })

  it('lets a campaign its facts name take a payment that landed by default, with its money', () => {
    const s = state({
      entries: [
        stored({
          entryKey: 'stripe:payment:pi_1',
          kind: 'payment',
          data: { paymentCreated: 1, campaignSource: 'default' },
        }),
      ],
    })
    const plan = settle(s, [fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'tokyo' })])
    expect(rows(plan)).toEqual([
      ['move:stripe:payment:pi_1:out', 'news', -2500],
      ['move:stripe:payment:pi_1:in', 'tokyo', 2500],
    ])
    expect(plan.entries[0]?.entry.note).toContain('checkout.session.completed names campaign tokyo')
  })

  it('leaves a payment placed by its own metadata, or moved by an admin, where it is', () => {
    const named = [fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'tokyo' })]
    const byMetadata = state({
      entries: [stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment' })],
    })
    expect(settle(byMetadata, named).entries).toEqual([])
    const byAdmin = state({
      entries: [
        stored({
          entryKey: 'stripe:payment:pi_1',
          kind: 'payment',
          data: { paymentCreated: 1, campaignSource: 'default' },
        }),
        stored({ entryKey: 'move:stripe:payment:pi_1:out', kind: 'assignment', amount: -2500 }),
        stored({
          entryKey: 'move:stripe:payment:pi_1:in',
          kind: 'assignment',
          campaign: 'tokyo',
          data: { paymentCreated: 1, campaignSource: 'moved' },
        }),
      ],
    })
    const other = [fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'news' })]
    expect(settle(byAdmin, other).entries).toEqual([])
  })
})

describe('the reason a settled payment moves', () => {
  const landedByDefault = stored({
    entryKey: 'stripe:payment:pi_1',
    kind: 'payment',
    data: { paymentCreated: 1, campaignSource: 'default' },
  })
  const namesTokyo = fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'tokyo' })

  it('says a concurrent delivery when the facts came before, and moves only its own money', () => {
    const s = state({
      entries: [
        landedByDefault,
        stored({
          entryKey: 'stripe:payment:pi_2',
          kind: 'payment',
          paymentRef: 'pi_2',
          data: { campaignSource: 'default' },
        }),
      ],
      facts: [{ ...namesTokyo, donor: null, balanceTransaction: null }],
    })
    const plan = decide({ event: null, state: s, refs: ['pi_1'], donorOf: () => null })
    expect(rows(plan)).toEqual([
      ['move:stripe:payment:pi_1:out', 'news', -2500],
      ['move:stripe:payment:pi_1:in', 'tokyo', 2500],
    ])
    expect(plan.entries.map((p) => [p.entry.note, p.entry.actor, p.entry.eventId])).toEqual([
      ['settle names campaign tokyo (settled after a concurrent delivery)', null, null],
      ['settle names campaign tokyo (settled after a concurrent delivery)', null, null],
    ])
  })

  it("names the event whose facts moved it, and not a charge's", () => {
    const s = state({ entries: [landedByDefault] })
    const byCheckout = settle(s, [namesTokyo])
    expect(byCheckout.entries.map((p) => [p.entry.note, p.entry.eventId])).toEqual([
      ['checkout.session.completed names campaign tokyo', 'evt_7'],
      ['checkout.session.completed names campaign tokyo', 'evt_7'],
    ])
    const byCharge = settle(s, [{ ...namesTokyo, source: 'charge' }])
    expect(byCharge.entries[0]?.entry.note).toBe(
      'checkout.session.completed names campaign tokyo (settled after a concurrent delivery)',
    )
  })
})

describe('Stripe money as it is first written', () => {
  const pay = pay1
  const first = (m: typeof pay) =>
    decide({
      event: { id: 'evt_1', type: 'x', money: [m], facts: [] },
      state: state({}),
      refs: ['pi_1'],
      donorOf: () => null,
    }).entries[0]

  it('takes the figures an event carries (a dispute) at once', () => {
    const balance = {
      id: 'txn_9',
      amount: 2500,
      fee: 1500,
      net: 1000,
      currency: 'USD',
      exchangeRate: null,
      feeDetails: [],
    }
    const planned = first({ ...pay, balance })
    expect(planned?.fee).toBeUndefined()
    expect(planned?.entry.settled).toEqual({
      balanceTransaction: 'txn_9',
      fee: 1500,
      settlementCurrency: null,
      exchangeRate: null,
    })
    expect(planned?.entry.data).toMatchObject({ balance: { id: 'txn_9', fee: 1500 } })
  })

  it('asks for the fee by the balance transaction named, else by the charge, else not at all', () => {
    expect(first({ ...pay, balanceTransaction: 'txn_1' })?.fee).toEqual({
      balanceTransaction: 'txn_1',
      latestCharge: null,
    })
    expect(first({ ...pay, data: { latestCharge: 'ch_1' } })?.fee).toEqual({
      balanceTransaction: null,
      latestCharge: 'ch_1',
    })
    expect(first({ ...pay, data: { latestCharge: 7 } })?.fee).toBeUndefined()
    expect(first(pay)?.fee).toBeUndefined()
  })
})

describe('money that comes twice, or moves to another currency', () => {
  it('writes a refund both parked and brought again by the event once, and forgets the parked row', () => {
    const refund = refund1
    const pay = pay1
    const plan = decide({
      event: { id: 'evt_2', type: 'x', money: [pay, refund], facts: [] },
      state: state({ parked: [parked('stripe:refund:re_1', 'pi_1', -500)] }),
      refs: ['pi_1'],
      donorOf: () => null,
    })
    expect(rows(plan)).toEqual([
      ['stripe:payment:pi_1', 'news', 2500],
      ['stripe:refund:re_1', 'news', -500],
    ])
    expect(plan.unpark).toEqual(['stripe:refund:re_1'])
  })

  it('keeps a payment moved to a campaign of another currency aside there', () => {
    const euro = { ...news, slug: 'euro', currency: 'EUR', timezone: 'Europe/Paris' }
    const s = state({
      campaigns: [news, euro],
      entries: [
        stored({
          entryKey: 'stripe:payment:pi_1',
          kind: 'payment',
          data: { paymentCreated: 1, campaignSource: 'default' },
        }),
      ],
    })
    const plan = settle(s, [fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'euro' })])
    const into = plan.entries[1]
    expect(into?.entry).toMatchObject({
      entryKey: 'move:stripe:payment:pi_1:in',
      campaign: 'euro',
      currency: 'USD',
      counted: false,
    })
    expect(into?.convert).toBeUndefined()
  })
})
