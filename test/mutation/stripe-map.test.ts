import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { mapEvent } from '../../src/stripe/map.js'
import { charge, donation, event, paymentIntent, refund, unix } from '../support/stripe-events.js'

// src/stripe/map.ts and map-fields.ts: objects that name no payment, and legacy expandable
// fields (API versions before basil) as ids, expanded objects or null.

const d = donation({ amount: 2500, created: unix('2026-06-10T12:00:00Z'), campaign: 'news' })
const as = <T>(o: Record<string, unknown>) => o as unknown as T

describe('mapEvent: objects that name no payment count nothing', () => {
  it('a refund with neither PaymentIntent nor charge', () => {
    const re = { ...refund(d, 900, 'succeeded', 're_orphan'), payment_intent: null, charge: null }
    expect(mapEvent(event('refund.created', re))).toEqual({ money: [], facts: [] })
  })

  it('a dispute with neither PaymentIntent nor charge, or with no balance transactions', () => {
    const base = {
      id: 'dp_1',
      object: 'dispute',
      amount: 2500,
      currency: 'usd',
      created: d.created,
      reason: 'fraudulent',
      status: 'needs_response',
    }
    const orphan = as<Stripe.Dispute>({
      ...base,
      charge: null,
      payment_intent: null,
      balance_transactions: [
        { id: 'txn_1', amount: -2500, currency: 'usd', fee: 1500, created: d.created },
      ],
    })
    expect(mapEvent(event('charge.dispute.created', orphan)).money).toEqual([])
    const noTxns = as<Stripe.Dispute>({ ...base, charge: d.ch, payment_intent: d.pi })
    expect(mapEvent(event('charge.dispute.created', noTxns))).toEqual({ money: [], facts: [] })
  })

  it('a Checkout Session with no PaymentIntent, invoice or subscription (setup mode)', () => {
    const s = as<Stripe.Checkout.Session>({
      id: 'cs_setup',
      object: 'checkout.session',
      mode: 'setup',
      metadata: { campaign: 'news' },
      customer: 'cus_1',
      customer_details: { email: 'a@example.org' },
      payment_intent: null,
      invoice: null,
      subscription: null,
    })
    expect(mapEvent(event('checkout.session.completed', s))).toEqual({ money: [], facts: [] })
  })
})

describe('mapEvent: charge.refund.updated', () => {
  it('carrying the Refund itself gives that refund and no charge facts', () => {
    const re = refund(d, 700, 'succeeded', 're_direct')
    expect(mapEvent(event('charge.refund.updated' as Stripe.Event.Type, re))).toEqual({
      money: [
        expect.objectContaining({
          entryKey: 'stripe:refund:re_direct',
          kind: 'refund',
          amount: -700,
          paymentRef: d.pi,
        }),
      ],
      facts: [],
    })
  })
})

describe('mapEvent: a legacy `invoice` field on a PaymentIntent (before basil)', () => {
  const pi = (invoice: unknown) =>
    as<Stripe.PaymentIntent>({ ...paymentIntent(d), invoice }) as Stripe.PaymentIntent
  const links = (invoice: unknown) =>
    mapEvent(event('payment_intent.succeeded', pi(invoice))).facts.map((f) => [
      f.paymentRef,
      f.source,
      f.link,
    ])

  it('links the payment to the invoice it names by id or as an expanded object', () => {
    expect(links('in_legacy')).toEqual([[d.pi, 'invoice_payment', 'in_legacy']])
    expect(links({ id: 'in_expanded', object: 'invoice' })).toEqual([
      [d.pi, 'invoice_payment', 'in_expanded'],
    ])
  })

  it('links nothing for null, or an object without a string id, and still counts the money', () => {
    for (const invoice of [null, { object: 'invoice' }, { id: 42, object: 'invoice' }]) {
      const m = mapEvent(event('payment_intent.succeeded', pi(invoice)))
      expect(m.facts).toEqual([])
      expect(m.money.map((e) => [e.entryKey, e.amount])).toEqual([[`stripe:payment:${d.pi}`, 2500]])
    }
  })
})

describe('mapEvent: charge.refunded', () => {
  it('counts no money from a charge that lists no refunds (API versions since 2022-11-15)', () => {
    const refunded = charge(d, { refunded: true, amount_refunded: 2500 })
    expect('refunds' in refunded).toBe(false)
    const mapped = mapEvent(event('charge.refunded', refunded))
    // The refunds come as refund.* events; the charge still says which payment it is.
    expect(mapped.money).toEqual([])
    expect(mapped.facts.map((f) => f.paymentRef)).toEqual([d.pi])
  })
})
