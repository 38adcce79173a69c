import type Stripe from 'stripe'
import { invoiceObject, invoicePayment, subscriptionObject } from './stripe-billing.js'
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
  paymentIntent,
  paymentMethodObject,
  session,
} from './stripe-payments.js'

/** A monthly gift's events: first payment, renewals, cancellation (see stripe-flows.ts). */

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
