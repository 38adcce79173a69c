import type Stripe from 'stripe'
import { sign, unix, WHSEC } from '../support/stripe-events.js'
import { shuffled } from '../support/stripe-flows.js'

/**
 * Events of the Stripe configurations issue 20 is about, shaped as Stripe's types and the
 * changelog say (see /tmp research notes in docs/webhooks.md "API versions"): asynchronous
 * capture, pre-basil invoices, other modes and too-old versions.
 */

let seq = 0
export const sid = (prefix: string) =>
  `${prefix}_${(++seq).toString(36).padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`

export interface Envelope {
  apiVersion?: string | null
  livemode?: unknown
  account?: string
}

/** An event envelope as Stripe sends it; `api_version` the endpoint's. */
export function envelope(
  type: string,
  object: unknown,
  created: number,
  o: Envelope & { previous?: unknown } = {},
): Stripe.Event {
  return {
    id: sid('evt'),
    object: 'event',
    api_version: o.apiVersion === undefined ? '2026-10-28.endive' : o.apiVersion,
    created,
    data: { object, ...(o.previous ? { previous_attributes: o.previous } : {}) },
    livemode: 'livemode' in o ? o.livemode : false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    ...(o.account ? { account: o.account } : {}),
  } as unknown as Stripe.Event
}

export interface Gift {
  pi: string
  ch: string
  txn: string
  amount: number
  currency: string
  created: number
  campaign: string
  customer: string | null
}

export const gift = (
  g: Partial<Gift> & { amount: number; currency: string; created: number; campaign: string },
): Gift => ({
  pi: sid('pi'),
  ch: sid('ch'),
  txn: sid('txn'),
  customer: null,
  ...g,
})

export function pi(g: Gift, extra: Record<string, unknown> = {}) {
  return {
    id: g.pi,
    object: 'payment_intent',
    amount: g.amount,
    amount_received: g.amount,
    capture_method: 'automatic_async',
    currency: g.currency,
    created: g.created,
    customer: g.customer,
    latest_charge: g.ch,
    livemode: false,
    metadata: { campaign: g.campaign },
    receipt_email: null,
    status: 'succeeded',
    ...extra,
  }
}

/** The charge; `balance_transaction` null until the asynchronous capture settles it. */
export function ch(g: Gift, txn: string | null, extra: Record<string, unknown> = {}) {
  return {
    id: g.ch,
    object: 'charge',
    amount: g.amount,
    amount_captured: g.amount,
    amount_refunded: 0,
    balance_transaction: txn,
    billing_details: { email: null },
    captured: true,
    created: g.created,
    currency: g.currency,
    customer: g.customer,
    livemode: false,
    metadata: { campaign: g.campaign },
    paid: true,
    payment_intent: g.pi,
    receipt_email: null,
    refunded: false,
    status: 'succeeded',
    failure_balance_transaction: null,
    ...extra,
  }
}

/** A BalanceTransaction in the account's currency (fixtures3.json's shape). */
export function bt(id: string, source: string, amount: number, currency: string, created: number) {
  return {
    id,
    object: 'balance_transaction',
    amount,
    available_on: created + 86400 * 2,
    balance_type: 'payments',
    created,
    currency,
    description: null,
    exchange_rate: 0.0067,
    fee: 0,
    fee_details: [],
    net: amount,
    reporting_category: amount < 0 ? 'refund' : 'charge',
    source,
    status: 'pending',
    type: amount < 0 ? 'refund' : 'charge',
  }
}

export function re(g: Gift, id: string, amount: number, txn: string | null, created: number) {
  return {
    id,
    object: 'refund',
    amount,
    balance_transaction: txn,
    charge: g.ch,
    created,
    currency: g.currency,
    metadata: {},
    payment_intent: g.pi,
    status: 'succeeded',
  }
}

/** Stripe-Signature for `body`, dated `at` (unix seconds; now by default). */
export const signed = (body: string, at?: number) => sign(body, WHSEC, at)

export type Request = (path: string, init?: RequestInit) => Response | Promise<Response>

/** Posts one signed event; returns the status. */
export async function post(request: Request, e: Stripe.Event, at?: number): Promise<Response> {
  const body = JSON.stringify(e)
  return request('/webhooks/stripe', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(body, at) },
    body,
  })
}

/** Delivers events shuffled by `seed` with duplicates; every answer must be 2xx. */
export async function deliver(request: Request, events: Stripe.Event[], seed: number) {
  const statuses: number[] = []
  for (const e of shuffled(events, seed, 3)) statuses.push((await post(request, e)).status)
  return statuses
}

export const at = (iso: string) => unix(iso)

/** A gift's `payment_intent.succeeded` and `charge.succeeded` (settled), from `o.account`. */
export const paid = (g: Gift, o: Envelope = {}) => [
  envelope('payment_intent.succeeded', pi(g), g.created, o),
  envelope('charge.succeeded', ch(g, g.txn), g.created, o),
]

/** A monthly Subscription naming `campaign` (one item, a monthly price; Stripe's types). */
export function subscription(g: Gift, id: string, status = 'active') {
  return {
    id,
    object: 'subscription',
    created: g.created,
    currency: g.currency,
    customer: g.customer ?? sid('cus'),
    livemode: false,
    metadata: { campaign: g.campaign },
    status,
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
      data: [
        {
          id: sid('si'),
          object: 'subscription_item',
          quantity: 1,
          subscription: id,
          price: {
            id: sid('price'),
            object: 'price',
            currency: g.currency,
            unit_amount: g.amount,
            recurring: { interval: 'month', interval_count: 1 },
          },
        },
      ],
    },
  }
}
