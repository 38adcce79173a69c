import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { mapEvent } from '../src/stripe/map.js'
import {
  charge,
  checkoutSession,
  dispute,
  donation,
  event,
  invoice,
  paymentIntent,
  refund,
  unix,
} from './support/stripe-events.js'

const d = donation({
  amount: 2500,
  created: unix('2026-06-10T12:00:00Z'),
  campaign: 'news',
  customer: 'cus_1',
})
const list = (data: Stripe.Refund[]) =>
  ({ object: 'list', data, has_more: false, url: '' }) as Stripe.ApiList<Stripe.Refund>

describe('mapEvent (pure)', () => {
  it('takes money only from payment_intent.succeeded, keyed by pi_', () => {
    const { money, facts } = mapEvent(event('payment_intent.succeeded', paymentIntent(d)))
    expect(facts).toEqual([])
    expect(money).toMatchObject([
      {
        entryKey: `stripe:payment:${d.pi}`,
        kind: 'payment',
        amount: 2500,
        currency: 'USD',
        campaign: 'news',
        paymentCreated: d.created,
        donor: { customer: 'cus_1' },
      },
    ])
  })

  it('keys a legacy charge without PaymentIntent by ch_, and a modern charge only as a fact', () => {
    const legacy = mapEvent(event('charge.succeeded', charge(d, { payment_intent: null })))
    expect(legacy.money).toMatchObject([
      { entryKey: `stripe:payment:${d.ch}`, paymentRef: d.ch, amount: 2500 },
    ])
    const modern = mapEvent(event('charge.succeeded', charge(d)))
    expect(modern.money).toEqual([])
    expect(modern.facts).toMatchObject([
      { paymentRef: d.pi, source: 'charge', chargeCreated: d.created },
    ])
  })

  it('lets Checkout Sessions (also async) and invoices only enrich', () => {
    for (const type of [
      'checkout.session.completed',
      'checkout.session.async_payment_succeeded',
    ] as const) {
      const m = mapEvent(event(type, checkoutSession(d, 'radio')))
      expect(m.money).toEqual([])
      expect(m.facts).toMatchObject([{ paymentRef: d.pi, source: 'checkout', campaign: 'radio' }])
    }
    const inv = mapEvent(event('invoice.paid', invoice(d, 'radio')))
    expect(inv.money).toEqual([])
    // The invoice names its subscription's campaign; a payments list (retrieved with
    // expand=payments) links each PaymentIntent to it.
    expect(inv.facts).toMatchObject([
      {
        paymentRef: expect.stringMatching(/^in_/),
        source: 'invoice',
        campaign: 'radio',
        link: 'sub_1',
      },
      {
        paymentRef: d.pi,
        source: 'invoice_payment',
        campaign: null,
        link: inv.facts[0]?.paymentRef,
      },
    ])
  })

  it('derives one entry per re_ from charge.refunded, never from the cumulative amount', () => {
    const r1 = refund(d, 500, 'succeeded', 're_1')
    const r2 = refund(d, 700, 'succeeded', 're_2')
    const m = mapEvent(
      event('charge.refunded', charge(d, { amount_refunded: 1200, refunds: list([r2, r1]) })),
    )
    expect(m.money.map((e) => [e.entryKey, e.amount, e.paymentCreated])).toEqual([
      ['stripe:refund:re_2', -700, d.created],
      ['stripe:refund:re_1', -500, d.created],
    ])
  })

  it('reverses failed and canceled refunds with their own key', () => {
    for (const status of ['failed', 'canceled'] as const) {
      const m = mapEvent(event('refund.updated', refund(d, 900, status, `re_${status}`)))
      expect(m.money.map((e) => [e.entryKey, e.kind, e.amount])).toEqual([
        [`stripe:refund:re_${status}`, 'refund', -900],
        [`stripe:refund_reversal:re_${status}`, 'refund_reversal', 900],
      ])
    }
    const pending = mapEvent(event('refund.created', refund(d, 900, 'pending', 're_p')))
    expect(pending.money.map((e) => e.kind)).toEqual(['refund'])
  })

  it('maps a dispute to one entry per balance transaction, fee kept apart', () => {
    const m = mapEvent(
      event(
        'charge.dispute.funds_reinstated',
        dispute(
          d,
          [
            { id: 'txn_a', amount: -2500, fee: -1500 },
            { id: 'txn_b', amount: 2500, fee: 1500 },
          ],
          'won',
          'dp_1',
        ),
      ),
    )
    expect(m.money.map((e) => [e.entryKey, e.kind, e.amount, e.data.fee])).toEqual([
      ['stripe:dispute:txn_a', 'dispute_withdrawal', -2500, -1500],
      ['stripe:dispute:txn_b', 'dispute_reinstatement', 2500, 1500],
    ])
  })

  it('maps unknown event types to nothing', () => {
    expect(mapEvent(event('customer.created', { id: 'cus_1', object: 'customer' }))).toEqual({
      money: [],
      facts: [],
    })
  })
})
