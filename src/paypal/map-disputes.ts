import type { MoneyEffect } from '../ingest/facts.js'
import { id, idOrNull, key, minorOf, ref, unixOf } from './map-fields.js'
import type { Dispute } from './types.js'

/** Outcomes that give the money back to the seller. */
const SELLER_WINS = new Set(['RESOLVED_SELLER_FAVOUR', 'CANCELED_BY_BUYER', 'DENIED'])

/**
 * A chargeback of one capture or sale, as money: withdrawn once, given back once. PayPal may tell
 * one chargeback twice, as `CUSTOMER.DISPUTE.CREATED` (the dispute) and as
 * `PAYMENT.CAPTURE.REVERSED` / `PAYMENT.SALE.REVERSED` (the reversal of the same transaction);
 * both are keyed by the transaction charged back (`paypal:chargeback:<id>:withdrawal`, and
 * `:reinstatement` when the seller wins), so whichever arrives first counts, once, however often
 * either comes. The first one's amount is the one counted.
 */
export interface Chargeback {
  /** The capture or sale charged back. */
  paid: string
  /** The dispute or reversal that tells it. */
  sourceId: string
  gross: { amount: number; currency: string }
  at: number
  /** When the money came back (a dispute resolved for the seller, a reversal cancelled). */
  reinstatedAt: number | null
  balance?: MoneyEffect['balance']
  data: Record<string, unknown>
}

export function chargebackEffects(c: Chargeback): MoneyEffect[] {
  const base = {
    paymentRef: ref(c.paid),
    currency: c.gross.currency,
    sourceId: c.sourceId,
    campaign: null,
    donor: null,
    paymentCreated: null,
    balanceTransaction: null,
    data: { provider: 'paypal', ...c.data },
  }
  const out: MoneyEffect[] = [
    {
      ...base,
      entryKey: key('chargeback', `${c.paid}:withdrawal`),
      kind: 'dispute_withdrawal',
      amount: -Math.abs(c.gross.amount),
      occurredAt: c.at,
      ...(c.balance !== undefined ? { balance: c.balance } : {}),
    },
  ]
  if (c.reinstatedAt !== null) {
    out.push({
      ...base,
      entryKey: key('chargeback', `${c.paid}:reinstatement`),
      kind: 'dispute_reinstatement',
      amount: Math.abs(c.gross.amount),
      occurredAt: c.reinstatedAt,
    })
  }
  return out
}

/**
 * A dispute withdraws its amount from the capture or sale it names (a chargeback, above),
 * whichever of its events comes first; resolved in the seller's favour, the amount comes back.
 */
export function disputeEffects(d: Dispute, resolved: boolean): MoneyEffect[] {
  const disputeId = id(d.dispute_id, 'dispute')
  const paid = idOrNull(d.disputed_transactions?.[0]?.seller_transaction_id)
  if (!paid) return []
  const gross = minorOf(d.dispute_amount?.value, d.dispute_amount?.currency_code, 'dispute')
  const at = unixOf(d.create_time, 'dispute')
  const outcome = d.dispute_outcome?.outcome_code ?? null
  const won = resolved && outcome !== null && SELLER_WINS.has(outcome)
  return chargebackEffects({
    paid,
    sourceId: disputeId,
    gross,
    at,
    reinstatedAt: won ? (d.update_time ? unixOf(d.update_time, 'dispute') : at) : null,
    data: { dispute: disputeId, status: d.status ?? null, outcome },
  })
}
