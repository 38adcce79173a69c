import type { CompiledQuery } from 'kysely'
import type { AppContext } from '../context.js'
import { monthOf } from '../domain/months.js'
import type { Campaign } from '../store/campaigns.js'
import { appendEntryQueries, type EntryRow, type NewEntry } from '../store/ledger.js'

/** A campaign and month an assignment moved money to. */
export interface Moved {
  campaign: string
  month: string
}

/**
 * Moves the entries of a payment to another campaign without touching the ledger: for each
 * entry a pair of `assignment` entries, `move:<key>:out` (the negative, in the old bucket) and
 * `move:<key>:in` (in the new one, month from the payment's time in its timezone). The keys
 * make each move happen once; an entry that was already moved is left alone.
 */
export async function moveQueries(
  ctx: AppContext,
  paymentRef: string,
  target: Campaign,
  actor: string | null,
  reason: string,
  eventId: string | null,
): Promise<{ queries: CompiledQuery[]; moved: Moved[]; oldBuckets: Moved[] }> {
  const rows = await ctx.store.db
    .selectFrom('ledger_entries as e')
    .selectAll('e')
    .where('e.payment_ref', '=', paymentRef)
    .where('e.kind', '!=', 'assignment')
    .execute()
  // Moved entries are filtered with one indexed read each: portable across the three databases.
  const pending: EntryRow[] = []
  for (const r of rows) {
    const done = await ctx.store.db
      .selectFrom('ledger_entries')
      .select('id')
      .where('entry_key', '=', `move:${r.entry_key}:in`)
      .executeTakeFirst()
    if (!done && r.campaign !== target.slug) pending.push(r)
  }
  const now = ctx.now().toISOString()
  const queries: CompiledQuery[] = []
  const moved: Moved[] = []
  const oldBuckets: Moved[] = []
  for (const r of pending) {
    const data = r.data ? (JSON.parse(r.data) as Record<string, unknown>) : {}
    const created = Number(data.paymentCreated ?? Date.parse(r.occurred_at) / 1000)
    const month = monthOf(new Date(created * 1000), target.timezone)
    // A moved payment takes its donation (and donor) with it.
    const donation = Number(r.donation) as -1 | 0 | 1
    const common: Omit<
      NewEntry,
      'entryKey' | 'campaign' | 'month' | 'amount' | 'counted' | 'donation'
    > = {
      kind: 'assignment',
      currency: r.currency,
      donor: r.donor,
      source: r.source,
      sourceId: r.entry_key,
      paymentRef: r.payment_ref,
      note: reason,
      actor,
      eventId,
      data: { ...data, movedFrom: r.campaign, movedEntry: r.entry_key },
      occurredAt: r.occurred_at,
    }
    const counted = r.currency === target.currency
    queries.push(
      ...appendEntryQueries(
        ctx.store,
        {
          ...common,
          entryKey: `move:${r.entry_key}:out`,
          campaign: r.campaign,
          month: r.month,
          amount: -Number(r.amount),
          counted: Number(r.counted) === 1,
          donation: (donation === 0 ? 0 : -donation) as -1 | 0 | 1,
        },
        crypto.randomUUID(),
        now,
      ),
      ...appendEntryQueries(
        ctx.store,
        {
          ...common,
          entryKey: `move:${r.entry_key}:in`,
          campaign: target.slug,
          month,
          amount: Number(r.amount),
          counted,
          donation,
        },
        crypto.randomUUID(),
        now,
      ),
    )
    moved.push({ campaign: target.slug, month })
    if (r.campaign && r.month) oldBuckets.push({ campaign: r.campaign, month: r.month })
  }
  return { queries, moved, oldBuckets }
}
