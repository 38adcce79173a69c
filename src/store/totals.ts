import { type CompiledQuery, sql } from 'kysely'
import { ALONE } from './alone.js'
import type { SourceTotals } from './by-source.js'
import type { Store } from './store.js'

/**
 * Month totals: what the ledger says they are, what is stored, how they differ, and the rebuild.
 * The ledger (src/store/ledger.ts) is the truth; month_totals is its materialized sum, and
 * month_source_totals the same sums split by provider (src/store/by-source.ts).
 */

export interface MonthAggregate {
  campaign: string
  month: string
  pledged: number
  /** Sum of the counted entries' fees (unknown ones count 0); net = pledged - fees. */
  fees: number
  donations: number
  donors: number
  entries: number
}

const key = (a: { campaign: string; month: string }) => `${a.campaign}\u0000${a.month}`

/**
 * One row of the comparison: the ledger's sums, its net donors, or the stored totals; or one
 * provider's share of a month (`provider`), from the ledger or as stored (gross in `pledged`).
 */
type Row = {
  part: 'sums' | 'donors' | 'stored' | 'source_sums' | 'source_stored'
  campaign: string
  month: string
  pledged: number | null
  fees: number | null
  donations: number | null
  donors: number | null
  entries: number | null
  provider: string | null
}

const N = sql.raw('CAST(NULL AS BIGINT)')
const NO_PROVIDER = sql.raw('CAST(NULL AS TEXT) AS provider')

/** Per-provider month totals as the ledger has them, one row per (campaign, month, provider). */
export interface SourceAggregate extends SourceTotals {
  campaign: string
  month: string
  provider: string
}

/**
 * The ledger's sums, its net donors and the stored totals as ONE statement (a UNION ALL of the
 * three, each row tagged with its part). One statement reads one snapshot on every database:
 * PostgreSQL's READ COMMITTED takes a snapshot per statement, and write units no longer wait
 * for one another (src/store/postgres.ts), so three statements, even in one transaction, could
 * each see a different set of committed units, and a unit committed between the ledger's read
 * and the totals' read showed as totals ahead of the ledger: a difference that never existed.
 */
function comparisonQuery(store: Store, campaign?: string, month?: string): CompiledQuery<Row> {
  const scope = scopeSql(campaign, month)
  return sql<Row>`SELECT 'sums' AS part, campaign, month, CAST(SUM(amount) AS BIGINT) AS pledged,
        CAST(COALESCE(SUM(fee), 0) AS BIGINT) AS fees,
        CAST(SUM(donation) AS BIGINT) AS donations, ${N} AS donors,
        CAST(COUNT(*) AS BIGINT) AS entries, ${NO_PROVIDER}
      FROM ledger_entries
      WHERE counted = 1 AND campaign IS NOT NULL AND month IS NOT NULL${scope}
      GROUP BY campaign, month
    UNION ALL
    SELECT 'donors', campaign, month, ${N}, ${N}, ${N}, CAST(COUNT(*) AS BIGINT), ${N},
        ${NO_PROVIDER}
      FROM (${netDonors(scope)}) AS d
      WHERE n > 0 GROUP BY campaign, month
    UNION ALL
    SELECT 'stored', campaign, month, CAST(pledged AS BIGINT), CAST(fees AS BIGINT),
        CAST(donations AS BIGINT),
        CAST(donors AS BIGINT), CAST(entries AS BIGINT), ${NO_PROVIDER}
      FROM month_totals WHERE 1 = 1${scope}
    UNION ALL
    SELECT 'source_sums', campaign, month, gross, fees, donations, ${N}, ${N}, provider
      FROM (${sourceSums(campaign, month)}) AS s
    UNION ALL
    SELECT 'source_stored', campaign, month, CAST(gross AS BIGINT), CAST(fees AS BIGINT),
        CAST(donations AS BIGINT), ${N}, ${N}, provider
      FROM month_source_totals WHERE 1 = 1${scope}`.compile(store.db)
}

/**
 * The ledger's counted money by the provider whose money it is (src/store/by-source.ts): an
 * entry's own source, or for an admin's reversal the source of the entry it reverses (read by
 * its source_id); adjustments, reversals of them and anything else that comes to 'admin' or to
 * no source are left out. schema/0020 fills month_source_totals with the same statement.
 */
