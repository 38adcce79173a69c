import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { mapEvent } from '../../src/stripe/map.js'
import {
  charge,
  checkoutSession,
  dispute,
  donation,
  event,
  invoice,
  unix,
} from '../support/stripe-events.js'

/**
 * src/stripe/map.ts: every event type the mapping names is read as its kind (not ignored), a
 * legacy charge (no PaymentIntent) counts only once succeeded and brings no facts, and a Checkout
 * Session without customer details still names its payment.
 */

const d = donation({
  amount: 2500,
  created: unix('2026-06-10T12:00:00Z'),
  campaign: 'news',
  customer: 'cus_1',
  email: 'a@example.org',
})

describe('mapEvent: each event type of a kind maps as that kind', () => {
  it('charge.captured reads its charge as charge.succeeded does', () => {
    const ch = charge(d)
    const captured = mapEvent(event('charge.captured', ch))
    expect(captured.facts).toEqual([
      expect.objectContaining({ paymentRef: d.pi, source: 'charge', campaign: 'news' }),
    ])
    expect(captured).toEqual(mapEvent(event('charge.succeeded', ch)))
  })

  it('charge.dispute.created, .updated and .closed count the dispute as its funds events do', () => {
    const dp = dispute(d, [{ id: 'txn_dp', amount: -2500, fee: 1500 }], 'needs_response')
    const withdrawn = mapEvent(event('charge.dispute.funds_withdrawn', dp))
    expect(withdrawn.money.map((m) => [m.entryKey, m.kind, m.amount])).toEqual([
      ['stripe:dispute:txn_dp', 'dispute_withdrawal', -2500],
    ])
    for (const type of [
      'charge.dispute.created',
      'charge.dispute.updated',
      'charge.dispute.closed',
    ] as const) {
      expect(mapEvent(event(type, dp)), type).toEqual(withdrawn)
    }
  })

  it('invoice.payment_succeeded and invoice.finalized link the invoice as invoice.paid does', () => {
    const inv = invoice(d, 'news')
    const paid = mapEvent(event('invoice.paid', inv))
    expect(paid.facts).toContainEqual(
      expect.objectContaining({ paymentRef: inv.id, source: 'invoice', campaign: 'news' }),
    )
    for (const type of ['invoice.payment_succeeded', 'invoice.finalized'] as const) {
      expect(mapEvent(event(type, inv)), type).toEqual(paid)
    }
  })
})

describe('mapEvent: a legacy charge (no PaymentIntent)', () => {
  const legacy = (over: Partial<Stripe.Charge>) => charge(d, { payment_intent: null, ...over })

  it('counts money only, no facts, once succeeded', () => {
    const mapped = mapEvent(event('charge.succeeded', legacy({})))
    expect(mapped.money.map((m) => [m.entryKey, m.amount])).toEqual([
      [`stripe:payment:${d.ch}`, 2500],
    ])
    expect(mapped.facts).toEqual([])
  })

  it('paid but still pending counts nothing yet: only what the charge says of its payment', () => {
    const mapped = mapEvent(event('charge.updated', legacy({ status: 'pending' })))
    expect(mapped.money).toEqual([])
    expect(mapped.facts).toEqual([
      expect.objectContaining({ paymentRef: d.ch, source: 'charge', campaign: 'news' }),
    ])
  })
})

describe('mapEvent: a Checkout Session', () => {
  it('with no customer details (null) names the donor by customer alone', () => {
    const s = { ...checkoutSession(d, 'news'), customer_details: null } as Stripe.Checkout.Session
    expect(mapEvent(event('checkout.session.completed', s)).facts).toEqual([
      expect.objectContaining({
        paymentRef: d.pi,
        source: 'checkout',
        campaign: 'news',
        donor: { customer: 'cus_1', email: null },
      }),
    ])
  })
})
