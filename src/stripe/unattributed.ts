import type { EntryRow } from '../store/ledger.js'
import type { Store } from '../store/store.js'

/**
 * Stripe money the totals do not count and that no assignment has moved yet: payments without
 * a campaign, and money in a currency the campaign cannot add without a conversion.
 */
export async function unattributed(store: Store): Promise<EntryRow[]> {
  const rows = await store.db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('source', '=', 'stripe')
    .where('counted', '=', 0)
    .where('kind', '!=', 'assignment')
    .orderBy('recorded_at')
    .limit(1000)
    .execute()
  const moved = new Set(
    (
      await store.db
        .selectFrom('ledger_entries')
        .select('source_id')
        .where('kind', '=', 'assignment')
        .where('entry_key', 'like', 'move:%:in')
        .where('counted', '=', 1)
        .execute()
    ).map((r) => r.source_id),
  )
  return rows.filter((r) => !moved.has(r.entry_key))
}
