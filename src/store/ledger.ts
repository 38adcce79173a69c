import { type CompiledQuery, type Selectable, sql } from 'kysely'
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
  source: 'stripe' | 'admin'
  sourceId: string | null
  paymentRef: string | null
  note: string | null
  actor: string | null
  eventId: string | null
  data: Record<string, unknown> | null
  occurredAt: string
}

export type EntryRow = Selectable<LedgerEntriesTable>

const INSERT_ENTRY = `INSERT INTO ledger_entries (id, entry_key, campaign, month, kind, amount,
    currency, counted, donation, donor, source, source_id, payment_ref, note, actor, event_id, data,
    occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (entry_key) DO NOTHING`

/** 1 when this unit's insert landed (the row with its fresh id exists), else 0. */
const MINE = '(SELECT COUNT(*) FROM ledger_entries WHERE id = ?)'

// One upsert folds the entry into its month: it inserts (or adds) the deltas only when this
// unit's insert landed, so a duplicate changes nothing and a new month starts at the entry.
const ADD_TOTALS = `INSERT INTO month_totals (campaign, month, pledged, donations, donors, entries, updated_at)
  SELECT ?, ?, ?, ?, 0, 1, ? WHERE ${MINE} = 1
  ON CONFLICT (campaign, month) DO UPDATE SET pledged = month_totals.pledged + excluded.pledged,
    donations = month_totals.donations + excluded.donations,
    entries = month_totals.entries + 1, updated_at = excluded.updated_at`

// A donor counts while their net donations in the month are above zero; the change in the
// count is read from the donor's row before this unit's donation is added to it.
const PREV = `COALESCE((SELECT n FROM month_donors
    WHERE campaign = ? AND month = ? AND donor = ?), 0)`
const ADD_TOTALS_DONOR = `INSERT INTO month_totals (campaign, month, pledged, donations, donors, entries, updated_at)
  SELECT ?, ?, ?, ?, CASE WHEN ${PREV} <= 0 AND ${PREV} + ? > 0 THEN 1
      WHEN ${PREV} > 0 AND ${PREV} + ? <= 0 THEN -1 ELSE 0 END, 1, ? WHERE ${MINE} = 1
  ON CONFLICT (campaign, month) DO UPDATE SET pledged = month_totals.pledged + excluded.pledged,
    donations = month_totals.donations + excluded.donations,
    donors = month_totals.donors + excluded.donors,
    entries = month_totals.entries + 1, updated_at = excluded.updated_at`

const ADD_DONOR = `INSERT INTO month_donors (campaign, month, donor, n)
  SELECT ?, ?, ?, ? WHERE ${MINE} = 1
  ON CONFLICT (campaign, month, donor) DO UPDATE SET n = month_donors.n + excluded.n`

/**
 * The statements that append one entry and fold it into its month's totals, atomically.
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
    ]),
  ]
  if (!entry.counted || entry.campaign === null || entry.month === null) return queries
  const { campaign, month, donation, amount, donor } = entry
  if (donor !== null && donation !== 0) {
    const prev = [campaign, month, donor]
    queries.push(
      statement(d, ADD_TOTALS_DONOR, [
        campaign,
        month,
        amount,
        donation,
        ...prev,
        ...prev,
        donation,
        ...prev,
        ...prev,
        donation,
        now,
        id,
      ]),
      statement(d, ADD_DONOR, [campaign, month, donor, donation, id]),
    )
  } else {
    queries.push(statement(d, ADD_TOTALS, [campaign, month, amount, donation, now, id]))
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

export interface MonthAggregate {
  campaign: string
  month: string
  pledged: number
  donations: number
  donors: number
  entries: number
}

const key = (a: { campaign: string; month: string }) => `${a.campaign}\u0000${a.month}`

type SumRow = {
  campaign: string
  month: string
  pledged: number
  donations: number
  entries: number
}
type DonorRow = { campaign: string; month: string; donors: number }
type TotalsRow = MonthAggregate

/** The three reads of a comparison: the ledger's sums, its net donors, the stored totals. */
function aggregateQueries(store: Store, campaign?: string, month?: string): CompiledQuery[] {
  const scope = scopeSql(campaign, month)
  let stored = store.db
    .selectFrom('month_totals')
    .select(['campaign', 'month', 'pledged', 'donations', 'donors', 'entries'])
  if (campaign !== undefined) stored = stored.where('campaign', '=', campaign)
  if (month !== undefined) stored = stored.where('month', '=', month)
  return [
    sql`SELECT campaign, month, CAST(SUM(amount) AS BIGINT) AS pledged,
        CAST(SUM(donation) AS BIGINT) AS donations, COUNT(*) AS entries
      FROM ledger_entries
      WHERE counted = 1 AND campaign IS NOT NULL AND month IS NOT NULL${scope}
      GROUP BY campaign, month`.compile(store.db),
    sql`SELECT campaign, month, COUNT(*) AS donors FROM (${netDonors(scope)}) AS d
      WHERE n > 0 GROUP BY campaign, month`.compile(store.db),
    stored.compile(),
  ]
}

function toAggregates(sums: SumRow[], donors: DonorRow[]): MonthAggregate[] {
  const donorsByKey = new Map(donors.map((d) => [key(d), Number(d.donors)]))
  return sums.map((r) => ({
    campaign: r.campaign,
    month: r.month,
    pledged: Number(r.pledged),
    donations: Number(r.donations),
    donors: donorsByKey.get(key(r)) ?? 0,
    entries: Number(r.entries),
  }))
}

