import type { NewEntry } from '../store/ledger.js'
import type { PlannedEntry } from './decide.js'

/** What the ingest asks Stripe's API to convert money in another currency (src/stripe/api-lookups.ts). */
export interface Conversions {
  /** The balance transaction of a charge (the payment's money in the account's currency). */
  chargeBalanceTransaction(charge: string): Promise<string | null>
  balanceTransaction(id: string): Promise<{ amount: number; currency: string }>
}

/**
 * Entries in another currency than their campaign's, converted from Stripe's balance transaction
 * when it is in the campaign's currency (the original kept in `data`); else kept aside as planned.
 */
export async function convertPlanned(
  planned: readonly PlannedEntry[],
  conversions: Conversions | undefined,
): Promise<NewEntry[]> {
  const out: NewEntry[] = []
  for (const { entry, convert } of planned) {
    if (!convert || !conversions) {
      if (!convert?.only) out.push(entry)
      continue
    }
    let txn = convert.balanceTransaction
    if (!txn && convert.latestCharge) {
      txn = await conversions.chargeBalanceTransaction(convert.latestCharge)
    }
    const bt = txn ? await conversions.balanceTransaction(txn) : undefined
    if (!bt || bt.currency.toUpperCase() !== convert.to) {
      if (!convert.only) out.push(entry)
      continue
    }
    out.push({
      ...entry,
      amount: Math.sign(entry.amount) * Math.abs(bt.amount),
      currency: convert.to,
      counted: true,
      note: null,
      data: { ...entry.data, original: { amount: entry.amount, currency: entry.currency } },
    })
  }
  return out
}
