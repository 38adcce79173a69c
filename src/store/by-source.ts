import { PROVIDERS } from '../domain/keys.js'
import { statement } from './sql.js'
import type { Store } from './store.js'

/** One provider's share of a month: its counted money (gross), fees and donations. */
export interface SourceTotals {
  gross: number
  fees: number
  donations: number
}

// A month's counted money by the provider whose money it is: an entry's own source, or for an
// admin's reversal the source of the entry it reverses; adjustments (and reversals of them) name
// no provider and are left out. Kept as running totals in month_source_totals (schema/0020),
// written with each entry (src/store/ledger.ts); recompute rebuilds them from the ledger and
// compares them with it (sourceSums, src/store/totals.ts), as it does month_totals.
//
// The stored rows of one month: an indexed read (the primary key's prefix) of at most one row
// per provider, whatever the month's number of entries.
const BY_SOURCE = `SELECT provider, gross, fees, donations FROM month_source_totals
  WHERE campaign = ? AND month = ? ORDER BY provider`

interface SourceRow {
  provider: string
  gross: unknown
  fees: unknown
  donations: unknown
}

/** A month's money by provider; every known provider is present (zeros when none). */
export async function totalsBySource(
  store: Store,
  campaign: string,
  month: string,
): Promise<Record<string, SourceTotals>> {
  const q = statement(store.dialect, BY_SOURCE, [campaign, month])
  const { rows } = await store.db.executeQuery<SourceRow>(q)
  const out: Record<string, SourceTotals> = {}
  for (const p of PROVIDERS) out[p] = { gross: 0, fees: 0, donations: 0 }
  for (const r of rows) {
    out[r.provider] = {
      gross: Number(r.gross),
      fees: Number(r.fees),
      donations: Number(r.donations),
    }
  }
  return out
}
