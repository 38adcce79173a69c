import type { Store } from './store.js'

// "Reconciled through <date>": the newest day up to which an account's money matched Stripe's
// books, from the finished runs that have no open difference.

const DAY_MS = 86_400_000

/** How many clean runs of an account are looked at, newest first (enough for a day's runs). */
const CLEAN_RUNS = 60

/**
 * The day a clean run vouches for: its payout's arrival date, or the last whole UTC day before
 * its range ends (a range ending at midnight covers the day before; a day cut short, not).
 */
export function throughDate(
  scope: { payout: string } | { from: string; to: string },
  payout: { arrivalDate: string } | null,
): string | null {
  if (payout) return payout.arrivalDate.slice(0, 10)
  if (!('to' in scope)) return null
  const to = Date.parse(scope.to)
  if (Number.isNaN(to)) return null
  return new Date(Math.floor(to / DAY_MS) * DAY_MS - DAY_MS).toISOString().slice(0, 10)
}

/** The account's reconciled-through date (YYYY-MM-DD), or null when no clean run finished. */
export async function reconciledThrough(
  store: Store,
  account: string | null,
): Promise<string | null> {
  const rows = await store.db
    .selectFrom('reconciliation_runs as r')
    .select(['r.scope', 'r.payout'])
    .where('r.status', '=', 'done')
    .where((w) => (account === null ? w('r.account', 'is', null) : w('r.account', '=', account)))
    .where((w) =>
      w.not(
        w.exists(
          w
            .selectFrom('reconciliation_discrepancies as d')
            .select('d.run_id')
            .whereRef('d.run_id', '=', 'r.id')
            .where('d.repaired_at', 'is', null),
        ),
      ),
    )
    .orderBy('r.started_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(CLEAN_RUNS)
    .execute()
  let best: string | null = null
  for (const r of rows) {
    const d = throughDate(
      JSON.parse(r.scope) as { payout: string } | { from: string; to: string },
      r.payout ? (JSON.parse(r.payout) as { arrivalDate: string }) : null,
    )
    if (d && (best === null || d > best)) best = d
  }
  return best
}

/** The sentence the console and the landing page show for a campaign. */
export const reconciledLine = (through: string | null) =>
  through ? `Reconciled through ${through}` : 'Not reconciled yet'
