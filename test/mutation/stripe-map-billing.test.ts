import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { MalformedEvent, toIncoming } from '../../src/stripe/incoming.js'
import { mapEvent } from '../../src/stripe/map.js'
import { event, unix } from '../support/stripe-events.js'

// src/stripe/map-billing.ts: invoices without an id, invoice payments that name no payment or are
// not paid, and subscriptions whose currency is only on their prices, or nowhere.

const as = <T>(o: Record<string, unknown>) => o as unknown as T
const at = unix('2026-06-10T12:00:00Z')

describe('invoices and invoice payments that link nothing', () => {
  it('an invoice without an id (a preview) gives no facts', () => {
    const preview = as<Stripe.Invoice>({
      object: 'invoice',
      id: null,
      customer: 'cus_1',
      customer_email: 'a@example.org',
      metadata: { campaign: 'news' },
      parent: null,
    })
    expect(mapEvent(event('invoice.finalized', preview))).toEqual({ money: [], facts: [] })
  })

  const payment = (extra: Record<string, unknown>) =>
    as<Stripe.InvoicePayment>({
      id: 'inpay_1',
      object: 'invoice_payment',
      invoice: 'in_1',
      ...extra,
    })

  it('an invoice payment that names no payment gives no facts', () => {
    expect(mapEvent(event('invoice_payment.paid', payment({ status: 'paid' }))).facts).toEqual([])
  })

  it('an invoice payment that is not paid links nothing; a paid one links its charge', () => {
    const byCharge = { type: 'charge', charge: 'ch_1' }
    for (const status of ['open', 'canceled']) {
      const m = mapEvent(event('invoice_payment.paid', payment({ status, payment: byCharge })))
      expect(m.facts).toEqual([])
    }
    const paid = mapEvent(
      event('invoice_payment.paid', payment({ status: 'paid', payment: byCharge })),
    )
    expect(paid.facts.map((f) => [f.paymentRef, f.link])).toEqual([['ch_1', 'in_1']])
  })
})

describe('a subscription without its own currency', () => {
  const sub = (items: unknown) =>
    as<Stripe.Subscription>({
      id: 'sub_nocur',
      object: 'subscription',
      status: 'active',
      metadata: { campaign: 'news' },
      customer: 'cus_1',
      ...(items === undefined ? {} : { items }),
    })
  const state = (items: unknown) =>
    mapEvent(event('customer.subscription.updated', sub(items), at)).subscription

  it("takes its first price's currency", () => {
    const price = { currency: 'eur', unit_amount: 1200, recurring: { interval: 'month' } }
    expect(state({ object: 'list', data: [{ price, quantity: 1 }] })).toMatchObject({
      currency: 'EUR',
      monthly: 1200,
    })
  })

  it('with no price to take it from, says none (no currency, nothing a month)', () => {
    for (const items of [
      undefined,
      { object: 'list' },
      { object: 'list', data: [] },
      { object: 'list', data: [{ price: null, quantity: 1 }] },
    ]) {
      expect(state(items)).toMatchObject({ id: 'sub_nocur', currency: '', monthly: 0 })
    }
  })

  it('is refused whole when no currency is known, and changes nothing', () => {
    expect(() => toIncoming(event('customer.subscription.updated', sub(undefined), at))).toThrow(
      MalformedEvent,
    )
  })
})
