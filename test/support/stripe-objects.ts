import type Stripe from 'stripe'

/**
 * Stripe objects as webhooks carry them on the API version the stripe package pins
 * (2026-10-28.endive; basil shapes), from the package's types (cjs/resources/**), trimmed to the
 * keys that matter plus those that show what is absent since basil. Used by stripe-flows.ts.
 */

let n = 0
export const uid = (prefix: string) =>
  `${prefix}_${(++n).toString(36).padStart(6, '0')}flow${Date.now() % 1e6}`

export interface Gift {
  amount: number
  currency?: string
  /** Unix seconds the reader paid. */
  at: number
  campaign?: string
  /** The e-mail typed in Checkout. */
  email?: string
}

export function paymentIntent(
  id: string,
  g: Gift,
  o: {
    customer: string | null
    metadata: Record<string, string>
    status: string
    charge: string | null
  },
) {
  return {
    id,
    object: 'payment_intent',
    amount: g.amount,
    amount_capturable: 0,
    amount_received: o.status === 'succeeded' ? g.amount : 0,
    allowed_payment_method_types: null,
    capture_method: 'automatic_async',
    created: g.at,
    currency: g.currency ?? 'usd',
    customer: o.customer,
    latest_charge: o.charge,
    livemode: false,
    metadata: o.metadata,
    payment_method_types: ['card'],
    receipt_email: null,
    status: o.status,
  } as unknown as Stripe.PaymentIntent
}

export function charge(id: string, pi: string, g: Gift, customer: string | null, status: string) {
  return {
    id,
    object: 'charge',
    amount: g.amount,
    amount_captured: status === 'succeeded' ? g.amount : 0,
    amount_refunded: 0,
    balance_transaction: null,
    billing_details: {
      address: null,
      email: g.email ?? null,
      name: null,
      phone: null,
      tax_id: null,
    },
    captured: status === 'succeeded',
    created: g.at,
    currency: g.currency ?? 'usd',
    customer,
    disputed: false,
    livemode: false,
    metadata: {},
    paid: status === 'succeeded',
    payment_intent: pi,
    receipt_email: null,
    refunded: false,
    status,
  } as unknown as Stripe.Charge
}

export function session(
  g: Gift,
  o: {
    mode: 'payment' | 'subscription'
    pi: string | null
    customer: string | null
    subscription: string | null
    invoice: string | null
    paymentStatus: 'paid' | 'unpaid'
  },
) {
  return {
    id: uid('cs_test'),
    object: 'checkout.session',
    amount_subtotal: g.amount,
    amount_total: g.amount,
    created: g.at - 60,
    currency: g.currency ?? 'usd',
    customer: o.customer,
    customer_details: {
      address: null,
      email: g.email ?? null,
      name: null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    customer_email: null,
    invoice: o.invoice,
    livemode: false,
    metadata: g.campaign ? { campaign: g.campaign } : {},
    mode: o.mode,
    payment_intent: o.pi,
    payment_status: o.paymentStatus,
    status: 'complete',
    submit_type: 'donate',
    subscription: o.subscription,
    ui_mode: 'hosted_page',
    url: null,
  } as unknown as Stripe.Checkout.Session
}

export interface Subscription {
  id: string
  customer: string
  item: string
  gift: Gift
  /** Every interval unit price, for the subscription object. */
  interval: 'month' | 'year' | 'week'
}

/** The subscription object as `customer.subscription.*` carries it. */
export function subscriptionObject(
  s: Subscription,
  status: string,
  periodStart: number,
): Stripe.Subscription {
  return {
    id: s.id,
    object: 'subscription',
    billing_cycle_anchor: s.gift.at,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: status === 'canceled' ? periodStart : null,
    collection_method: 'charge_automatically',
    created: s.gift.at,
    currency: s.gift.currency ?? 'usd',
    customer: s.customer,
    ended_at: status === 'canceled' ? periodStart : null,
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${s.id}`,
      data: [
        {
          id: s.item,
          object: 'subscription_item',
          current_period_start: periodStart,
          current_period_end: periodStart + 30 * 86400,
          metadata: {},
          quantity: 1,
          subscription: s.id,
          price: {
            id: `price_${s.id}`,
            object: 'price',
            currency: s.gift.currency ?? 'usd',
            type: 'recurring',
            unit_amount: s.gift.amount,
            recurring: { interval: s.interval, interval_count: 1, usage_type: 'licensed' },
          },
        },
      ],
    },
    latest_invoice: null,
    livemode: false,
    metadata: s.gift.campaign ? { campaign: s.gift.campaign } : {},
    start_date: s.gift.at,
    status,
  } as unknown as Stripe.Subscription
}

export function invoiceObject(
  s: Subscription,
  id: string,
  at: number,
  status: 'open' | 'paid',
  reason: string,
) {
  return {
    id,
    object: 'invoice',
    amount_due: s.gift.amount,
    amount_paid: status === 'paid' ? s.gift.amount : 0,
    amount_remaining: status === 'paid' ? 0 : s.gift.amount,
    billing_reason: reason,
    collection_method: 'charge_automatically',
    created: at,
    currency: s.gift.currency ?? 'usd',
    customer: s.customer,
    customer_email: s.gift.email ?? null,
    livemode: false,
    metadata: {},
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: {
        subscription: s.id,
        metadata: s.gift.campaign ? { campaign: s.gift.campaign } : {},
      },
    },
    period_start: at,
    period_end: at,
    status,
    status_transitions: {
      finalized_at: at,
      marked_uncollectible_at: null,
      paid_at: status === 'paid' ? at + 1 : null,
      voided_at: null,
    },
    lines: { object: 'list', has_more: false, url: `/v1/invoices/${id}/lines`, data: [] },
    total: s.gift.amount,
    subtotal: s.gift.amount,
  } as unknown as Stripe.Invoice
}
