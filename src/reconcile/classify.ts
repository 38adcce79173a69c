import { toMajorString } from '../domain/money.js'
import { monthOf } from '../domain/months.js'

/**
 * A processor's books against the ledger, one balance transaction at a time (pure): which money
 * a transaction is, and every difference from the ledger's entries for it, each with one code.
 */

export const CODES = [
  'MISSING_IN_LEDGER',
  'MISSING_AT_STRIPE',
  'AMOUNT_MISMATCH',
  'CURRENCY_MISMATCH',
  'FEE_MISMATCH',
  'REFUND_NOT_RECORDED',
  'DISPUTE_NOT_RECORDED',
  'WRONG_MONTH',
  'NOT_YET_PAID_OUT',
  'PAYOUT_TOTAL_MISMATCH',
] as const
export type Code = (typeof CODES)[number]

/** The codes a repair closes: money Stripe booked that never reached the ledger. */
export const REPAIRABLE: readonly Code[] = [
  'MISSING_IN_LEDGER',
  'REFUND_NOT_RECORDED',
  'DISPUTE_NOT_RECORDED',
]

/** A balance transaction as the reconciliation reads it (Stripe's, with its source expanded). */
export interface BookedTxn {
  id: string
  type: string
  reportingCategory: string
  amount: number
  fee: number
  net: number
  /** Upper-case. */
  currency: string
  status: string
  created: number
  /** The object that moved the money: `ch_…`, `re_…`, `dp_…`, `po_…`, …; null for none. */
  source: {
    id: string
    object: string
    /** A charge's PaymentIntent; a refund's or dispute's charge PaymentIntent when expanded. */
    paymentIntent: string | null
    /** The charge a refund or dispute reverses, when expanded; null for a charge. */
    charge: string | null
    /**
     * When the payment was made, the month its money counts in: a charge's creation time when
     * expanded; for a refund or dispute, its charge's, once looked up.
     */
    created: number | null
  } | null
}

/** An amount for a note, in major units with its currency: `51.00 USD` (exact, no locale). */
export const major = (minor: number, currency: string) =>
  `${toMajorString(minor, currency)} ${currency}`

/** What a transaction is to the service: a donation's money, or money of another kind. */
export type TxnKind = 'charge' | 'refund' | 'dispute' | 'other'

const CHARGE_TYPES = new Set(['charge', 'payment'])
const REFUND_TYPES = new Set(['refund', 'payment_refund', 'payment_failure_refund'])

/**
 * Donations and their reversals; everything else (Stripe's own fees billed apart, transfers,
 * payouts, top-ups) is classified and never reported missing.
 */
export function kindOf(t: BookedTxn): TxnKind {
  if (CHARGE_TYPES.has(t.type)) return 'charge'
  if (REFUND_TYPES.has(t.type) || t.reportingCategory === 'refund') return 'refund'
  if (t.reportingCategory === 'dispute' || t.reportingCategory === 'dispute_reversal')
    return 'dispute'
  if (t.source?.object === 'dispute') return 'dispute'
  return 'other'
}

/** A ledger entry as the comparison reads it. */
export interface BookEntry {
  entryKey: string
  kind: string
  campaign: string | null
  month: string | null
  amount: number
  currency: string
  counted: boolean
  fee: number | null
  balanceTransaction: string | null
  settlementCurrency: string | null
  /** The balance transaction's own figures the entry recorded (data.balance), if any. */
  balance: { amount: number; fee: number | null; currency: string } | null
}

export interface Discrepancy {
  code: Code
  balanceTransaction: string | null
  object: string | null
  campaign: string | null
  month: string | null
  expected: number | null
  actual: number | null
  /** The currency of expected and actual (upper-case); null when unknown. */
  currency: string | null
  note: string
}

/** The ledger's side of one transaction: amount, fee and net in the transaction's currency. */
export interface LedgerSide {
  amount: number
  fee: number
  net: number
}

const MISSING: Record<Exclude<TxnKind, 'other'>, Code> = {
  charge: 'MISSING_IN_LEDGER',
  refund: 'REFUND_NOT_RECORDED',
  dispute: 'DISPUTE_NOT_RECORDED',
}

/**
 * Every difference between one donation transaction and the entries found for it (pure):
 * `entries` are those keyed by its source or naming it; `fees` the later fee entries keyed by
 * it; `timezoneOf` a campaign's timezone. Returns the ledger's side too, in Stripe's currency,
 * for the report's totals (null when the ledger has none).
 */
