import Stripe from 'stripe'
import {
  amountChangeFlow,
  cancelFlow,
  declinedRenewalFlow,
  delayedFlow,
  type Method,
  paymentFlow,
  renewalAt,
  renewalFlow,
  type Subscription,
  subscriptionFlow,
} from './stripe-flows.js'
import { uid } from './stripe-gift.js'
import { session } from './stripe-payments.js'

/**
 * A Checkout Session as a stand-in for Stripe remembers it between create and "pay", and what
 * paying or renewing it sends. Shared by the demo's stand-in Checkout (src/cli/demo-checkout.ts)
 * and the tests' fake Stripe (test/support/fake-stripe.ts). Demo and tests only.
 */
export interface SimSession {
  id: string
  mode: 'payment' | 'subscription'
  /** Minor units. */
  amount: number
  /** Lower-case, as Stripe writes it. */
  currency: string
  campaign: string
  name: string
  successUrl: string
  cancelUrl: string
  /** The form fields of the create, flat, as Stripe reads them. */
  params: Record<string, string>
  paid: boolean
  /** Unix seconds of the payment, once paid. */
  paidAt?: number
  /** Set once a subscription-mode session is paid. */
  subscription?: Subscription
  /** Renewals sent so far. */
  renewals: number
  /** The session as `checkout.session.completed` carried it, once paid. */
  completed?: Stripe.Checkout.Session
}

/** The session a `POST /v1/checkout/sessions` form makes (the fields the service sends). */
export function sessionFromForm(form: URLSearchParams): SimSession {
  const id = uid('cs_test')
  const p = Object.fromEntries(form)
  return {
    id,
    mode: p.mode === 'subscription' ? 'subscription' : 'payment',
    amount: Number(p['line_items[0][price_data][unit_amount]']),
    currency: p['line_items[0][price_data][currency]'] ?? 'usd',
    campaign: p['metadata[campaign]'] ?? '',
    name: p['line_items[0][price_data][product_data][name]'] ?? '',
    successUrl: (p.success_url ?? '').replace('{CHECKOUT_SESSION_ID}', id),
    cancelUrl: p.cancel_url ?? '',
    params: p,
    paid: false,
    renewals: 0,
  }
}

/** The Checkout Session object the create answers with (open, unpaid). */
export function openSessionJson(s: SimSession, url: string) {
  return {
    id: s.id,
    object: 'checkout.session',
    mode: s.mode,
    status: 'open',
    payment_status: 'unpaid',
    amount_total: s.amount,
    currency: s.currency,
    metadata: s.campaign ? { campaign: s.campaign } : {},
    url,
  }
}

/** The `metadata[…]` fields of the create, as Stripe keeps them on the session. */
function metadataOf(params: Record<string, string>): Stripe.Metadata {
  const out: Stripe.Metadata = {}
  for (const [k, v] of Object.entries(params)) {
    const m = /^metadata\[(\w+)\]$/.exec(k)
    if (m?.[1]) out[m[1]] = v
  }
  return out
}

/**
 * `GET /v1/checkout/sessions/:id`: the whole Checkout Session (Stripe's fixture, as the
 * `checkout.session.completed` event carried it once paid), with the metadata the create sent.
 * Unpaid: `status: open`, `payment_status: unpaid`, the reader's page as `url`.
 */
export function retrievedSessionJson(s: SimSession, url: string): Stripe.Checkout.Session {
  const metadata = metadataOf(s.params)
  if (s.completed) return { ...s.completed, metadata }
  const open = session(
    { amount: s.amount, currency: s.currency, at: Math.floor(Date.now() / 1000) },
    {
      id: s.id,
      mode: s.mode,
      pi: null,
      customer: null,
      subscription: null,
      invoice: null,
      paymentStatus: 'unpaid',
      successUrl: s.successUrl,
      cancelUrl: s.cancelUrl,
    },
  )
  return { ...open, status: 'open', customer_details: null, url, metadata }
}

export interface PayOptions {
  /** Unix seconds of the payment; now by default. */
  at?: number
  email?: string
  /** `card` (default) succeeds at once; `sepa_debit` (payment mode) settles later. */
  method?: Method
  /** For a delayed method: how it ends (default succeeded) and when (3 days later). */
  outcome?: 'succeeded' | 'failed'
  settleAt?: number
}

