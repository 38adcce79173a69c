import Stripe from 'stripe'

/** Secrets the test apps are configured with (two: rotation). */
export const WHSEC = 'whsec_test_current_0123456789'
export const WHSEC_OLD = 'whsec_test_previous_0123456789'
export const webhookEnv = { STRIPE_WEBHOOK_SECRET: `${WHSEC},${WHSEC_OLD}` }

let seq = 0
const id = (prefix: string) =>
  `${prefix}_${(++seq).toString(36).padStart(8, '0')}${Math.random().toString(36).slice(2, 8)}`

/** Unix seconds of an ISO time. */
export const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000)

/** A Stripe event envelope as Stripe sends it (API version of the installed package). */
export function event<T extends Stripe.Event.Type>(
  type: T,
  object: unknown,
  created = Math.floor(Date.now() / 1000),
  livemode = false,
): Stripe.Event {
  return {
    id: id('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    data: { object },
    livemode,
    pending_webhooks: 1,
    request: { id: id('req'), idempotency_key: null },
    type,
  } as unknown as Stripe.Event
}

export interface Donation {
  pi: string
  ch: string
  amount: number
  currency: string
  created: number
  campaign?: string
  customer?: string
  email?: string
}

export function donation(d: Partial<Donation> & { amount: number; created: number }): Donation {
  return { pi: id('pi'), ch: id('ch'), currency: 'usd', ...d }
}

export function paymentIntent(d: Donation): Stripe.PaymentIntent {
  return {
    id: d.pi,
    object: 'payment_intent',
    amount: d.amount,
    amount_received: d.amount,
    currency: d.currency,
    created: d.created,
    customer: d.customer ?? null,
    receipt_email: d.email ?? null,
    latest_charge: d.ch,
    livemode: false,
    metadata: d.campaign ? { campaign: d.campaign } : {},
    status: 'succeeded',
  } as unknown as Stripe.PaymentIntent
}

export function charge(d: Donation, extra: Partial<Stripe.Charge> = {}): Stripe.Charge {
  return {
    id: d.ch,
    object: 'charge',
    amount: d.amount,
    amount_captured: d.amount,
    amount_refunded: 0,
    balance_transaction: `txn_${d.ch}`,
    billing_details: { email: d.email ?? null },
    captured: true,
    created: d.created,
    currency: d.currency,
    customer: d.customer ?? null,
    metadata: d.campaign ? { campaign: d.campaign } : {},
    paid: true,
    payment_intent: d.pi,
    receipt_email: d.email ?? null,
    refunded: false,
    status: 'succeeded',
    ...extra,
  } as unknown as Stripe.Charge
}

export function refund(
  d: Donation,
  amount: number,
  status: Stripe.Refund['status'],
  reId = id('re'),
  created = d.created + 3600,
): Stripe.Refund {
  return {
    id: reId,
    object: 'refund',
    amount,
    balance_transaction: `txn_${reId}`,
    charge: d.ch,
    created,
    currency: d.currency,
    metadata: {},
    payment_intent: d.pi,
    status,
  } as unknown as Stripe.Refund
}

export function dispute(
  d: Donation,
  txns: { id: string; amount: number; fee: number }[],
  status: Stripe.Dispute['status'],
  dpId = 'dp_x',
): Stripe.Dispute {
  return {
    id: dpId,
    object: 'dispute',
    amount: d.amount,
    balance_transactions: txns.map((t) => ({
      id: t.id,
      object: 'balance_transaction',
      amount: t.amount,
      currency: d.currency,
      fee: t.fee,
      created: d.created + 7200,
      reporting_category: 'dispute',
    })),
    charge: d.ch,
    created: d.created + 7200,
    currency: d.currency,
    payment_intent: d.pi,
    reason: 'fraudulent',
    status,
  } as unknown as Stripe.Dispute
}

export function checkoutSession(d: Donation, campaign?: string): Stripe.Checkout.Session {
  return {
    id: id('cs'),
    object: 'checkout.session',
    amount_total: d.amount,
    currency: d.currency,
    customer: d.customer ?? null,
    customer_details: { email: d.email ?? null },
    metadata: campaign ? { campaign } : {},
    mode: 'payment',
    payment_intent: d.pi,
    payment_status: 'paid',
    status: 'complete',
  } as unknown as Stripe.Checkout.Session
}

/** An invoice as since API 2025-03-31: payments list and parent.subscription_details. */
export function invoice(d: Donation, subscriptionCampaign?: string): Stripe.Invoice {
  return {
    id: id('in'),
    object: 'invoice',
    amount_paid: d.amount,
    currency: d.currency,
    customer: d.customer ?? null,
    customer_email: d.email ?? null,
    metadata: {},
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: {
        metadata: subscriptionCampaign ? { campaign: subscriptionCampaign } : {},
        subscription: 'sub_1',
      },
    },
    payments: {
      object: 'list',
      data: [
        {
          id: id('inpay'),
          object: 'invoice_payment',
          payment: { type: 'payment_intent', payment_intent: d.pi },
        },
      ],
      has_more: false,
      url: '/v1/invoice_payments',
    },
    status: 'paid',
  } as unknown as Stripe.Invoice
}

/** Signs a body exactly as Stripe does. */
export function sign(body: string, secret = WHSEC, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  })
}

/** Posts a signed event to an app (app.request or a fetch-like function). */
export async function postEvent(
  request: (path: string, init: RequestInit) => Response | Promise<Response>,
  e: Stripe.Event,
  secret = WHSEC,
): Promise<Response> {
  const body = JSON.stringify(e)
  return request('/webhooks/stripe', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': sign(body, secret) },
    body,
  })
}
