import type Stripe from 'stripe'
import { type InvoiceTimes, invoiceObject, invoicePayment } from './stripe-billing.js'
import { stripeEvent as event, type Subscription, uid } from './stripe-gift.js'
import { charge, customerObject, FAILURE_CODE, paymentIntent } from './stripe-payments.js'

/**
 * One invoice of a subscription and its payment attempts, paid or declined, as the events of
 * src/demo/stripe-subscription-flows.ts send them (sources: src/demo/stripe-flows.ts).
 */

/** One invoice of a subscription: its id, PaymentIntent, times and how it is built. */
export function invoiceOf(
  s: Subscription,
  at: number,
  reason: Stripe.Invoice.BillingReason,
  finalizeAfter: number,
) {
  const pi = uid('pi')
  const inv = uid('in')
  const fin = at + finalizeAfter
  // The PaymentIntent is the invoice's default payment's, made at finalization.
  const g = { ...s.gift, at: fin, method: 'card' as const }
  const intent = (status: Stripe.PaymentIntent.Status, latest: string | null, error?: string) =>
    paymentIntent(pi, g, {
      customer: s.customer,
      metadata: {},
      status,
      charge: latest,
      ...(error ? { error } : {}),
    })
  const invoice = (status: 'draft' | 'open' | 'paid', t: Partial<InvoiceTimes> = {}) =>
    invoiceObject(s, inv, status, reason, { created: at, finalizedAt: fin, ...t })
  /** The events of the invoice's creation and finalization, and of its PaymentIntent's. */
  const opened = [
    event('invoice.created', invoice('draft'), at),
    event('invoice.finalized', invoice('open'), fin),
    event('payment_intent.created', intent('requires_payment_method', null), fin),
  ]
  /** A successful attempt at `paidAt` (the `attempts`th), from its charge to `invoice.paid`. */
  const paid = (paidAt: number, attempts: number) => {
    const ch = uid('ch')
    const done = invoice('paid', { paidAt, attempts })
    return [
      event(
        'charge.succeeded',
        charge(ch, pi, { ...g, at: paidAt }, s.customer, 'succeeded'),
        paidAt,
      ),
      event('payment_intent.succeeded', intent('succeeded', ch), paidAt),
      event(
        'invoice_payment.paid',
        invoicePayment(s, inv, pi, { finalizedAt: fin, paidAt }),
        paidAt,
      ),
      event('invoice.paid', done, paidAt + 1),
      event('invoice.payment_succeeded', done, paidAt + 1),
    ]
  }
  /**
   * The `attempt`th attempt at `failedAt`, declined: the invoice stays open, for a retry at
   * `nextAttempt`, or for none (null) once Stripe's retries are exhausted.
   */
  const declined = (failedAt: number, attempt: number, nextAttempt: number | null) => {
    const ch = uid('ch')
    const retrying = invoice('open', { attempts: attempt, nextAttempt })
    return [
      event(
        'charge.failed',
        charge(ch, pi, { ...g, at: failedAt }, s.customer, 'failed'),
        failedAt,
      ),
      event(
        'payment_intent.payment_failed',
        intent('requires_payment_method', ch, FAILURE_CODE),
        failedAt,
      ),
      event('invoice.payment_failed', retrying, failedAt + 1),
      event('invoice.updated', retrying, failedAt + 1, {
        attempted: attempt > 1,
        attempt_count: attempt - 1,
        next_payment_attempt: attempt > 1 ? failedAt : fin,
      }),
    ]
  }
  /** `paidAt`: the PaymentIntent's time (its creation), which decides the payment's month. */
  return { pi, invoice: inv, paidAt: fin, fin, opened, paid, declined }
}

/**
 * The subscriber as `customer.updated` carries it: the card of the first payment is its default,
 * and `delinquent` is set by an automatic payment failure and reset by a payment (Customer type).
 */
export function customerOf(s: Subscription, delinquent: boolean): Stripe.Customer {
  const c = customerObject(s.customer, s.gift)
  const pm = `pm_${s.id.slice(4)}`
  return {
    ...c,
    delinquent,
    invoice_settings: { ...c.invoice_settings, default_payment_method: pm },
  }
}

/** One invoice of a subscription paid by card at the first try: from invoice.created on. */
export function paidInvoice(
  s: Subscription,
  at: number,
  reason: Stripe.Invoice.BillingReason,
  finalizeAfter: number,
) {
  const i = invoiceOf(s, at, reason, finalizeAfter)
  return {
    pi: i.pi,
    invoice: i.invoice,
    paidAt: i.paidAt,
    events: [...i.opened, ...i.paid(i.fin + 1, 1)],
  }
}
