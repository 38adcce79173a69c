import type Stripe from 'stripe'
import {
  addMonthsUnix,
  charge,
  customerObject,
  stripeEvent as event,
  type Gift,
  invoiceObject,
  invoicePayment,
  paymentIntent,
  paymentMethodObject,
  type Subscription,
  session,
  subscriptionObject,
  uid,
} from './stripe-objects.js'

export type { Gift, Method, Subscription } from './stripe-objects.js'

/**
 * The events Stripe sends for a Checkout gift, per mode, on the API version the stripe package
 * pins (2026-10-28.endive, basil line), in their usual causal order (Stripe does not promise
 * any order; tests deliver them shuffled, with duplicates). Where the sequences come from:
 *
 * - payment mode, card (docs.stripe.com/checkout/fulfillment, docs.stripe.com/payments/
 *   payment-intents/verifying-status): payment_intent.created, charge.succeeded,
 *   payment_intent.succeeded, checkout.session.completed (`payment_status: paid`), then
 *   charge.updated when the balance transaction is attached. A guest: Checkout's default
 *   `customer_creation: if_required` makes no Customer in payment mode.
 * - payment mode, delayed method such as SEPA Debit or ACH (docs.stripe.com/checkout/
 *   fulfillment "delayed notification payment methods", docs.stripe.com/payments/sepa-debit/
 *   accept-a-payment): payment_intent.created, payment_intent.processing, charge.pending,
 *   checkout.session.completed with `payment_status: unpaid`; days later either
 *   charge.succeeded, payment_intent.succeeded, checkout.session.async_payment_succeeded
 *   (`paid`), or charge.failed, payment_intent.payment_failed (back to
 *   `requires_payment_method`, `last_payment_error` set), checkout.session.async_payment_failed.
 * - subscription mode, first payment (docs.stripe.com/billing/subscriptions/webhooks, and the
 *   basil changelog "invoice payments": docs.stripe.com/changelog/basil/2025-03-31/
 *   add-support-for-multiple-partial-payments-on-invoices): customer.created,
 *   customer.subscription.created (`incomplete` until the first invoice is paid),
 *   invoice.created, invoice.finalized, payment_intent.created, payment_method.attached,
 *   charge.succeeded, payment_intent.succeeded, invoice_payment.paid (the only link from the
 *   PaymentIntent to its invoice since basil: an invoice has no `payment_intent`, and the
 *   PaymentIntent no `invoice` nor metadata), invoice.paid, invoice.payment_succeeded,
 *   customer.subscription.updated (`active`), customer.updated (default payment method),
 *   checkout.session.completed (`payment_intent: null`; `invoice` and `subscription` set).
 * - subscription renewal, each period (same page, "subscription lifecycle"):
 *   customer.subscription.updated (the item's period moves), invoice.created
 *   (`subscription_cycle`, draft), about an hour later invoice.finalized,
 *   payment_intent.created, charge.succeeded, payment_intent.succeeded, invoice_payment.paid,
 *   invoice.paid, invoice.payment_succeeded, all dated in the new period.
 * - cancellation: customer.subscription.deleted (`canceled`).
 * Object shapes: stripe-objects.ts (Stripe's fixtures3.json and the package's types).
 */

/** Where the fake's or demo's own session and return URLs go, when it made the session. */
export interface SessionRef {
  id?: string
  successUrl?: string
  cancelUrl?: string
}

const meta = (g: Gift): Stripe.Metadata => (g.campaign ? { campaign: g.campaign } : {})

/** A one-off gift by card through Checkout `mode=payment` (a guest: no customer). */
export function paymentFlow(g: Gift, ref: SessionRef = {}) {
  const pi = uid('pi')
  const ch = uid('ch')
  const card = { ...g, method: 'card' as const }
  const intent = (status: Stripe.PaymentIntent.Status, latest: string | null) =>
    paymentIntent(pi, card, { customer: null, metadata: meta(g), status, charge: latest })
  const paid = charge(ch, pi, card, null, 'succeeded')
  const events = [
    event('payment_intent.created', intent('requires_payment_method', null), g.at),
    event('charge.succeeded', paid, g.at + 1),
    event('payment_intent.succeeded', intent('succeeded', ch), g.at + 1),
    event(
      'checkout.session.completed',
      session(card, {
        ...ref,
        mode: 'payment',
        pi,
        customer: null,
        subscription: null,
        invoice: null,
        paymentStatus: 'paid',
      }),
      g.at + 2,
    ),
    event('charge.updated', { ...paid, balance_transaction: `txn_${ch.slice(3)}` }, g.at + 60, {
      balance_transaction: null,
    }),
  ]
  return { pi, events }
}

/**
 * A delayed method (SEPA Debit by default) in payment mode: the session completes unpaid, the
 * payment is processing, and at `settleAt` (3 days later by default) succeeds or fails.
 */
