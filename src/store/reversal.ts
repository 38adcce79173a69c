import type { CompiledQuery } from 'kysely'
import { isReversal, ledgerKey } from '../domain/keys.js'
import { appendEntryQueries, type EntryRow, getEntryByKey, newEntryId } from './ledger.js'
import { affected, type Store } from './store.js'

export type ReverseOutcome =
  | { ok: true; entry: EntryRow; original: EntryRow }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'is_reversal'; original: EntryRow }
  | { ok: false; reason: 'already_reversed'; original: EntryRow; reversal: EntryRow }

/** One ledger entry of a campaign, by its id. */
export async function getCampaignEntry(
  store: Store,
  campaign: string,
  id: string,
): Promise<EntryRow | undefined> {
  return store.db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('id', '=', id)
    .where('campaign', '=', campaign)
    .executeTakeFirst()
}

/**
 * Reverses one entry with a counter-entry: the same campaign, month, currency, donor and
 * counting, the opposite amount and donation, keyed `reverse:<entry key>` so an entry is
 * reversed at most once, whatever races or replays (the key is unique; a second insert lands
 * nowhere, and neither does its audit record). The ledger stays append-only and the month's
 * totals change in the same atomic unit. A reversal is never reversed: add an entry instead.
 */
export async function reverseEntry(
  store: Store,
  input: {
    campaign: string
    entryId: string
    reason: string
    actor: string
    now: string
    /** The audit record's statement, for the reversal's id (written only if it is inserted). */
    audit: (reversalId: string, original: EntryRow) => CompiledQuery
  },
): Promise<ReverseOutcome> {
  const original = await getCampaignEntry(store, input.campaign, input.entryId)
  if (!original) return { ok: false, reason: 'not_found' }
  if (isReversal(original.entry_key)) return { ok: false, reason: 'is_reversal', original }
  const key = ledgerKey.reversal(original.entry_key)
  const earlier = await getEntryByKey(store, key)
  if (earlier) return { ok: false, reason: 'already_reversed', original, reversal: earlier }
  const id = newEntryId()
  const donation = -Number(original.donation)
  const queries = appendEntryQueries(
    store,
    {
      entryKey: key,
      campaign: original.campaign,
      month: original.month,
      kind: 'reversal',
      amount: -Number(original.amount),
      currency: original.currency,
      counted: Number(original.counted) === 1,
      donation: donation === 1 || donation === -1 ? donation : 0,
      donor: original.donor,
      source: 'admin',
      sourceId: original.id,
      // No payment reference: the payment's own events never see (or move) the reversal.
      paymentRef: null,
      note: input.reason,
      actor: input.actor,
      eventId: null,
      data: { reverses: { id: original.id, key: original.entry_key, kind: original.kind } },
      occurredAt: input.now,
      // Its fee is reversed with it, so gross, fees and net all return to what they were.
      ...(original.fee === null
        ? {}
        : {
            settled: {
              balanceTransaction: null,
              fee: -Number(original.fee),
              settlementCurrency: null,
              exchangeRate: null,
            },
          }),
    },
    id,
    input.now,
  )
  const results = await store.atomic([...queries, input.audit(id, original)])
  const entry = await getEntryByKey(store, key)
  if (!entry) throw new Error(`reversal ${key} missing after insert`)
  if (affected(results[0]) !== 1) {
    return { ok: false, reason: 'already_reversed', original, reversal: entry }
  }
  return { ok: true, entry, original }
}
