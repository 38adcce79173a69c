import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { invoiceFacts, subscriptionFacts, subscriptionState } from '../../src/stripe/map-billing.js'

/**
 * src/stripe/map-billing.ts on the shapes Stripe's changelog gives for each API version: before
 * 2025-03-31.basil an invoice names `subscription`, `subscription_details` and `payment_intent`
 * (or `charge`) at its top level; from basil it names them under `parent.subscription_details`
 * and joins payments through `payments`/`invoice_payment.paid`.
 */

const inv = (o: Record<string, unknown>) =>
  ({
    id: 'in_1',
    object: 'invoice',
    customer: 'cus_1',
    customer_email: null,
    metadata: {},
    ...o,
  }) as unknown as Stripe.Invoice

describe('invoiceFacts, shapes before basil (2024-06-20 on)', () => {
  it('links the invoice to its top-level subscription and campaign, and its PaymentIntent to it', () => {
    const facts = invoiceFacts(
      inv({
        subscription: 'sub_1',
        subscription_details: { metadata: { campaign: 'radio' } },
        payment_intent: 'pi_1',
      }),
    )
    expect(facts.map((f) => [f.paymentRef, f.source, f.link, f.campaign])).toEqual([
      ['in_1', 'invoice', 'sub_1', 'radio'],
      ['pi_1', 'invoice_payment', 'in_1', null],
    ])
  })

  it('links a legacy charge when the invoice names no PaymentIntent', () => {
    const facts = invoiceFacts(inv({ charge: { id: 'ch_1', object: 'charge' } }))
    expect(facts.map((f) => [f.paymentRef, f.link])).toEqual([
      ['in_1', null],
      ['ch_1', 'in_1'],
    ])
  })

  it("takes the invoice's own metadata when the subscription details carry none that names a campaign", () => {
    for (const details of [null, 'sd', { metadata: null }, { metadata: 'x' }, { metadata: {} }]) {
      const facts = invoiceFacts(
        inv({ subscription_details: details, metadata: { campaign: 'news' } }),
      )
      expect(facts).toHaveLength(1)
      expect(facts[0]?.campaign).toBe('news')
    }
  })
})

describe('invoiceFacts, basil and later', () => {
  it('reads parent.subscription_details, and adds the payments the invoice was retrieved with', () => {
    const facts = invoiceFacts(
      inv({
        parent: {
          type: 'subscription_details',
          subscription_details: { subscription: 'sub_2', metadata: { campaign: 'radio' } },
        },
        payments: {
          object: 'list',
          data: [
            {
              id: 'inpay_1',
              status: 'paid',
              payment: { type: 'payment_intent', payment_intent: 'pi_2' },
            },
          ],
        },
      }),
    )
    expect(facts.map((f) => [f.paymentRef, f.source, f.link, f.campaign])).toEqual([
      ['in_1', 'invoice', 'sub_2', 'radio'],
      ['pi_2', 'invoice_payment', 'in_1', null],
    ])
  })
})

const sub = (o: Record<string, unknown>) =>
  ({
    id: 'sub_1',
    object: 'subscription',
    status: 'active',
    currency: 'usd',
    metadata: {},
    customer: 'cus_1',
    ...o,
  }) as unknown as Stripe.Subscription
const price = (unit_amount: number | null, recurring: Record<string, unknown> | null) => ({
  id: 'price_1',
  unit_amount,
  currency: 'usd',
  recurring,
})
const evt = (type: string, created = 1_700_000_000) =>
  ({ type, created }) as unknown as Stripe.Event

describe('subscriptionState', () => {
  it('sums recurring items per month, each interval count dividing, and skips one-time and custom prices', () => {
    const s = sub({
      items: {
        data: [
          { quantity: 2, price: price(1000, { interval: 'month', interval_count: 1 }) },
          { quantity: 1, price: price(3000, { interval: 'month', interval_count: 3 }) },
          { quantity: 1, price: price(12000, { interval: 'year', interval_count: 1 }) },
          { quantity: 1, price: price(500, null) },
          { quantity: 1, price: price(null, { interval: 'month', interval_count: 1 }) },
          { quantity: 1, price: null },
        ],
      },
    })
    // 2 × 10.00 + 30.00 / 3 + 120.00 / 12 = 40.00
    expect(subscriptionState(s, evt('customer.subscription.updated')).monthly).toBe(4000)
  })

  it('counts an interval count of 0 as 1', () => {
    const s = sub({
      items: {
        data: [{ quantity: 1, price: price(1000, { interval: 'month', interval_count: 0 }) }],
      },
    })
    expect(subscriptionState(s, evt('customer.subscription.created')).monthly).toBe(1000)
  })

  it('says canceled for a deleted one whatever it says, and its own status otherwise', () => {
    const s = sub({ status: 'active', items: { data: [] } })
    expect(subscriptionState(s, evt('customer.subscription.deleted')).status).toBe('canceled')
    expect(subscriptionState(s, evt('customer.subscription.updated')).status).toBe('active')
  })

  it('orders states by the event time, then created < updated < deleted', () => {
    const s = sub({ items: { data: [] } })
    const v = (type: string) => subscriptionState(s, evt(type, 100)).version
    expect([
      v('customer.subscription.created'),
      v('customer.subscription.updated'),
      v('customer.subscription.deleted'),
      v('customer.subscription.paused'),
    ]).toEqual([401, 402, 403, 400])
    expect(subscriptionState(s, evt('customer.subscription.created', 101)).version).toBe(405)
  })
})

describe('subscriptionFacts', () => {
  it('names the campaign and the customer for the payments that link to it', () => {
    expect(subscriptionFacts(sub({ metadata: { campaign: 'radio' } }))).toEqual([
      {
        paymentRef: 'sub_1',
        source: 'subscription',
        campaign: 'radio',
        donor: { customer: 'cus_1', email: null },
        chargeCreated: null,
        link: null,
      },
    ])
  })
})
