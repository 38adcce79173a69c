import type { MoneyEffect } from '../ingest/facts.js'
import { id, idOrNull, key, minorOf, ref, unixOf } from './map-fields.js'
import type { Dispute } from './types.js'

/** Outcomes that give the money back to the seller. */
const SELLER_WINS = new Set(['RESOLVED_SELLER_FAVOUR', 'CANCELED_BY_BUYER', 'DENIED'])

/**
 * A dispute withdraws its amount from the capture or sale it names, once (keyed by the dispute),
 * whichever of its events comes first; resolved in the seller's favour, the amount comes back
 * (a reinstatement, keyed by the dispute too).
 */
export function disputeEffects(d: Dispute, resolved: boolean): MoneyEffect[] {
  const disputeId = id(d.dispute_id, 'dispute')
  const paid = idOrNull(d.disputed_transactions?.[0]?.seller_transaction_id)
  if (!paid) return []
  const gross = minorOf(d.dispute_amount?.value, d.dispute_amount?.currency_code, 'dispute')
  const at = unixOf(d.create_time, 'dispute')
  const outcome = d.dispute_outcome?.outcome_code ?? null
  const base = {
    paymentRef: ref(paid),
    currency: gross.currency,
    sourceId: disputeId,
    campaign: null,
    donor: null,
    paymentCreated: null,
    balanceTransaction: null,
    data: { provider: 'paypal', dispute: disputeId, status: d.status ?? null, outcome },
  }
  const out: MoneyEffect[] = [
    {
      ...base,
      entryKey: key('dispute', `${disputeId}:withdrawal`),
      kind: 'dispute_withdrawal',
      amount: -Math.abs(gross.amount),
      occurredAt: at,
    },
  ]
  if (resolved && outcome !== null && SELLER_WINS.has(outcome)) {
    out.push({
      ...base,
      entryKey: key('dispute', `${disputeId}:reinstatement`),
      kind: 'dispute_reinstatement',
      amount: Math.abs(gross.amount),
      occurredAt: d.update_time ? unixOf(d.update_time, 'dispute') : at,
    })
  }
  return out
}
