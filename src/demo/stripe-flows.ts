import type Stripe from 'stripe'
import { stripeEvent as event, type Gift, meta, type SessionRef, uid } from './stripe-gift.js'
import { charge, FAILURE_CODE, paymentIntent, session } from './stripe-payments.js'

export type { Gift, Method, SessionRef, Subscription } from './stripe-gift.js'
export * from './stripe-subscription-flows.js'

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
        intent('requires_payment_method', FAILURE_CODE),
        settleAt,
      ),
      event('checkout.session.async_payment_failed', cs, settleAt + 1),
    )
  }
  return { pi, events }
}
