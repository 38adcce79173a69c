import Stripe from 'stripe'

/** What every Stripe object of a gift is built from: the gift, ids, the event envelope, times. */

let seq = 0
/** A fresh Stripe-looking id (`pi_…`), unique within the process. */
export const uid = (prefix: string) =>
  `${prefix}_${(++seq).toString(36).padStart(6, '0')}${crypto.randomUUID().replace(/-/g, '').slice(0, 14)}`

/** How the reader pays: a card succeeds at once; SEPA Debit settles days later, or fails. */
export type Method = 'card' | 'sepa_debit'

export interface Gift {
  /** Minor units. */
  amount: number
  /** Lower-case ISO code, as Stripe writes it. */
  currency?: string
  /** Unix seconds the reader paid. */
  at: number
  campaign?: string
  /** The e-mail typed in Checkout. */
  email?: string
  method?: Method
}

export interface Subscription {
  id: string
  customer: string
  item: string
  price: string
  /** The price's product; absent: one of its own, named after the first price. */
  product?: string
  gift: Gift
  interval: 'month' | 'year' | 'week'
}

export const cur = (g: Gift) => g.currency ?? 'usd'
export const meta = (g: Gift): Stripe.Metadata => (g.campaign ? { campaign: g.campaign } : {})

/** The event envelope Stripe posts (`previous` for `*.updated`: the fields that changed). */
export function stripeEvent(
  type: Stripe.Event.Type,
  object: object,
  created: number,
  previous?: Record<string, unknown>,
): Stripe.Event {
  const data = previous ? { object, previous_attributes: previous } : { object }
  // The envelope's type is a union keyed by `type`; the object is checked by its builder.
  return {
    id: uid('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    data,
    livemode: false,
    pending_webhooks: 1,
    request: { id: uid('req'), idempotency_key: null },
    type,
  } as unknown as Stripe.Event
}

/** The same day and time `months` later in UTC (clamped to the month's last day), as Stripe bills. */
export function addMonthsUnix(at: number, months: number): number {
  const d = new Date(at * 1000)
  const day = d.getUTCDate()
  const t = new Date(d)
  t.setUTCDate(1)
  t.setUTCMonth(t.getUTCMonth() + months)
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate()
  t.setUTCDate(Math.min(day, last))
  return Math.floor(t.getTime() / 1000)
}

/** Where the fake's or demo's own session and return URLs go, when it made the session. */
export interface SessionRef {
  id?: string
  successUrl?: string
  cancelUrl?: string
}
