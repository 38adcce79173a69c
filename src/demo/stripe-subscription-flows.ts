import type Stripe from 'stripe'
import { productOf, subscriptionObject } from './stripe-billing.js'
import {
  addMonthsUnix,
  stripeEvent as event,
  type Gift,
  type SessionRef,
  type Subscription,
  uid,
} from './stripe-gift.js'
import { customerOf, invoiceOf, paidInvoice } from './stripe-invoice-attempts.js'
import { customerObject, paymentMethodObject, session } from './stripe-payments.js'

/** A monthly gift's events: first payment, renewals (paid, or declined then retried), cancellation (see stripe-flows.ts). */

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
    ...i.declined(failed, 1, retryAt),
    event('customer.updated', customerOf(s, true), failed + 1, { delinquent: false }),
    event('customer.subscription.updated', sub('past_due'), failed + 1, { status: 'active' }),
  ]
  const retried = [
    ...i.paid(retryAt, 2),
    event('customer.updated', customerOf(s, false), retryAt + 1, { delinquent: true }),
    event('customer.subscription.updated', sub('active'), retryAt + 1, { status: 'past_due' }),
  ]
  /**
   * Instead of `retried`: the retry at `retryAt` is declined too and is the last one, so the
   * subscription ends `canceled` (customer.subscription.deleted) or turns `unpaid`, as the
   * account's settings say [G]. The invoice stays open and counts nothing.
   */
  const exhausted = (end: 'canceled' | 'unpaid') => [
    ...i.declined(retryAt, 2, null),
    end === 'canceled'
      ? event(
          'customer.subscription.deleted',
          subscriptionObject(s, 'canceled', at, i.invoice, retryAt + 1),
          retryAt + 1,
        )
      : event('customer.subscription.updated', sub('unpaid'), retryAt + 1, {
          status: 'past_due',
        }),
  ]
  return { pi: i.pi, invoice: i.invoice, paidAt: i.paidAt, declined, retried, exhausted }
}

/** The period of `s` under way at `at`: the start of the last renewal at or before it. */
function periodAt(s: Subscription, at: number): number {
  let n = 0
  while (renewalAt(s, n + 1) <= at) n += 1
  return renewalAt(s, n)
}

/**
 * The amount of a subscription changed at `at` to `amount` (minor units), as the customer portal
 * switching to another price (or the Dashboard's "Update subscription") does: the item takes a
 * new price, Stripe sends `customer.subscription.updated` with the old items in
 * `previous_attributes` (an updated array is given whole [G]), and the following renewals
 * invoice the new amount. The new price is of the same product (as `price_data` with the
 * item's `product`, or a portal's other price of one product, makes it). No proration invoice item: a portal set to `proration_behavior: none`.
 * Returns the changed subscription, for the renewals that follow.
 */
export function amountChangeFlow(s: Subscription, at: number, amount: number) {
  const changed: Subscription = {
    ...s,
    price: uid('price'),
    product: productOf(s),
    gift: { ...s.gift, amount },
  }
  const before = subscriptionObject(s, 'active', periodAt(s, at))
  const after = subscriptionObject(changed, 'active', periodAt(s, at))
  const events = [event('customer.subscription.updated', after, at, { items: before.items })]
  return { sub: changed, events }
}

/** The end of a subscription at `at`: `customer.subscription.deleted` (status canceled). */
export function cancelFlow(s: Subscription, at: number) {
  const ended = subscriptionObject(s, 'canceled', periodAt(s, at), null, at)
  return [event('customer.subscription.deleted', ended, at)]
}
