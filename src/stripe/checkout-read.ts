import type Stripe from 'stripe'
import type { Interval } from '../domain/checkout.js'

/** A finished Checkout Session's gift, as the thank-you page states it. */
export interface SessionGift {
  /** Minor units charged: the gift and any fee cover (`amount_total`). */
  amount: number
  /** Upper-case ISO code. */
  currency: string
  interval: Interval
  /** Of `amount`, what the reader added to cover the fee (0 for none, or when unknown). */
  cover: number
  /** Completed but not yet paid: a delayed method (SEPA Debit, ACH) settles days later. */
  pending: boolean
}

/** What a session says about a gift to one campaign. */
export type SessionReading =
  | { kind: 'gift'; gift: SessionGift }
  /** Not a session of this campaign (or of no gift at all): told apart from no session by no one. */
  | { kind: 'not_found' }
  /** Of this campaign but not completed: open (the reader left Checkout) or expired. */
  | { kind: 'unpaid' }

const minorUnits = (v: string | undefined): number | null =>
  v !== undefined && /^\d{1,12}$/.test(v) ? Number(v) : null

/**
 * The gift a Checkout Session records for campaign `slug` (pure). Everything comes from the
 * session Stripe returned (Checkout/Sessions.d.ts: `metadata`, `status`, `payment_status`,
 * `amount_total`, `currency`, `mode`); the metadata is what src/stripe/checkout.ts set when it
 * created the session (`campaign`, `interval`, `gift`, `cover`). A session of another campaign
 * reads as not found, so the page tells nobody which sessions exist elsewhere.
 */
export function readSession(s: Stripe.Checkout.Session, slug: string): SessionReading {
  const meta = s.metadata ?? {}
  if (meta.campaign !== slug || s.mode === 'setup') return { kind: 'not_found' }
  if (s.status !== 'complete') return { kind: 'unpaid' }
  if (s.amount_total === null || !s.currency) return { kind: 'not_found' }
  // Sessions made before yearly gifts carried no interval: a subscription then was monthly.
  const interval: Interval =
    s.mode === 'payment' ? 'once' : meta.interval === 'year' ? 'year' : 'month'
  const gift = minorUnits(meta.gift)
  const cover = minorUnits(meta.cover)
  const covered = gift !== null && cover !== null && gift + cover === s.amount_total ? cover : 0
  return {
    kind: 'gift',
    gift: {
      amount: s.amount_total,
      currency: s.currency.toUpperCase(),
      interval,
      cover: covered,
      pending: s.payment_status === 'unpaid',
    },
  }
}

/** What a Checkout Session id looks like (`cs_test_…`, `cs_live_…`); anything else is not sent. */
export const SESSION_ID = /^cs_(?:test|live)_[A-Za-z0-9]{1,200}$/

/**
 * `GET /v1/checkout/sessions/:id` on the campaign's account; null when Stripe has no such
 * session (404). Any other failure throws.
 */
export async function retrieveSession(
  stripe: Stripe,
  id: string,
  opts: Stripe.RequestOptions & { timeoutMs: number },
): Promise<Stripe.Checkout.Session | null> {
  const { timeoutMs, ...request } = opts
  try {
    return await stripe.checkout.sessions.retrieve(id, undefined, {
      ...request,
      timeout: timeoutMs,
      maxNetworkRetries: 1,
    })
  } catch (err) {
    if ((err as { statusCode?: unknown }).statusCode === 404) return null
    throw err
  }
}
