import type { Mapped, PaymentFact, SubscriptionFact } from '../ingest/facts.js'
import { id, minorOrNull, ref } from './map-fields.js'
import type { Subscription } from './types.js'

/** A campaign slug as `custom_id` may carry it; anything else names no campaign. */
export const slugOf = (v: unknown) =>
  typeof v === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(v) ? v : null

/** Subscription statuses as the ingest counts them (src/store/subscriptions.ts). */
const STATUS: Record<string, string> = {
  'BILLING.SUBSCRIPTION.ACTIVATED': 'active',
  'BILLING.SUBSCRIPTION.SUSPENDED': 'paused',
  'BILLING.SUBSCRIPTION.CANCELLED': 'canceled',
  'BILLING.SUBSCRIPTION.EXPIRED': 'ended',
}
/** Orders one subscription's states sent in the same second. */
const RANK: Record<string, number> = {
  'BILLING.SUBSCRIPTION.ACTIVATED': 1,
  'BILLING.SUBSCRIPTION.SUSPENDED': 2,
  'BILLING.SUBSCRIPTION.CANCELLED': 3,
  'BILLING.SUBSCRIPTION.EXPIRED': 3,
}

/**
 * A subscription's state (no money): its campaign (`custom_id`), for the sales that link to it,
 * and monthly supporters from its last payment's amount (plans are taken as monthly: the donate
 * page creates only monthly ones; 0 until a payment is known).
 */
export function subscription(s: Subscription, type: string, created: number): Mapped {
  const subId = id(s.id, 'subscription')
  const last = minorOrNull(s.billing_info?.last_payment?.amount, 'subscription payment')
  const state: SubscriptionFact = {
    id: ref(subId),
    campaign: slugOf(s.custom_id),
    status: STATUS[type] ?? 'unknown',
    monthly: last?.amount ?? 0,
    currency: last?.currency ?? 'USD',
    version: created * 4 + (RANK[type] ?? 0),
  }
  const fact: PaymentFact = {
    paymentRef: ref(subId),
    source: 'subscription',
    campaign: state.campaign,
    donor: null,
    chargeCreated: null,
    link: null,
  }
  return { money: [], facts: [fact], subscription: state }
}
