import type { NewEntry } from '../store/ledger.js'
import type { PlannedEntry } from './decide.js'
import type { BalanceFigures } from './facts.js'
import { balanceData, settlementOf } from './fees.js'

/**
 * What the ingest asks Stripe's API about money's balance transactions: to convert money in
 * another currency and to learn its fee (src/stripe/api-lookups.ts). `account` is the connected
 * account the money is in (its objects are found only there); null for the platform's own.
 */
export interface Conversions {
  /** The balance transaction of a charge (the payment's money in the account's currency). */
  chargeBalanceTransaction(charge: string, account: string | null): Promise<string | null>
  balanceTransaction(id: string, account: string | null): Promise<BalanceFigures>
}

/** The processor has no such object (Stripe's `resource_missing`): not a passing failure. */
export class LookupMissing extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LookupMissing'
  }
}

/**
 * Entries in another currency than their campaign's, converted from Stripe's balance transaction
 * when it is in the campaign's currency (the original kept in `data`); else kept aside as planned.
 * Stripe money whose fee is asked for records its balance transaction, fee and net; one not found
 * is written without them (a fee-only lookup never keeps a gift out of the ledger).
 */
export async function convertPlanned(
  planned: readonly PlannedEntry[],
  conversions: Conversions | undefined,
  account: string | null = null,
): Promise<NewEntry[]> {
  const out: NewEntry[] = []
  for (const { entry, convert, fee } of planned) {
    // A conversion, else a fee lookup; `only`: written when it succeeds, else not at all.
    const ask = convert ?? fee
    const keep = () => {
      if (!ask?.only) out.push(entry)
    }
    if (!ask || !conversions) {
      keep()
      continue
    }
    const bt = await lookup(conversions, ask, account, convert === undefined)
    if (convert) {
      if (!bt || bt.currency !== convert.to) {
        keep()
        continue
      }
      out.push({
        ...entry,
        amount: Math.sign(entry.amount) * Math.abs(bt.amount),
        currency: convert.to,
        counted: true,
        note: null,
        data: {
          ...entry.data,
          original: { amount: entry.amount, currency: entry.currency },
          ...balanceData(bt),
        },
        settled: settlementOf(convert.to, bt),
      })
      continue
    }
    const settled = bt && settlementOf(entry.currency, bt)
    if (!settled || (ask.only && settled.fee === null)) {
      keep()
      continue
    }
    out.push({ ...entry, data: { ...entry.data, ...balanceData(bt) }, settled })
  }
  return out
}

/**
 * The balance transaction a planned entry names, or its charge's; undefined when none is known.
 * `missingOk`: an object the processor does not have yet reads as none (fees only; a conversion
 * that cannot find its charge fails, and the event is retried).
 */
async function lookup(
  conversions: Conversions,
  ask: { balanceTransaction: string | null; latestCharge: string | null },
  account: string | null,
  missingOk: boolean,
): Promise<BalanceFigures | undefined> {
  try {
    let txn = ask.balanceTransaction
    if (!txn && ask.latestCharge) {
      txn = await conversions.chargeBalanceTransaction(ask.latestCharge, account)
    }
    return txn ? await conversions.balanceTransaction(txn, account) : undefined
  } catch (err) {
    if (missingOk && err instanceof LookupMissing) return undefined
    throw err
  }
}
