import type { CompiledQuery, Selectable } from 'kysely'
import { v7 } from 'uuid'
import { type EntrySource, MOVE_IN_LIKE, PROVIDERS } from '../domain/keys.js'
import { statement } from './sql.js'
import type { Store } from './store.js'
import type { EntryKind, LedgerEntriesTable } from './tables.js'

/** A ledger entry to append. `entryKey` is the natural key that makes the append idempotent. */
export interface NewEntry {
  entryKey: string
  campaign: string | null
  month: string | null
  kind: EntryKind
  /** Signed, in minor units of `currency`. */
  amount: number
  currency: string
  /** false keeps the money aside: unattributed, or in a currency the campaign cannot add. */
  counted: boolean
  /** +1 for a payment (a donation), -1/+1 when a payment moves between campaigns, else 0. */
  donation: -1 | 0 | 1
  donor: string | null
  source: EntrySource
  sourceId: string | null
  paymentRef: string | null
  note: string | null
  actor: string | null
  eventId: string | null
  data: Record<string, unknown> | null
  occurredAt: string
  /** Stripe's balance transaction of this money, and its fee once known; absent: none. */
  settled?: EntrySettlement
}

/**
 * What Stripe's balance transaction says of an entry's money, in the entry's own currency (the
 * campaign's when it counts): gross is the entry's amount, net = amount - fee.
 */
export interface EntrySettlement {
  balanceTransaction: string | null
  /** Signed as Stripe's `fee` (a cost is positive); null while not known. */
  fee: number | null
  /** The balance transaction's currency, when it is not the entry's. */
  settlementCurrency: string | null
  /** Stripe's `exchange_rate`, as sent. */
  exchangeRate: string | null
}

export type EntryRow = Selectable<LedgerEntriesTable>

/**
 * A new ledger entry id: a UUIDv7, which sorts by creation time, so each insert lands at the
 * right edge of the primary-key index instead of on a random page of it (a random UUIDv4 there
 * cost about a third of the webhook write as the table grew).
 */
export const newEntryId = (): string => v7()

const INSERT_ENTRY = `INSERT INTO ledger_entries (id, entry_key, campaign, month, kind, amount,
    currency, counted, donation, donor, source, source_id, payment_ref, note, actor, event_id, data,
    occurred_at, recorded_at, balance_transaction, fee, net, settlement_currency, exchange_rate)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (entry_key) DO NOTHING`

/** 1 when this unit's insert landed (the row with its fresh id exists), else 0. */
const MINE = '(SELECT COUNT(*) FROM ledger_entries WHERE id = ?)'

// One upsert folds the entry into its month: it inserts (or adds) the deltas only when this
// unit's insert landed, so a duplicate changes nothing and a new month starts at the entry.
const ADD_TOTALS = `INSERT INTO month_totals (campaign, month, pledged, fees, donations, donors, entries, updated_at)
  SELECT ?, ?, ?, ?, ?, 0, 1, ? WHERE ${MINE} = 1
  ON CONFLICT (campaign, month) DO UPDATE SET pledged = month_totals.pledged + excluded.pledged,
    fees = month_totals.fees + excluded.fees, donations = month_totals.donations + excluded.donations,
    entries = month_totals.entries + 1, updated_at = excluded.updated_at`

// A donor counts while their net donations in the month are above zero. The donor's row is
// updated first; the totals then read its new value (the previous one is that minus this
// donation). On PostgreSQL the update holds the row's lock until the unit commits, so a
// concurrent unit for the same donor waits and then adds to the latest value: the transition
// is computed from the real previous count without any wider lock.
const ADD_DONOR = `INSERT INTO month_donors (campaign, month, donor, n)
  SELECT ?, ?, ?, ? WHERE ${MINE} = 1
  ON CONFLICT (campaign, month, donor) DO UPDATE SET n = month_donors.n + excluded.n`

const CUR = `COALESCE((SELECT n FROM month_donors
    WHERE campaign = ? AND month = ? AND donor = ?), 0)`
const ADD_TOTALS_DONOR = `INSERT INTO month_totals (campaign, month, pledged, fees, donations, donors, entries, updated_at)
  SELECT ?, ?, ?, ?, ?, CASE WHEN ${CUR} - ? <= 0 AND ${CUR} > 0 THEN 1
      WHEN ${CUR} - ? > 0 AND ${CUR} <= 0 THEN -1 ELSE 0 END, 1, ? WHERE ${MINE} = 1
  ON CONFLICT (campaign, month) DO UPDATE SET pledged = month_totals.pledged + excluded.pledged,
    fees = month_totals.fees + excluded.fees,
    donations = month_totals.donations + excluded.donations,
    donors = month_totals.donors + excluded.donors,
    entries = month_totals.entries + 1, updated_at = excluded.updated_at`

// A provider's share of a month (schema/0020): the row its SELECT gives is added to the
// stored one, gross, fees (unknown ones 0) and donations, as month_totals adds them.
const addSource = (select: string) =>
  `INSERT INTO month_source_totals (campaign, month, provider, gross, fees, donations)
  ${select}
  ON CONFLICT (campaign, month, provider) DO UPDATE
  SET gross = month_source_totals.gross + excluded.gross,
    fees = month_source_totals.fees + excluded.fees,
    donations = month_source_totals.donations + excluded.donations`

// The entry's own provider, folded in under the same check as the month's totals.
const ADD_SOURCE = addSource(`SELECT ?, ?, ?, ?, ?, ? WHERE ${MINE} = 1`)