const toTotals = (rows: TotalsRow[]): MonthAggregate[] =>
  rows.map((r) => ({
    campaign: r.campaign,
    month: r.month,
    pledged: Number(r.pledged),
    donations: Number(r.donations),
    donors: Number(r.donors),
    entries: Number(r.entries),
  }))

/**
 * The ledger's totals and the stored ones, read in one atomic unit: one transaction holding the
 * write lock (PostgreSQL), one immediate transaction (SQLite) or one batch (D1). Read apart, a
 * webhook committing between the two reads shows as a difference that never existed.
 */
async function snapshot(store: Store, campaign?: string, month?: string) {
  const [sums, donors, stored] = await store.atomic(aggregateQueries(store, campaign, month))
  return {
    truth: toAggregates((sums?.rows ?? []) as SumRow[], (donors?.rows ?? []) as DonorRow[]),
    stored: toTotals((stored?.rows ?? []) as TotalsRow[]),
  }
}

/** Totals computed from the ledger itself: the truth that materialized totals must equal. */
export async function ledgerAggregates(
  store: Store,
  campaign?: string,
  month?: string,
): Promise<MonthAggregate[]> {
  return (await snapshot(store, campaign, month)).truth
}

/** ` AND campaign = … AND month = …` for the parts of the scope that are given. */
function scopeSql(campaign: string | undefined, month: string | undefined) {
  const c = campaign === undefined ? sql`` : sql` AND campaign = ${campaign}`
  return month === undefined ? c : sql`${c} AND month = ${month}`
}

/** Net donations per (campaign, month, donor), from the ledger. */
function netDonors(scope: ReturnType<typeof sql>) {
  return sql`SELECT campaign, month, donor, CAST(SUM(donation) AS BIGINT) AS n
    FROM ledger_entries
    WHERE counted = 1 AND donor IS NOT NULL AND donation <> 0
      AND campaign IS NOT NULL AND month IS NOT NULL${scope}
    GROUP BY campaign, month, donor`
}

/** The materialized totals as stored. */
export async function storedTotals(
  store: Store,
  campaign?: string,
  month?: string,
): Promise<MonthAggregate[]> {
  const [, , stored] = aggregateQueries(store, campaign, month)
  const { rows } = await store.db.executeQuery<TotalsRow>(stored as CompiledQuery<TotalsRow>)
  return toTotals(rows)
}

export interface TotalsDifference {
  campaign: string
  month: string
  stored: MonthAggregate | null
  ledger: MonthAggregate | null
}

/** Months where the materialized totals differ from the ledger. Empty when all agree. */
export async function compareTotals(
  store: Store,
  campaign?: string,
  month?: string,
): Promise<TotalsDifference[]> {
  const { truth, stored } = await snapshot(store, campaign, month)
  const storedByKey = new Map(stored.map((s) => [key(s), s]))
  const truthByKey = new Map(truth.map((t) => [key(t), t]))
  const diffs: TotalsDifference[] = []
  const same = (a: MonthAggregate, b: MonthAggregate) =>
    a.pledged === b.pledged &&
    a.donations === b.donations &&
    a.donors === b.donors &&
    a.entries === b.entries
  for (const t of truth) {
    const s = storedByKey.get(key(t))
    if (!s || !same(s, t))
      diffs.push({ campaign: t.campaign, month: t.month, stored: s ?? null, ledger: t })
  }
  for (const s of stored) {
    const empty = s.pledged === 0 && s.donations === 0 && s.donors === 0 && s.entries === 0
    if (!truthByKey.has(key(s)) && !empty) {
      diffs.push({ campaign: s.campaign, month: s.month, stored: s, ledger: null })
    }
  }
  return diffs.sort((a, b) => key(a).localeCompare(key(b)))
}

/**
 * Rebuilds the materialized totals (and distinct donors) from the ledger, in one atomic unit
 * of plain SQL, and reports what differed before. The ledger itself is never touched.
 * Scoped to a campaign and/or a month when given; `also` adds statements to the same unit.
 */
export async function recompute(
  store: Store,
  now: string,
  campaign?: string,
  also: (differences: TotalsDifference[]) => CompiledQuery[] = () => [],
  month?: string,
): Promise<{ differences: TotalsDifference[]; months: number }> {
  const differences = await compareTotals(store, campaign, month)
  const { db } = store
  const scope = scopeSql(campaign, month)
  const del = (table: 'month_totals' | 'month_donors') => {
    let q = db.deleteFrom(table)
    if (campaign !== undefined) q = q.where('campaign', '=', campaign)
    if (month !== undefined) q = q.where('month', '=', month)
    return q.compile()
  }
  await store.atomic([
    del('month_donors'),
    del('month_totals'),
    sql`INSERT INTO month_donors (campaign, month, donor, n)
        SELECT campaign, month, donor, n FROM (${netDonors(scope)}) AS d WHERE n <> 0`.compile(db),
    sql`INSERT INTO month_totals (campaign, month, pledged, donations, donors, entries, updated_at)
        SELECT campaign, month, CAST(SUM(amount) AS BIGINT), CAST(SUM(donation) AS BIGINT),
          0, COUNT(*), ${now}
        FROM ledger_entries
        WHERE counted = 1 AND campaign IS NOT NULL AND month IS NOT NULL${scope}
        GROUP BY campaign, month`.compile(db),
    sql`UPDATE month_totals SET donors = (SELECT COUNT(*) FROM month_donors d
          WHERE d.campaign = month_totals.campaign AND d.month = month_totals.month AND d.n > 0)
        WHERE 1 = 1${scope}`.compile(db),
    ...also(differences),
  ])
  const months = await storedTotals(store, campaign, month)
  return { differences, months: months.length }
}
