import type Stripe from 'stripe'
import { stripeEvent as event, type Gift, meta, type SessionRef, uid } from './stripe-gift.js'
import { charge, FAILURE_CODE, paymentIntent, session } from './stripe-payments.js'

export type { Gift, Method, SessionRef, Subscription } from './stripe-gift.js'
export * from './stripe-subscription-flows.js'

/**
 * The events Stripe sends for a Checkout gift, per mode, on the API version the stripe package
 * pins (2026-10-28.endive, basil line), in a causal order. Stripe promises no order, so the
 * tests deliver them shuffled, with duplicates. Object shapes: stripe-objects.ts (Stripe's
 * fixtures3.json, kept to the package's types). What each step rests on, by the sources below:
 *
 * - payment mode, card: payment_intent.created (`requires_payment_method` [A]),
 *   charge.succeeded, payment_intent.succeeded (a card never goes through `processing` [A];
 *   with `capture_method: automatic_async` both carry `balance_transaction: null` [B]),
 *   checkout.session.completed (`payment_status: paid`, `payment_intent` set: payment mode
 *   only [G]), then charge.updated when the balance transaction is attached [B]. A guest has
 *   no Customer: payment mode makes one only with `customer_creation: always` [G].
 * - payment mode, delayed method (SEPA Debit [E]; ACH alike): the PaymentIntent goes through
 *   `processing` as bank debits do [A] (payment_intent.processing, charge.pending; no
 *   `processing` details, the type admits `card` only [G]); checkout.session.completed comes
 *   with `payment_status: unpaid` [F]; later either charge.succeeded, payment_intent.succeeded,
 *   checkout.session.async_payment_succeeded (`paid`) [F][G], or charge.failed,
 *   payment_intent.payment_failed (back to `requires_payment_method` with
 *   `last_payment_error` [A][G]), checkout.session.async_payment_failed [F][G]. We settle 3 days
 *   later by default; [E] says funds typically arrive in 5 business days.
 * - subscription mode, first payment: customer.created (subscription mode makes a Customer
 *   [G]), customer.subscription.created (`incomplete` until the first invoice is paid [G]),
 *   invoice.created (`subscription_create`), invoice.finalized, payment_intent.created,
 *   payment_method.attached, charge.succeeded, payment_intent.succeeded, invoice_payment.paid,
 *   invoice.paid, invoice.payment_succeeded, customer.subscription.updated (`active` [G]),
 *   customer.updated (the card becomes the default), checkout.session.completed
 *   (`payment_intent: null`, a payment-mode field [G]; `subscription` set [G]; `invoice` set
 *   to the first invoice: the type only says "the invoice created by the Checkout Session, if
 *   it exists", and the service does not need it, it falls back to `subscription`).
 *   Since basil an invoice has no `payment_intent`/`charge` and a PaymentIntent no `invoice`
 *   [C]; invoice_payment.paid (introduced by 2025-05-28.basil [D]) carries the invoice's
 *   default InvoicePayment: `invoice`, `payment: {type: payment_intent, payment_intent}`,
 *   `status: paid`, `is_default: true`, made when the invoice is finalized [G].
 * - renewal, each period [H]: customer.subscription.updated (the item's period moves),
 *   invoice.created (`subscription_cycle` [G], draft), about an hour later [G][H]
 *   invoice.finalized and the payment attempt: payment_intent.created, charge.succeeded,
 *   payment_intent.succeeded, invoice_payment.paid, invoice.paid, invoice.payment_succeeded.
 * - renewal declined [H][I]: as above up to payment_intent.created, then charge.failed,
 *   payment_intent.payment_failed (`requires_payment_method` [A][I]), invoice.payment_failed and
 *   invoice.updated (still `open`, `attempt_count: 1`, `next_payment_attempt` set [G]),
 *   customer.updated (`delinquent: true` [G]), customer.subscription.updated (`past_due`: an
 *   automatic payment failed [G]). Stripe's retry [G]: charge.succeeded,
 *   payment_intent.succeeded, invoice_payment.paid, invoice.paid, invoice.payment_succeeded,
 *   customer.updated (`delinquent: false` [G][H]), customer.subscription.updated (`active`).
 *   Or the last retry is declined too (`next_payment_attempt: null`, no attempt left [G]) and
 *   the subscription becomes `canceled` (customer.subscription.deleted) or `unpaid`
 *   (customer.subscription.updated), "depending on your subscriptions settings" [G].
 * - cancellation: customer.subscription.deleted ("a customer's subscription ends" [G];
 *   `canceled`, `canceled_at`/`ended_at` set, the period it ended in).
 * - amount changed (the customer portal switching price, or the Dashboard): one
 *   customer.subscription.updated ("whenever a subscription changes (e.g., switching from one
 *   plan to another…)" [G]) whose item has the new price, the old items in
 *   `previous_attributes`; the next renewal's invoice is for the new amount.
 *
 * Not stated in what we read, so chosen here: the exact order and timing within a step; that
 * the first payment sends payment_method.attached and customer.updated; that Stripe's retry
 * of an invoice confirms the same PaymentIntent (a failed PaymentIntent is there to be
 * retried [A] and an invoice has one default InvoicePayment [G], but no page we read says it
 * in so many words; its creation time, the renewal's, decides the payment's month); failure
 * codes (`insufficient_funds`, illustrative: the service reads none); an invoice's `period_*`.
 *
 * Sources read (2026-11-26):
 * [A] https://docs.stripe.com/payments/paymentintents/lifecycle (and its older copy at
 *     stripe.com/docs/…): created in `requires_payment_method`; bank debits go through
 *     `processing`, cards do not; a failed attempt "returns to requires_payment_method so that
 *     the payment can be retried"
 * [B] https://docs.stripe.com/payments/payment-intents/asynchronous-capture
 * [C] https://docs.stripe.com/changelog/basil/2025-03-31/add-support-for-multiple-partial-payments-on-invoices
 * [D] https://docs.stripe.com/changelog/basil/2025-05-28/partial-payments
 * [E] https://docs.stripe.com/payments/sepa-debit/accept-a-payment ("a delayed notification
 *     payment method")
 * [F] https://docs.stripe.com/checkout/fulfillment (its opening: webhooks are required for
 *     subscriptions and delayed methods, check `payment_status`; for the delayed-method events,
 *     an answer citing its #immediate-versus-delayed-payment-methods section:
 *     https://coderapp.vercel.app/answer/79650617) and the event descriptions in [G]
 * [G] the stripe package's types, node_modules/stripe/cjs/resources: Events.d.ts (what each
 *     event means), Subscriptions.d.ts `status`, Checkout/Sessions.d.ts `payment_intent`,
 *     `customer`, `invoice`, `subscription`, Invoices.d.ts `attempted`, `attempt_count`,
 *     `ending_balance`, `next_payment_attempt`, InvoicePayments.d.ts `is_default`,
 *     Customers.d.ts `delinquent`, PaymentIntents.d.ts `processing`, `last_payment_error`
 * [H] Stripe's support answer "What events can I see when a subscription is renewed?"
 *     (support.stripe.com/questions/what-events-can-i-see-when-a-subscription-is-renewed),
 *     read in a copy at https://cbabhusal.wordpress.com/tag/stripe/; it predates
 *     PaymentIntents, so it names no payment_intent.* event
 * [I] https://docs.stripe.com/billing/subscriptions/webhooks (its opening), and its 2021
 *     version (web.archive.org/web/20211011121608/https://stripe.com/docs/billing/
 *     subscriptions/webhooks): "When payments fail, an invoice.payment_failed event is sent
 *     and the status of the PaymentIntent is requires_payment_method"
 */

/** The Checkout Session of a one-off gift (`mode=payment`, a guest: no customer). */
function paymentSession(g: Gift, ref: SessionRef, pi: string, paymentStatus: 'paid' | 'unpaid') {
  return session(g, {
    ...ref,
    mode: 'payment',
    pi,
    customer: null,
    subscription: null,
    invoice: null,
    paymentStatus,
  })
}

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
    event('checkout.session.completed', paymentSession(card, ref, pi, 'paid'), g.at + 2),
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
  const cs = paymentSession(d, ref, pi, 'unpaid')
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