// An admin's reversal is the money of the entry it reverses (its source_id): that entry's source,
// read where the reversal is written. A reversal of an adjustment (source 'admin') adds to none.
const ADD_REVERSED_SOURCE = addSource(`SELECT ?, ?, o.source, ?, ?, ? FROM ledger_entries o
  WHERE o.id = ? AND o.source <> 'admin' AND ${MINE} = 1`)

/**
 * The statements that append one entry and fold it into its month's totals (and its provider's
 * share of them, month_source_totals), atomically.
 *
 * The insert is ignored when the natural key exists; the totals then add nothing, because
 * every increment is read back from the row with this unit's fresh `id`. So the same money can
 * arrive any number of times, from any event, on any instance, and is counted once.
 * Constant SQL text: this runs for every webhook, and a query builder here cost more than the
 * statements themselves.
 */
export function appendEntryQueries(
  store: Pick<Store, 'dialect'>,
  entry: NewEntry,
  id: string,
  now: string,
): CompiledQuery[] {
  const d = store.dialect
  const st = entry.settled
  const fee = st?.fee ?? null
  const queries: CompiledQuery[] = [
    statement(d, INSERT_ENTRY, [
      id,
      entry.entryKey,
      entry.campaign,
      entry.month,
      entry.kind,
      entry.amount,
      entry.currency,
      entry.counted ? 1 : 0,
      entry.donation,
      entry.donor,
      entry.source,
      entry.sourceId,
      entry.paymentRef,
      entry.note,
      entry.actor,
      entry.eventId,
      entry.data === null ? null : JSON.stringify(entry.data),
      entry.occurredAt,
      now,
      st?.balanceTransaction ?? null,
      fee,
      fee === null ? null : entry.amount - fee,
      st?.settlementCurrency ?? null,
      st?.exchangeRate ?? null,
    ]),
  ]
  if (!entry.counted || entry.campaign === null || entry.month === null) return queries
  const { campaign, month, donation, amount, donor } = entry
  if (donor !== null && donation !== 0) {
    const cur = [campaign, month, donor]
    queries.push(
      statement(d, ADD_DONOR, [campaign, month, donor, donation, id]),
      statement(d, ADD_TOTALS_DONOR, [
        campaign,
        month,
        amount,
        fee ?? 0,
        donation,
        ...cur,
        donation,
        ...cur,
        ...cur,
        donation,
        ...cur,
        now,
        id,
      ]),
    )
  } else {
    queries.push(statement(d, ADD_TOTALS, [campaign, month, amount, fee ?? 0, donation, now, id]))
  }
  // After the month's row: a unit holds that row's lock before it takes a provider's row of the
  // month, so the provider rows add no new order in which units could wait on each other.
  if (entry.source !== 'admin') {
    queries.push(
      statement(d, ADD_SOURCE, [campaign, month, entry.source, amount, fee ?? 0, donation, id]),
    )
  } else if (entry.kind === 'reversal' && entry.sourceId !== null) {
    queries.push(
      statement(d, ADD_REVERSED_SOURCE, [
        campaign,
        month,
        amount,
        fee ?? 0,
        donation,
        entry.sourceId,
        id,
      ]),
    )
  }
  return queries
}

export async function getEntryByKey(store: Store, entryKey: string): Promise<EntryRow | undefined> {
  return store.db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('entry_key', '=', entryKey)
    .executeTakeFirst()
}

export interface LedgerPageQuery {
  campaign?: string
  month?: string
  kind?: EntryKind
  /** Opaque cursor from a previous page. */
  after?: { recordedAt: string; id: string }
  limit: number
}

/** A page of entries, oldest first, keyset-paginated on (recorded_at, id). */
export async function listEntries(store: Store, q: LedgerPageQuery): Promise<EntryRow[]> {
  let query = store.db.selectFrom('ledger_entries').selectAll()
  if (q.campaign !== undefined) query = query.where('campaign', '=', q.campaign)
  if (q.month !== undefined) query = query.where('month', '=', q.month)
  if (q.kind !== undefined) query = query.where('kind', '=', q.kind)
  const after = q.after
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('recorded_at', '>', after.recordedAt),
        eb.and([eb('recorded_at', '=', after.recordedAt), eb('id', '>', after.id)]),
      ]),
    )
  }
  return query.orderBy('recorded_at').orderBy('id').limit(q.limit).execute()
}

/** Every entry of a payment, assignments included, oldest first. */
export async function paymentEntries(
  store: Store,
  paymentRef: string,
  kind?: EntryKind,
): Promise<EntryRow[]> {
  let q = store.db.selectFrom('ledger_entries').selectAll().where('payment_ref', '=', paymentRef)
  if (kind) q = q.where('kind', '=', kind)
  return q.orderBy('recorded_at').orderBy('id').execute()
}

/**
 * Providers' money (Stripe's, PayPal's) the totals do not count and that no assignment has moved or conversion counted
 * yet: payments without a campaign, and money in a currency the campaign cannot add without a
 * conversion.
 */
export async function unattributed(store: Store): Promise<EntryRow[]> {
  const rows = await store.db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('source', 'in', [...PROVIDERS])
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
        .where((w) =>
          w.or([
            w.and([w('kind', '=', 'assignment'), w('entry_key', 'like', MOVE_IN_LIKE)]),
            // Converted later from its balance transaction (ledgerKey.converted).
            w('entry_key', 'like', 'convert:%'),
          ]),
        )
        .where('counted', '=', 1)
        .execute()
    ).map((r) => r.source_id),
  )
  return rows.filter((r) => !moved.has(r.entry_key))
}
