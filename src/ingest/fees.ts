import { ledgerKey } from '../domain/keys.js'
import { currencyExponent } from '../domain/money.js'
import { monthOf } from '../domain/months.js'
import type { EntrySettlement } from '../store/ledger.js'
import type { PaymentEntry } from '../store/payments.js'
import type { PlannedEntry } from './decide.js'
import type { BalanceFigures } from './facts.js'
import type { Placement } from './place.js'

/** Kinds of processor money that have a balance transaction (and so a fee) of their own. */
const SETTLED_KINDS = new Set([
  'payment',
  'refund',
  'refund_reversal',
  'dispute_withdrawal',
  'dispute_reinstatement',
])

/** True for an entry of money a processor booked in a balance transaction of its own. */
export const hasOwnBalance = (kind: string) => SETTLED_KINDS.has(kind)

/**
 * A balance transaction's fee in another currency than the entry's (pure): Stripe's rate turns
 * the entry's currency into the settlement one (major units), so the fee goes back through it,
 * rounded to the entry currency's minor unit.
 */
export function feeIn(currency: string, bt: BalanceFigures): number | null {
  if (bt.fee === null) return null
  if (bt.currency === currency) return bt.fee
  if (!bt.exchangeRate || !(bt.exchangeRate > 0)) return null
  const shift = 10 ** (currencyExponent(currency) - currencyExponent(bt.currency))
  const fee = Math.round((bt.fee * shift) / bt.exchangeRate)
  return Number.isSafeInteger(fee) ? fee : null
}

/**
 * What a balance transaction says of an entry in `currency` (pure): its id, its fee in that
 * currency, and the settlement currency and rate when they differ from it.
 */
export function settlementOf(currency: string, bt: BalanceFigures): EntrySettlement {
  const other = bt.currency !== currency
  return {
    balanceTransaction: bt.id,
    fee: feeIn(currency, bt),
    settlementCurrency: other ? bt.currency : null,
    exchangeRate: other && bt.exchangeRate !== null ? String(bt.exchangeRate) : null,
  }
}

/** The balance transaction's own figures, kept in an entry's data (in its own currency). */
export const balanceData = (bt: BalanceFigures) => ({
  balance: {
    id: bt.id,
    amount: bt.amount,
    fee: bt.fee,
    net: bt.net,
    currency: bt.currency,
    feeDetails: bt.feeDetails,
  },
})

/**
 * Fees that came after their money (pure): an entry of Stripe money written before its balance
 * transaction was known (asynchronous capture: `charge.updated` brings the charge's, a
 * `refund.updated` the refund's) stays as it was; a new entry of kind `fee`, keyed by the balance
 * transaction, carries the fee (amount 0) in the payment's month where the payment sits now. It
 * is written only if the lookup finds the fee (`fee.only`). Entries kept aside for their currency
 * are left to their conversion, which records the fee itself.
 */
export function feesDue(
  ledger: readonly PaymentEntry[],
  paymentRef: string,
  placement: Placement,
  balanceTransactionOf: (entry: PaymentEntry) => string | null,
  eventId: string | null,
): PlannedEntry[] {
  const target = placement.campaign
  if (!target) return []
  const out: PlannedEntry[] = []
  for (const e of ledger) {
    if (e.paymentRef !== paymentRef || e.source !== 'stripe' || !hasOwnBalance(e.kind)) continue
    if (e.fee != null || e.currency !== target.currency) continue
    const txn = e.balanceTransaction ?? balanceTransactionOf(e)
    if (!txn) continue
    const key = ledgerKey.fee(txn)
    if (ledger.some((x) => x.entryKey === key || (x.balanceTransaction === txn && x.fee != null)))
      continue
    out.push({
      entry: {
        entryKey: key,
        campaign: target.slug,
        month:
          placement.month ?? monthOf(new Date(placement.paymentCreated * 1000), target.timezone),
        kind: 'fee',
        amount: 0,
        currency: target.currency,
        counted: true,
        donation: 0,
        donor: null,
        source: 'stripe',
        sourceId: txn,
        paymentRef,
        note: `fee of ${e.kind} known when its balance transaction came`,
        actor: null,
        eventId,
        data: { feeFor: e.entryKey, paymentCreated: placement.paymentCreated },
        occurredAt: e.occurredAt,
      },
      fee: { balanceTransaction: txn, latestCharge: null, only: true },
    })
  }
  return out
}