/** Pays a session: marks it paid and returns every event Stripe sends for it, in causal order. */
export function payEvents(s: SimSession, o: PayOptions = {}): Stripe.Event[] {
  if (s.paid) throw new Error(`session ${s.id} is already paid`)
  const at = o.at ?? Math.floor(Date.now() / 1000)
  const gift = {
    amount: s.amount,
    currency: s.currency,
    at,
    ...(s.campaign ? { campaign: s.campaign } : {}),
    ...(o.email ? { email: o.email } : {}),
  }
  const ref = { id: s.id, successUrl: s.successUrl, cancelUrl: s.cancelUrl }
  s.paid = true
  s.paidAt = at
  let events: Stripe.Event[]
  if (s.mode === 'subscription') {
    if (o.method && o.method !== 'card') throw new Error('the stand-ins pay subscriptions by card')
    const f = subscriptionFlow(gift, 'month', ref)
    s.subscription = f.sub
    events = f.events
  } else if ((o.method ?? 'card') === 'card') {
    events = paymentFlow(gift, ref).events
  } else {
    events = delayedFlow(
      { ...gift, method: o.method ?? 'sepa_debit' },
      o.outcome ?? 'succeeded',
      ref,
      o.settleAt,
    ).events
  }
  const done = events.find((e) => e.type === 'checkout.session.completed')
  if (done) s.completed = done.data.object as Stripe.Checkout.Session
  return events
}

/** The next renewal of a paid subscription-mode session: one period after the last payment. */
export function renewEvents(s: SimSession): { at: number; events: Stripe.Event[] } {
  const sub = subscriptionOf(s)
  const at = renewalAt(sub, s.renewals + 1)
  s.renewals += 1
  return { at, events: renewalFlow(sub, at).events }
}

/**
 * The next renewal, declined (the subscription turns `past_due`), and the events of Stripe's
 * retry at `retryAt`: `retried` pays it; `exhausted` is declined too and ends the subscription.
 */
export function declinedRenewalEvents(s: SimSession, retryAt: number) {
  const sub = subscriptionOf(s)
  const at = renewalAt(sub, s.renewals + 1)
  if (retryAt <= at + 3600) throw new Error('the retry comes after the declined attempt')
  s.renewals += 1
  const f = declinedRenewalFlow(sub, at, retryAt)
  return { at, declined: f.declined, retried: f.retried, exhausted: f.exhausted }
}

/** The subscription of a paid subscription-mode session canceled at `at` (now by default). */
export function cancelEvents(s: SimSession, at = Math.floor(Date.now() / 1000)) {
  return cancelFlow(subscriptionOf(s), at)
}

/**
 * The amount of a paid subscription-mode session's subscription changed to `amount` at `at`
 * (the customer portal): its event; the renewals after it invoice the new amount.
 */
export function changeAmountEvents(
  s: SimSession,
  amount: number,
  at = Math.floor(Date.now() / 1000),
) {
  const f = amountChangeFlow(subscriptionOf(s), at, amount)
  s.subscription = f.sub
  return f.events
}

function subscriptionOf(s: SimSession): Subscription {
  if (!s.subscription) throw new Error(`session ${s.id} has no paid subscription`)
  return s.subscription
}

/** Where signed events go: the service's webhook URL, or a fetch-like function (tests). */
export type WebhookTarget = {
  secret: string
  send: (body: string, signature: string) => Promise<Response>
}

/** A target that POSTs to a URL, as Stripe does. */
export function webhookUrlTarget(url: () => string, secret: string): WebhookTarget {
  return {
    secret,
    send: (body, signature) =>
      fetch(url(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
        body,
      }),
  }
}

/** Signs each event as Stripe does and sends it; returns the answers' statuses, in order. */
export async function deliverSigned(
  target: WebhookTarget,
  events: readonly Stripe.Event[],
): Promise<number[]> {
  const statuses: number[] = []
  for (const event of events) {
    const body = JSON.stringify(event)
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: target.secret,
    })
    const res = await target.send(body, header)
    await res.arrayBuffer()
    statuses.push(res.status)
  }
  return statuses
}