export function compareTxn(
  t: BookedTxn,
  entries: readonly BookEntry[],
  fees: readonly BookEntry[],
  timezoneOf: (campaign: string) => string | undefined,
  scope: 'payout' | 'range',
): { discrepancies: Discrepancy[]; ledger: LedgerSide | null } {
  const kind = kindOf(t)
  if (kind === 'other') return { discrepancies: [], ledger: null }
  const base = { balanceTransaction: t.id, object: t.source?.id ?? null, currency: t.currency }
  const entry =
    entries.find((e) => e.counted && e.balanceTransaction === t.id) ??
    entries.find((e) => e.counted && e.entryKey.startsWith('convert:')) ??
    entries.find((e) => e.counted) ??
    entries[0]
  if (!entry) {
    return {
      discrepancies: [
        {
          ...base,
          code: MISSING[kind],
          campaign: null,
          month: null,
          expected: t.amount,
          actual: null,
          note: `Stripe booked ${t.type} ${t.id} (${major(t.amount, t.currency)}) that no ledger entry records`,
        },
      ],
      ledger: null,
    }
  }
  const where = { campaign: entry.campaign, month: entry.month }
  const out: Discrepancy[] = []
  const push = (code: Code, expected: number | null, actual: number | null, note: string) =>
    out.push({ ...base, ...where, code, expected, actual, note })
  // The entry's figures in the transaction's currency: its own, or those it recorded settled.
  const inTxnCurrency =
    entry.currency === t.currency
      ? { amount: entry.amount, fee: entry.fee }
      : entry.balance && entry.balance.currency === t.currency
        ? { amount: entry.balance.amount, fee: entry.balance.fee }
        : null
  if (!inTxnCurrency) {
    push(
      'CURRENCY_MISMATCH',
      null,
      null,
      `The ledger counts ${entry.entryKey} in ${entry.currency}; Stripe settled it in ${t.currency} and no conversion is recorded`,
    )
    return { discrepancies: out, ledger: null }
  }
  if (inTxnCurrency.amount !== t.amount) {
    push(
      'AMOUNT_MISMATCH',
      t.amount,
      inTxnCurrency.amount,
      `Stripe booked ${major(t.amount, t.currency)}; the ledger has ${major(inTxnCurrency.amount, t.currency)}`,
    )
  }
  const later = fees.reduce((n, f) => n + (f.fee ?? 0), 0)
  const known = inTxnCurrency.fee !== null || fees.length > 0
  const fee = (inTxnCurrency.fee ?? 0) + (entry.currency === t.currency ? later : 0)
  if (fee !== t.fee && (known || t.fee !== 0)) {
    push(
      'FEE_MISMATCH',
      t.fee,
      known ? fee : null,
      known
        ? `Stripe's fee is ${major(t.fee, t.currency)}; the ledger has ${major(fee, t.currency)}`
        : `Stripe's fee is ${major(t.fee, t.currency)}; the ledger has none recorded`,
    )
  }
  const tz = entry.campaign ? timezoneOf(entry.campaign) : undefined
  if (tz && t.source?.created && entry.month) {
    const month = monthOf(new Date(t.source.created * 1000), tz)
    if (month !== entry.month) {
      out.push({
        ...base,
        code: 'WRONG_MONTH',
        campaign: entry.campaign,
        month: entry.month,
        expected: null,
        actual: null,
        note:
          kind === 'charge'
            ? `Paid in ${month} (${tz}); the ledger counts it in ${entry.month}`
            : `Its payment ${t.source.charge ?? ''} was made in ${month} (${tz}); the ledger counts this ${kind} in ${entry.month}`,
      })
    }
  }
  if (scope === 'range' && t.status === 'pending') {
    push(
      'NOT_YET_PAID_OUT',
      null,
      null,
      `Recorded; Stripe has not made ${t.id} available for a payout yet`,
    )
  }
  return {
    discrepancies: out,
    ledger: { amount: inTxnCurrency.amount, fee, net: inTxnCurrency.amount - fee },
  }
}

/** The keys of the entries that may record a transaction's money (its source's natural keys). */
export function candidateKeys(t: BookedTxn): string[] {
  const src = t.source
  if (!src) return []
  const keys: string[] = []
  const both = (k: string) => keys.push(k, `convert:${k}`)
  if (kindOf(t) === 'charge') {
    if (src.paymentIntent) both(`stripe:payment:${src.paymentIntent}`)
    both(`stripe:payment:${src.id}`)
  } else if (kindOf(t) === 'refund' && src.object === 'refund') {
    // A refund that failed gives its money back in a transaction of its own.
    both(
      t.type === 'payment_failure_refund'
        ? `stripe:refund_reversal:${src.id}`
        : `stripe:refund:${src.id}`,
    )
  } else if (kindOf(t) === 'dispute') {
    both(`stripe:dispute:${t.id}`)
  }
  return keys
}
