import { ledgerKey, providerKey, providerRef } from '../domain/keys.js'
import type { MoneyEffect, SubscriptionFact } from '../ingest/facts.js'
import type { SourceName } from './source.js'

/**
 * Neutral facts as every source builds them, keyed `provider:kind:naturalId`: a payment (one
 * per charge id, or one synthetic charge per subscriber and period where the platform has none),
 * a refund under its own id, and a subscription's state (no money).
 */

export interface PaymentInput {
  /** The platform's own id of the charge, or `<subscriber>:<period>` for a synthetic one. */
  id: string
  amount: number
  currency: string
  occurredAt: number
  /** A campaign slug the event itself names (after mapping), else null. */
  campaign: string | null
  data: Record<string, unknown>
}

/** Money in: `<source>:payment:<id>`, counted once however often it arrives. */
export function payment(source: SourceName, p: PaymentInput): MoneyEffect {
  const ref = providerRef(source, p.id)
  return {
    entryKey: ledgerKey.payment(ref),
    kind: 'payment',
    paymentRef: ref,
    amount: p.amount,
    currency: p.currency,
    occurredAt: p.occurredAt,
    sourceId: p.id,
    campaign: p.campaign,
    donor: null,
    paymentCreated: p.occurredAt,
    balanceTransaction: null,
    balance: null,
    data: { provider: source, ...p.data },
  }
}

/** Money out: `<source>:refund:<id>`, naming the payment it reverses. */
export function refund(
  source: SourceName,
  r: { id: string; paid: string; amount: number; currency: string; occurredAt: number },
): MoneyEffect {
  return {
    entryKey: providerKey(source, 'refund', r.id),
    kind: 'refund',
    paymentRef: providerRef(source, r.paid),
    amount: -Math.abs(r.amount),
    currency: r.currency,
    occurredAt: r.occurredAt,
    sourceId: r.id,
    campaign: null,
    donor: null,
    paymentCreated: null,
    balanceTransaction: null,
    balance: null,
    data: { provider: source, reverses: r.paid },
  }
}

/** Orders one subscription's states sent in the same second: a later step wins. */
export const STATE_RANK = { started: 1, updated: 2, cancelled: 3 } as const

/** A subscription's state: `<source>:<id>`, monthly minor units, newest version wins. */
export function subscriptionState(
  source: SourceName,
  s: {
    id: string
    campaign: string | null
    status: 'active' | 'canceled'
    monthly: number
    currency: string
    at: number
    step: keyof typeof STATE_RANK
  },
): SubscriptionFact {
  return {
    id: providerRef(source, s.id),
    campaign: s.campaign,
    status: s.status,
    monthly: s.monthly,
    currency: s.currency,
    version: s.at * 4 + STATE_RANK[s.step],
  }
}
