import type Stripe from 'stripe'
import { event } from './stripe-events.js'

/**
 * The full event sequences Stripe sends for each Checkout mode on the API version the stripe
 * package pins (2026-10-28.endive; basil shapes): object shapes from the package's types
 * (cjs/resources/**), trimmed to the keys that matter plus the ones that show what is absent
 * since basil (no `invoice.payment_intent`, no `payments` list in webhooks, no
 * `PaymentIntent.invoice`). Each event is in its usual causal order; tests shuffle them.
 */

let n = 0
const uid = (prefix: string) =>
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

function paymentIntent(
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

function charge(id: string, pi: string, g: Gift, customer: string | null, status: string) {
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

function session(
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

/** A one-off gift through Checkout `mode=payment` (guest: no customer). */
export function paymentFlow(g: Gift) {
  const pi = uid('pi')
  const ch = uid('ch')
  const meta: Record<string, string> = g.campaign ? { campaign: g.campaign } : {}
  const events = [
    event(
      'payment_intent.created',
      paymentIntent(pi, g, {
        customer: null,
        metadata: meta,
        status: 'requires_payment_method',
        charge: null,
      }),
      g.at,
    ),
    event('charge.succeeded', charge(ch, pi, g, null, 'succeeded'), g.at + 1),
    event(
      'payment_intent.succeeded',
      paymentIntent(pi, g, { customer: null, metadata: meta, status: 'succeeded', charge: ch }),
      g.at + 1,
    ),
    event(
      'checkout.session.completed',
      session(g, {
        mode: 'payment',
        pi,
        customer: null,
        subscription: null,
        invoice: null,
        paymentStatus: 'paid',
      }),
      g.at + 2,
    ),
  ]
  return { pi, events }
}

/**
 * A delayed method (SEPA Debit, ACH) in payment mode: the session completes unpaid, the
 * payment is processing, and days later succeeds or fails.
 */
export function delayedFlow(g: Gift, outcome: 'succeeded' | 'failed') {
  const pi = uid('pi')
  const ch = uid('ch')
  const meta: Record<string, string> = g.campaign ? { campaign: g.campaign } : {}
  const later = { ...g, at: g.at + 4 * 86400 }
  const cs = session(g, {
    mode: 'payment',
    pi,
    customer: null,
    subscription: null,
    invoice: null,
    paymentStatus: 'unpaid',
  })
  const events = [
    event(
      'payment_intent.created',
      paymentIntent(pi, g, {
        customer: null,
        metadata: meta,
        status: 'requires_payment_method',
        charge: null,
      }),
      g.at,
    ),
    event('checkout.session.completed', cs, g.at + 1),
    event(
      'payment_intent.processing',
      paymentIntent(pi, g, { customer: null, metadata: meta, status: 'processing', charge: ch }),
      g.at + 1,
    ),
    event('charge.pending', charge(ch, pi, g, null, 'pending'), g.at + 1),
  ]
  if (outcome === 'succeeded') {
    events.push(
      event('charge.succeeded', charge(ch, pi, later, null, 'succeeded'), later.at),
      event(
        'payment_intent.succeeded',
        paymentIntent(pi, g, { customer: null, metadata: meta, status: 'succeeded', charge: ch }),
        later.at,
      ),
      event(
        'checkout.session.async_payment_succeeded',
        { ...cs, payment_status: 'paid' },
        later.at + 1,
      ),
    )
  } else {
    events.push(
      event('charge.failed', charge(ch, pi, later, null, 'failed'), later.at),
      event(
        'payment_intent.payment_failed',
        paymentIntent(pi, g, {
          customer: null,
          metadata: meta,
          status: 'requires_payment_method',
          charge: ch,
        }),
        later.at,
      ),
      event('checkout.session.async_payment_failed', cs, later.at + 1),
    )
  }
  return { pi, events }
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

function invoiceObject(
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

/** One payment of a subscription's invoice: PaymentIntent (no metadata), charge, invoice. */
function invoicePayment(s: Subscription, at: number, reason: string) {
  const pi = uid('pi')
  const ch = uid('ch')
  const inv = uid('in')
  const g = { ...s.gift, at }
  const paidInvoice = invoiceObject(s, inv, at, 'paid', reason)
  const events = [
    event('invoice.created', { ...invoiceObject(s, inv, at, 'open', reason), status: 'draft' }, at),
    event('invoice.finalized', invoiceObject(s, inv, at, 'open', reason), at),
    event(
      'payment_intent.created',
      paymentIntent(pi, g, {
        customer: s.customer,
        metadata: {},
        status: 'requires_payment_method',
        charge: null,
      }),
      at,
    ),
    event('charge.succeeded', charge(ch, pi, g, s.customer, 'succeeded'), at + 1),
    event(
      'payment_intent.succeeded',
      paymentIntent(pi, g, { customer: s.customer, metadata: {}, status: 'succeeded', charge: ch }),
      at + 1,
    ),
    event(
      'invoice_payment.paid',
      {
        id: uid('inpay'),
        object: 'invoice_payment',
        amount_paid: s.gift.amount,
        amount_requested: s.gift.amount,
        created: at,
        currency: s.gift.currency ?? 'usd',
        invoice: inv,
        is_default: true,
        livemode: false,
        payment: { type: 'payment_intent', payment_intent: pi },
        status: 'paid',
        status_transitions: { canceled_at: null, paid_at: at + 1 },
      },
      at + 1,
    ),
    event('invoice.paid', paidInvoice, at + 2),
    event('invoice.payment_succeeded', paidInvoice, at + 2),
  ]
  return { pi, invoice: inv, events }
}

/** A monthly gift through Checkout `mode=subscription`: first invoice and session. */
export function subscriptionFlow(g: Gift, interval: Subscription['interval'] = 'month') {
  const s: Subscription = {
    id: uid('sub'),
    customer: uid('cus'),
    item: uid('si'),
    gift: g,
    interval,
  }
  const first = invoicePayment(s, g.at, 'subscription_create')
  const events = [
    ...first.events,
    event('customer.subscription.created', subscriptionObject(s, 'active', g.at), g.at + 1),
    event(
      'checkout.session.completed',
      session(g, {
        mode: 'subscription',
        pi: null,
        customer: s.customer,
        subscription: s.id,
        invoice: first.invoice,
        paymentStatus: 'paid',
      }),
      g.at + 3,
    ),
  ]
  return { sub: s, pi: first.pi, invoice: first.invoice, events }
}

/** A renewal of a subscription at `at` (a new invoice, PaymentIntent and charge). */
export function renewalFlow(s: Subscription, at: number) {
  const r = invoicePayment(s, at, 'subscription_cycle')
  return {
    ...r,
    events: [
      ...r.events,
      event('customer.subscription.updated', subscriptionObject(s, 'active', at), at + 2),
    ],
  }
}

/** The end of a subscription: `customer.subscription.deleted` (status canceled). */
export function cancelFlow(s: Subscription, at: number) {
  return [event('customer.subscription.deleted', subscriptionObject(s, 'canceled', at), at)]
}
