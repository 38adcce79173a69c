import type Stripe from 'stripe'
import {
  type InvoiceTimes,
  invoiceObject,
  invoicePayment,
  subscriptionObject,
} from './stripe-billing.js'
import {
  addMonthsUnix,
  stripeEvent as event,
  type Gift,
  type SessionRef,
  type Subscription,
  uid,
} from './stripe-gift.js'
import {
  charge,
  customerObject,
  FAILURE_CODE,
  paymentIntent,
  paymentMethodObject,
  session,
} from './stripe-payments.js'

/** A monthly gift's events: first payment, renewals (paid, or declined then retried), cancellation (see stripe-flows.ts). */

/** One invoice of a subscription: its id, PaymentIntent, times and how it is built. */
function invoiceOf(
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
  /** A declined attempt at `failedAt`, the invoice left open for a retry at `retryAt`. */
  const declined = (failedAt: number, retryAt: number) => {
    const ch = uid('ch')
    const retrying = invoice('open', { attempts: 1, nextAttempt: retryAt })
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
        attempted: false,
        attempt_count: 0,
        next_payment_attempt: fin,
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
function customerOf(s: Subscription, delinquent: boolean): Stripe.Customer {
  const c = customerObject(s.customer, s.gift)
  const pm = `pm_${s.id.slice(4)}`
  return {
    ...c,
    delinquent,
    invoice_settings: { ...c.invoice_settings, default_payment_method: pm },
  }
}

/** One invoice of a subscription paid by card at the first try: from invoice.created on. */
function paidInvoice(
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
    event('customer.updated', customerOf(s, false), g.at + 2, {
      invoice_settings: { default_payment_method: null },
    }),
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

/** The subscription's `customer.subscription.updated` when a new period starts at `at`. */
function periodMoves(s: Subscription, at: number, invoice: string) {
  const previousStart = s.interval === 'year' ? addMonthsUnix(at, -12) : addMonthsUnix(at, -1)
  return event('customer.subscription.updated', subscriptionObject(s, 'active', at, invoice), at, {
    latest_invoice: null,
    items: { data: [{ current_period_start: previousStart, current_period_end: at }] },
  })
}

/** A renewal of a subscription at `at`: the period moves, a new invoice is paid. */
export function renewalFlow(s: Subscription, at: number) {
  const r = paidInvoice(s, at, 'subscription_cycle', 3600)
  return { ...r, events: [periodMoves(s, at, r.invoice), ...r.events] }
}

/**
 * A renewal at `at` whose card is declined, then paid when Stripe retries at `retryAt`:
 * `declined` (the subscription turns `past_due`, the invoice stays `open`) and `retried` (the
 * same invoice and PaymentIntent succeed, the subscription is `active` again).
 */
export function declinedRenewalFlow(s: Subscription, at: number, retryAt: number) {
  const i = invoiceOf(s, at, 'subscription_cycle', 3600)
  const sub = (status: Stripe.Subscription.Status) => subscriptionObject(s, status, at, i.invoice)
  const failed = i.fin + 1
  const declined = [
    periodMoves(s, at, i.invoice),
    ...i.opened,
    ...i.declined(failed, retryAt),
    event('customer.updated', customerOf(s, true), failed + 1, { delinquent: false }),
    event('customer.subscription.updated', sub('past_due'), failed + 1, { status: 'active' }),
  ]
  const retried = [
    ...i.paid(retryAt, 2),
    event('customer.updated', customerOf(s, false), retryAt + 1, { delinquent: true }),
    event('customer.subscription.updated', sub('active'), retryAt + 1, { status: 'past_due' }),
  ]
  return { pi: i.pi, invoice: i.invoice, paidAt: i.paidAt, declined, retried }
}

/** The period of `s` under way at `at`: the start of the last renewal at or before it. */
function periodAt(s: Subscription, at: number): number {
  let n = 0
  while (renewalAt(s, n + 1) <= at) n += 1
  return renewalAt(s, n)
}

/** The end of a subscription at `at`: `customer.subscription.deleted` (status canceled). */
export function cancelFlow(s: Subscription, at: number) {
  const ended = subscriptionObject(s, 'canceled', periodAt(s, at), null, at)
  return [event('customer.subscription.deleted', ended, at)]
}
