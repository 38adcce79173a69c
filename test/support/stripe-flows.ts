import { event } from './stripe-events.js'
import {
  charge,
  type Gift,
  invoiceObject,
  paymentIntent,
  type Subscription,
  session,
  subscriptionObject,
  uid,
} from './stripe-objects.js'

export type { Gift, Subscription } from './stripe-objects.js'

/**
 * The full event sequences Stripe sends for each Checkout mode on the API version the stripe
 * package pins (2026-10-28.endive; basil shapes): object shapes from the package's types
 * (cjs/resources/**), trimmed to the keys that matter plus the ones that show what is absent
 * since basil (no `invoice.payment_intent`, no `payments` list in webhooks, no
 * `PaymentIntent.invoice`). Each event is in its usual causal order; tests shuffle them.
 */

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

/** A seeded shuffle with some events delivered twice (Stripe may send any of them again). */
export function shuffled<T>(list: readonly T[], seed: number): T[] {
  let x = seed * 2654435761 + 1
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648
  }
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  for (let k = 0; k < 3; k++)
    out.splice(Math.floor(rand() * out.length), 0, out[Math.floor(rand() * out.length)] as T)
  return out
}
