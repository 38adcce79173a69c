import type { NewEntry } from '../store/ledger.js'
import type { PlannedEntry } from './decide.js'

/**
 * What the ingest asks Stripe's API to convert money in another currency
 * (src/stripe/api-lookups.ts). `account` is the connected account the money is in (its objects
 * are found only there); null for the platform's own.
 */
export interface Conversions {
  /** The balance transaction of a charge (the payment's money in the account's currency). */
  chargeBalanceTransaction(charge: string, account: string | null): Promise<string | null>
  balanceTransaction(
    id: string,
    account: string | null,
  ): Promise<{ amount: number; currency: string }>
}

/**
 * Entries in another currency than their campaign's, converted from Stripe's balance transaction
 * when it is in the campaign's currency (the original kept in `data`); else kept aside as planned.
 */
export async function convertPlanned(
  planned: readonly PlannedEntry[],
  conversions: Conversions | undefined,
  account: string | null = null,
): Promise<NewEntry[]> {
  const out: NewEntry[] = []
  for (const { entry, convert } of planned) {
    if (!convert || !conversions) {
      if (!convert?.only) out.push(entry)
      continue
    }
    let txn = convert.balanceTransaction
    if (!txn && convert.latestCharge) {
      txn = await conversions.chargeBalanceTransaction(convert.latestCharge, account)
    }
    const bt = txn ? await conversions.balanceTransaction(txn, account) : undefined
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
