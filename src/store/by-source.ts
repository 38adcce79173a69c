import { PROVIDERS } from '../domain/keys.js'
import { statement } from './sql.js'
import type { Store } from './store.js'

/** One provider's share of a month: its counted money (gross), fees and donations. */
export interface SourceTotals {
  gross: number
  fees: number
  donations: number
}

// Counted entries of one campaign month summed by the provider whose money they are: an entry's
// own source, or for an admin's reversal the source of the entry it reverses. Adjustments (and
// reversals of them) name no provider and are left out. Read straight from the ledger, through
// ledger_entries_campaign_month, so it can never disagree with it.
const BY_SOURCE = `SELECT p AS provider, CAST(SUM(amount) AS BIGINT) AS gross,
    CAST(COALESCE(SUM(fee), 0) AS BIGINT) AS fees, CAST(SUM(donation) AS BIGINT) AS donations
  FROM (SELECT CASE WHEN l.source = 'admin' THEN o.source ELSE l.source END AS p,
      l.amount AS amount, l.fee AS fee, l.donation AS donation
    FROM ledger_entries l
    LEFT JOIN ledger_entries o ON l.kind = 'reversal' AND o.id = l.source_id
    WHERE l.counted = 1 AND l.campaign = ? AND l.month = ?) AS e
  WHERE p IS NOT NULL AND p <> 'admin'
  GROUP BY p`

/** A month's money by provider; every known provider is present (zeros when none). */
export async function totalsBySource(
  store: Store,
  campaign: string,
  month: string,
): Promise<Record<string, SourceTotals>> {
  const { rows } = await store.db.executeQuery<{
    provider: string
    gross: unknown
    fees: unknown
    donations: unknown
  }>(statement(store.dialect, BY_SOURCE, [campaign, month]))
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
