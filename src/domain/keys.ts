/**
 * Natural keys of ledger entries, defined once. Each names the source of the money, so the
 * unique constraint on `entry_key` counts the same money once however often it arrives.
 */
export const ledgerKey = {
  /** A payment: its PaymentIntent (`pi_…`), or a legacy Charge without one (`ch_…`). */
  payment: (paymentRef: string) => `stripe:payment:${paymentRef}`,
  /** A refund, counted when created (`re_…`). */
  refund: (refundId: string) => `stripe:refund:${refundId}`,
  /** The reversal of a refund that failed or was canceled. */
  refundReversal: (refundId: string) => `stripe:refund_reversal:${refundId}`,
  /** One balance transaction of a dispute (`txn_…`). */
  dispute: (balanceTransaction: string) => `stripe:dispute:${balanceTransaction}`,
  /**
   * The fee of a balance transaction (`txn_…`) that came after its money was entered
   * (asynchronous capture): one per balance transaction, whichever event brings it.
   */
  fee: (balanceTransaction: string) => `stripe:fee:${balanceTransaction}`,
  /** A manual adjustment: the campaign and the caller's idempotency key (or a fresh id). */
  adjustment: (campaign: string, idempotencyKey: string) =>
    `admin:adjustment:${campaign}:${idempotencyKey}`,
  /**
   * Money kept aside in another currency than its campaign's, counted once converted from
   * Stripe's balance transaction (which may come later: asynchronous capture). One per entry.
   */
  converted: (entryKey: string) => `convert:${entryKey}`,
  /** The two halves of moving an entry to another campaign: out of the old, into the new. */
  moveOut: (entryKey: string) => `move:${entryKey}:out`,
  moveIn: (entryKey: string) => `move:${entryKey}:in`,
  /**
   * The two halves of the `n`th change of a payment's donor (unknown when it landed, or known
   * by customer before the e-mail came): its donation out of the donor it had, into the new one.
   */
  donorOut: (entryKey: string, n: number) => `donor:${entryKey}:${n}:out`,
  donorIn: (entryKey: string, n: number) => `donor:${entryKey}:${n}:in`,
  /** An admin's counter-entry to one entry: at most one per entry, never one of a reversal. */
  reversal: (entryKey: string) => `reverse:${entryKey}`,
} as const

/** True for a reversal's key. */
export const isReversal = (entryKey: string) => entryKey.startsWith('reverse:')

/** LIKE pattern matching every `moveIn` key. */
export const MOVE_IN_LIKE = 'move:%:in'

/** True for a `moveIn` key. */
export const isMoveIn = (entryKey: string) =>
  entryKey.startsWith('move:') && entryKey.endsWith(':in')
