import Stripe from 'stripe'

/** A Checkout Session as the demo stand-in remembers it between create and "pay". */
export interface DemoSession {
  id: string
  mode: 'payment' | 'subscription'
  amount: number
  currency: string
  campaign: string
  name: string
  successUrl: string
  cancelUrl: string
  paid: boolean
}

let seq = 0
/** A fresh Stripe-looking id (`pi_demo…`), unique within the process, marked as demo. */
export const newId = (prefix: string) =>
  `${prefix}_demo${(++seq).toString(36)}${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`

/** The events Stripe sends when a session of this mode is paid by card, in causal order. */
export function paidEvents(s: DemoSession, now: number, email: string): Stripe.Event[] {
  const pi = newId('pi')
  const ch = newId('ch')
  const cus = s.mode === 'subscription' ? newId('cus') : null
  const metadata = { campaign: s.campaign }
  const envelope = (type: string, object: unknown, created = now) =>
    ({
      id: newId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    }) as unknown as Stripe.Event
  const charge = {
    id: ch,
    object: 'charge',
    status: 'succeeded',
    paid: true,
    captured: true,
    amount: s.amount,
    amount_captured: s.amount,
    amount_refunded: 0,
    refunded: false,
    disputed: false,
    currency: s.currency,
    created: now,
    customer: cus,
    payment_intent: pi,
    balance_transaction: null,
    billing_details: { address: null, email, name: 'Demo Reader', phone: null, tax_id: null },
    metadata: {},
    receipt_email: null,
    livemode: false,
  }
  const intent = {
    id: pi,
    object: 'payment_intent',
    status: 'succeeded',
    amount: s.amount,
    amount_received: s.amount,
    amount_capturable: 0,
    currency: s.currency,
    created: now,
    customer: cus,
    latest_charge: ch,
    // Checkout copies payment_intent_data.metadata; an invoice's PaymentIntent has none.
    metadata: s.mode === 'payment' ? metadata : {},
    receipt_email: null,
    capture_method: 'automatic_async',
    allowed_payment_method_types: null,
    livemode: false,
  }
  const details = {
    address: null,
    business_name: null,
    email,
    individual_name: null,
    name: 'Demo Reader',
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  }
  const session = {
    id: s.id,
    object: 'checkout.session',
    mode: s.mode,
    status: 'complete',
    payment_status: 'paid',
    amount_subtotal: s.amount,
    amount_total: s.amount,
    currency: s.currency,
    created: now,
    customer: cus,
    customer_details: details,
    customer_email: null,
    metadata,
    payment_intent: s.mode === 'payment' ? pi : null,
    subscription: null as string | null,
    invoice: null as string | null,
    submit_type: 'donate',
    ui_mode: 'hosted_page',
    success_url: s.successUrl,
    cancel_url: s.cancelUrl,
    url: null,
    livemode: false,
  }
  if (s.mode === 'payment') {
    return [
      envelope('charge.succeeded', charge),
      envelope('payment_intent.succeeded', intent),
      envelope('checkout.session.completed', session),
    ]
  }
  const sub = newId('sub')
  const inv = newId('in')
  session.subscription = sub
  session.invoice = inv
  const price = {
    id: newId('price'),
    object: 'price',
    currency: s.currency,
    unit_amount: s.amount,
    type: 'recurring',
    recurring: { interval: 'month', interval_count: 1 },
  }
  const subscription = {
    id: sub,
    object: 'subscription',
    status: 'active',
    customer: cus,
    currency: s.currency,
    created: now,
    start_date: now,
    metadata,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    latest_invoice: inv,
    items: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: newId('si'),
          object: 'subscription_item',
          quantity: 1,
          subscription: sub,
          current_period_start: now,
          current_period_end: now + 30 * 86400,
          price,
        },
      ],
    },
    livemode: false,
  }
  const invoice = {
    id: inv,
    object: 'invoice',
    status: 'paid',
    billing_reason: 'subscription_create',
    currency: s.currency,
    created: now,
    amount_due: s.amount,
    amount_paid: s.amount,
    amount_remaining: 0,
    total: s.amount,
    customer: cus,
    customer_email: email,
    metadata: {},
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: sub, metadata },
    },
    status_transitions: {
      finalized_at: now,
      paid_at: now,
      marked_uncollectible_at: null,
      voided_at: null,
    },
    lines: { object: 'list', has_more: false, data: [] },
    livemode: false,
  }
  const invoicePayment = {
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: s.amount,
    amount_requested: s.amount,
    created: now,
    currency: s.currency,
    invoice: inv,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: pi },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: now },
  }
  return [
    envelope('charge.succeeded', charge),
    envelope('payment_intent.succeeded', intent),
    envelope('customer.subscription.created', subscription),
    envelope('invoice_payment.paid', invoicePayment),
    envelope('invoice.paid', invoice),
    envelope('checkout.session.completed', session),
  ]
}