function sourceSums(campaign: string | undefined, month: string | undefined) {
  return sql`SELECT campaign, month, p AS provider, CAST(SUM(amount) AS BIGINT) AS gross,
      CAST(COALESCE(SUM(fee), 0) AS BIGINT) AS fees, CAST(SUM(donation) AS BIGINT) AS donations
    FROM (SELECT l.campaign AS campaign, l.month AS month,
        CASE WHEN l.source = 'admin' THEN o.source ELSE l.source END AS p,
        l.amount AS amount, l.fee AS fee, l.donation AS donation
      FROM ledger_entries l
      LEFT JOIN ledger_entries o ON l.kind = 'reversal' AND o.id = l.source_id
      WHERE l.counted = 1 AND l.campaign IS NOT NULL AND l.month IS NOT NULL${scopeSql(
        campaign,
        month,
        'l.',
      )}) AS e
    WHERE p IS NOT NULL AND p <> 'admin'
    GROUP BY campaign, month, p`
}

const aggregate = (r: Row, donors: number): MonthAggregate => ({
  campaign: r.campaign,
  month: r.month,
  pledged: Number(r.pledged ?? 0),
  fees: Number(r.fees ?? 0),
  donations: Number(r.donations ?? 0),
  donors,
  entries: Number(r.entries ?? 0),
})

/**
 * One part's provider rows, by month key. All-zero rows are left out: a read shows a provider
 * with none as zeros, so a stored zero row and no row read the same.
 */
function sourcesByKey(rows: readonly Row[], part: Row['part']) {
  const out = new Map<string, Record<string, SourceTotals>>()
  for (const r of rows) {
    if (r.part !== part || r.provider === null) continue
    const t = {
      gross: Number(r.pledged ?? 0),
      fees: Number(r.fees ?? 0),
      donations: Number(r.donations ?? 0),
    }
    if (t.gross === 0 && t.fees === 0 && t.donations === 0) continue
    const k = key(r)
    out.set(k, { ...out.get(k), [r.provider]: t })
  }
  return out
}

/**
 * The ledger's totals and the stored ones, as of one instant (one statement: above). Reads
 * only, so it holds no write lock and no writer waits for it.
 */