export function delayedFlow(
  g: Gift,
  outcome: 'succeeded' | 'failed',
  ref: SessionRef = {},
  settleAt = g.at + 3 * 86400,
) {
  const pi = uid('pi')
  const ch = uid('ch')
  const d = { ...g, method: g.method ?? ('sepa_debit' as const) }
  const intent = (status: Stripe.PaymentIntent.Status, error?: string) =>
    paymentIntent(pi, d, {
      customer: null,
      metadata: meta(g),
      status,
      charge: ch,
      ...(error ? { error } : {}),
    })
  // The charge exists from the moment the debit is submitted.
  const debit = { ...d, at: g.at + 1 }
  const cs = session(d, {
    ...ref,
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
      paymentIntent(pi, d, {
        customer: null,
        metadata: meta(g),
        status: 'requires_payment_method',
        charge: null,
      }),
      g.at,
    ),
    event('payment_intent.processing', intent('processing'), g.at + 1),
    event('charge.pending', charge(ch, pi, debit, null, 'pending'), g.at + 1),
    event('checkout.session.completed', cs, g.at + 2),
  ]
  if (outcome === 'succeeded') {
    events.push(
      event('charge.succeeded', charge(ch, pi, debit, null, 'succeeded'), settleAt),
      event('payment_intent.succeeded', intent('succeeded'), settleAt),
      event(
        'checkout.session.async_payment_succeeded',
        { ...cs, payment_status: 'paid' },
        settleAt + 1,
      ),
    )
  } else {
    events.push(
      event('charge.failed', charge(ch, pi, debit, null, 'failed'), settleAt),
      event(
        'payment_intent.payment_failed',
        intent('requires_payment_method', 'payment_method_not_available'),
        settleAt,
      ),
      event('checkout.session.async_payment_failed', cs, settleAt + 1),
    )
  }
  return { pi, events }
}

/** One invoice of a subscription paid by card: the events from invoice.created on. */
function paidInvoice(
  s: Subscription,
  at: number,
  reason: Stripe.Invoice.BillingReason,
  finalizeAfter: number,
) {
  const pi = uid('pi')
  const ch = uid('ch')
  const inv = uid('in')
  const fin = at + finalizeAfter
  const g = { ...s.gift, at: fin, method: 'card' as const }
  const intent = (status: Stripe.PaymentIntent.Status, latest: string | null) =>
    paymentIntent(pi, g, { customer: s.customer, metadata: {}, status, charge: latest })
  const paid = invoiceObject(s, inv, at, 'paid', reason)
  const events = [
    event('invoice.created', invoiceObject(s, inv, at, 'draft', reason), at),
    event('invoice.finalized', invoiceObject(s, inv, at, 'open', reason), fin),
    event('payment_intent.created', intent('requires_payment_method', null), fin),
    event('charge.succeeded', charge(ch, pi, g, s.customer, 'succeeded'), fin + 1),
    event('payment_intent.succeeded', intent('succeeded', ch), fin + 1),
    event('invoice_payment.paid', invoicePayment(s, inv, pi, fin + 1), fin + 1),
    event('invoice.paid', paid, fin + 2),
    event('invoice.payment_succeeded', paid, fin + 2),
  ]
  /** `paidAt`: the PaymentIntent's time, which decides the payment's month. */
  return { pi, invoice: inv, paidAt: fin, events }
}

/** A recurring gift through Checkout `mode=subscription`: its customer, first invoice, session. */
export function subscriptionFlow(
  g: Gift,
  interval: Subscription['interval'] = 'month',
  ref: SessionRef = {},
) {
  const s: Subscription = {
    id: uid('sub'),
    customer: uid('cus'),
    item: uid('si'),
    price: uid('price'),
    gift: g,
    interval,
  }
  const pm = `pm_${s.id.slice(4)}`
  const first = paidInvoice(s, g.at, 'subscription_create', 0)
  const customer = customerObject(s.customer, g)
  const [created, ...rest] = first.events
  const events = [
    event('customer.created', customer, g.at),
    event(
      'customer.subscription.created',
      subscriptionObject(s, 'incomplete', g.at, first.invoice),
      g.at,
    ),
    created as Stripe.Event,
    event('payment_method.attached', paymentMethodObject(pm, g, s.customer), g.at + 1),
    ...rest,
    event(
      'customer.subscription.updated',
      subscriptionObject(s, 'active', g.at, first.invoice),
      g.at + 2,
      { status: 'incomplete' },
    ),
    event(
      'customer.updated',
      {
        ...customer,
        invoice_settings: { ...customer.invoice_settings, default_payment_method: pm },
      },
      g.at + 2,
      { invoice_settings: { default_payment_method: null } },
    ),
    event(
      'checkout.session.completed',
      session(
        { ...g, method: 'card' },
        {
          ...ref,
          mode: 'subscription',
          pi: null,
          customer: s.customer,
          subscription: s.id,
          invoice: first.invoice,
          paymentStatus: 'paid',
        },
      ),
      g.at + 3,
    ),
  ]
  return { sub: s, pi: first.pi, invoice: first.invoice, paidAt: first.paidAt, events }
}

/** The `n`th renewal (1 = a period after the first payment), or one at a given time. */
export function renewalAt(s: Subscription, n: number): number {
  return addMonthsUnix(s.gift.at, s.interval === 'year' ? 12 * n : n)
}

/** A renewal of a subscription at `at`: the period moves, a new invoice is paid. */
export function renewalFlow(s: Subscription, at: number) {
  const r = paidInvoice(s, at, 'subscription_cycle', 3600)
  const previousStart = s.interval === 'year' ? addMonthsUnix(at, -12) : addMonthsUnix(at, -1)
  return {
    ...r,
    events: [
      event('customer.subscription.updated', subscriptionObject(s, 'active', at, r.invoice), at, {
        latest_invoice: null,
        items: { data: [{ current_period_start: previousStart, current_period_end: at }] },
      }),
      ...r.events,
    ],
  }
}

/** The end of a subscription: `customer.subscription.deleted` (status canceled). */
export function cancelFlow(s: Subscription, at: number) {
  return [event('customer.subscription.deleted', subscriptionObject(s, 'canceled', at), at)]
}
