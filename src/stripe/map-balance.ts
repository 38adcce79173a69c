import type Stripe from 'stripe'
import type { BalanceFigures } from '../ingest/facts.js'
import { int } from './map-fields.js'

/** An integer Stripe amount, or null (a fee is never guessed). */
const intOrNull = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null)

/**
 * A Stripe balance transaction's figures (pure): `amount`, `fee`, `net` in minor units of its
 * `currency` (the account's settlement currency), `exchange_rate` when Stripe converted it, and
 * `fee_details` (Stripe's fee, taxes, an application fee). See Stripe's BalanceTransaction type.
 */
export function balanceFigures(bt: Stripe.BalanceTransaction): BalanceFigures {
  const rate = bt.exchange_rate
  return {
    id: bt.id,
    amount: int(bt.amount),
    fee: intOrNull(bt.fee),
    net: intOrNull(bt.net),
    currency: String(bt.currency).toUpperCase(),
    exchangeRate: typeof rate === 'number' && Number.isFinite(rate) && rate > 0 ? rate : null,
    feeDetails: (Array.isArray(bt.fee_details) ? bt.fee_details : []).flatMap((d) =>
      Number.isSafeInteger(d?.amount) && typeof d.type === 'string'
        ? [{ type: d.type, amount: d.amount }]
        : [],
    ),
  }
}