async function snapshot(store: Store, campaign?: string, month?: string) {
  const q = comparisonQuery(store, campaign, month)
  const rows = store.read ? await store.read<Row>(q) : (await store.db.executeQuery(q)).rows
  const donorsByKey = new Map(
    rows.filter((r) => r.part === 'donors').map((r) => [key(r), Number(r.donors)]),
  )
  return {
    truth: rows
      .filter((r) => r.part === 'sums')
      .map((r) => aggregate(r, donorsByKey.get(key(r)) ?? 0)),
    stored: rows.filter((r) => r.part === 'stored').map((r) => aggregate(r, Number(r.donors))),
    truthBySource: sourcesByKey(rows, 'source_sums'),
    storedBySource: sourcesByKey(rows, 'source_stored'),
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

/** Per-provider month totals computed from the ledger: what month_source_totals must hold. */
export async function ledgerSourceTotals(
  store: Store,
  campaign?: string,
  month?: string,
): Promise<SourceAggregate[]> {
  const q = sql<{
    campaign: string
    month: string
    provider: string
    gross: unknown
    fees: unknown
    donations: unknown
  }>`${sourceSums(campaign, month)}`.compile(store.db)
  return (await store.db.executeQuery(q)).rows.map((r) => ({
    campaign: r.campaign,
    month: r.month,
    provider: r.provider,
    gross: Number(r.gross),
    fees: Number(r.fees),
    donations: Number(r.donations),
  }))
}

/**
 * ` AND campaign = … AND month = …` for the parts of the scope that are given; `of` qualifies
 * the columns (`l.`) where a join would make them ambiguous.
 */
function scopeSql(campaign: string | undefined, month: string | undefined, of = '') {
  const t = sql.raw(of)
  const c = campaign === undefined ? sql`` : sql` AND ${t}campaign = ${campaign}`
  return month === undefined ? c : sql`${c} AND ${t}month = ${month}`
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
  let q = store.db
    .selectFrom('month_totals')
    .select(['campaign', 'month', 'pledged', 'fees', 'donations', 'donors', 'entries'])
  if (campaign !== undefined) q = q.where('campaign', '=', campaign)
  if (month !== undefined) q = q.where('month', '=', month)
  return (await q.execute()).map((r) => ({
    campaign: r.campaign,
    month: r.month,
    pledged: Number(r.pledged),
    fees: Number(r.fees),
    donations: Number(r.donations),
    donors: Number(r.donors),
    entries: Number(r.entries),
  }))
}

export interface TotalsDifference {
  campaign: string
  month: string
  stored: MonthAggregate | null
  ledger: MonthAggregate | null
  /**
   * Present when the month's per-provider totals differ: those stored (month_source_totals) and
   * those of the ledger, by provider (a provider with all zeros is left out of both).
   */
  bySource?: { stored: Record<string, SourceTotals>; ledger: Record<string, SourceTotals> }
}

/** Two months' per-provider totals are the same: the same providers, each with the same sums. */
function sameSources(
  a: Record<string, SourceTotals> | undefined,
  b: Record<string, SourceTotals> | undefined,
): boolean {
  const x = a ?? {}
  const y = b ?? {}
  const keys = Object.keys(x)
  if (keys.length !== Object.keys(y).length) return false
  return keys.every((p) => {
    const s = x[p]
    const t = y[p]
    return (
      s !== undefined &&
      t !== undefined &&
      s.gross === t.gross &&
      s.fees === t.fees &&
      s.donations === t.donations
    )
  })
}

/**
 * Months where the materialized totals (month_totals, or a month's per-provider rows in
 * month_source_totals) differ from the ledger. Empty when all agree.
 */
export async function compareTotals(
  store: Store,
  campaign?: string,
  month?: string,
): Promise<TotalsDifference[]> {
  const { truth, stored, truthBySource, storedBySource } = await snapshot(store, campaign, month)
  const storedByKey = new Map(stored.map((s) => [key(s), s]))
  const truthByKey = new Map(truth.map((t) => [key(t), t]))
  const diffs: TotalsDifference[] = []
  const same = (a: MonthAggregate, b: MonthAggregate) =>
    a.pledged === b.pledged &&
    a.fees === b.fees &&
    a.donations === b.donations &&
    a.donors === b.donors &&
    a.entries === b.entries
  /** The month's provider rows, when they differ from the ledger's. */
  const sources = (k: string): Pick<TotalsDifference, 'bySource'> => {
    const s = storedBySource.get(k)
    const t = truthBySource.get(k)
    return sameSources(s, t) ? {} : { bySource: { stored: s ?? {}, ledger: t ?? {} } }
  }
  for (const t of truth) {
    const s = storedByKey.get(key(t))
    const bySource = sources(key(t))
    if (!s || !same(s, t) || bySource.bySource) {
      diffs.push({
        campaign: t.campaign,
        month: t.month,
        stored: s ?? null,
        ledger: t,
        ...bySource,
      })
    }
  }
  for (const s of stored) {
    const empty =
      s.pledged === 0 && s.fees === 0 && s.donations === 0 && s.donors === 0 && s.entries === 0
    const bySource = sources(key(s))
    if (!truthByKey.has(key(s)) && (!empty || bySource.bySource)) {
      diffs.push({ campaign: s.campaign, month: s.month, stored: s, ledger: null, ...bySource })
    }
  }
  // Provider rows of a month that month_totals and the ledger both lack.
  for (const r of [...storedBySource.keys()]) {
    if (truthByKey.has(r) || storedByKey.has(r)) continue
    const [c = '', m = ''] = r.split('\u0000')
    diffs.push({ campaign: c, month: m, stored: null, ledger: null, ...sources(r) })
  }
  return diffs.sort((a, b) => key(a).localeCompare(key(b)))
}

/**
 * Rebuilds the materialized totals (with distinct donors, and each month's per-provider rows)
 * from the ledger, in one atomic unit of plain SQL, and reports what differed before. The
 * ledger itself is never touched.
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
  const del = (table: 'month_totals' | 'month_donors' | 'month_source_totals') => {
    let q = db.deleteFrom(table)
    if (campaign !== undefined) q = q.where('campaign', '=', campaign)
    if (month !== undefined) q = q.where('month', '=', month)
    return q.compile()
  }
  await store.atomic([
    ALONE,
    del('month_donors'),
    del('month_totals'),
    del('month_source_totals'),
    sql`INSERT INTO month_donors (campaign, month, donor, n)
        SELECT campaign, month, donor, n FROM (${netDonors(scope)}) AS d WHERE n <> 0`.compile(db),
    sql`INSERT INTO month_totals (campaign, month, pledged, fees, donations, donors, entries,
          updated_at)
        SELECT campaign, month, CAST(SUM(amount) AS BIGINT), CAST(COALESCE(SUM(fee), 0) AS BIGINT),
          CAST(SUM(donation) AS BIGINT),
          0, COUNT(*), ${now}
        FROM ledger_entries
        WHERE counted = 1 AND campaign IS NOT NULL AND month IS NOT NULL${scope}
        GROUP BY campaign, month`.compile(db),
    sql`UPDATE month_totals SET donors = (SELECT COUNT(*) FROM month_donors d
          WHERE d.campaign = month_totals.campaign AND d.month = month_totals.month AND d.n > 0)
        WHERE 1 = 1${scope}`.compile(db),
    sql`INSERT INTO month_source_totals (campaign, month, provider, gross, fees, donations)
        SELECT campaign, month, provider, gross, fees, donations
        FROM (${sourceSums(campaign, month)}) AS s`.compile(db),
    ...also(differences),
  ])
  const months = await storedTotals(store, campaign, month)
  return { differences, months: months.length }
}
