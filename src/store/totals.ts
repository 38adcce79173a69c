import { type CompiledQuery, sql } from 'kysely'
import { ALONE } from './alone.js'
import type { Store } from './store.js'

/**
 * Month totals: what the ledger says they are, what is stored, how they differ, and the rebuild.
 * The ledger (src/store/ledger.ts) is the truth; month_totals is its materialized sum.
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

/** One row of the comparison: the ledger's sums, its net donors, or the stored totals. */
type Row = {
  part: 'sums' | 'donors' | 'stored'
  campaign: string
  month: string
  pledged: number | null
  fees: number | null
  donations: number | null
  donors: number | null
  entries: number | null
}

const N = sql.raw('CAST(NULL AS BIGINT)')

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
        CAST(COUNT(*) AS BIGINT) AS entries
      FROM ledger_entries
      WHERE counted = 1 AND campaign IS NOT NULL AND month IS NOT NULL${scope}
      GROUP BY campaign, month
    UNION ALL
    SELECT 'donors', campaign, month, ${N}, ${N}, ${N}, CAST(COUNT(*) AS BIGINT), ${N}
      FROM (${netDonors(scope)}) AS d
      WHERE n > 0 GROUP BY campaign, month
    UNION ALL
    SELECT 'stored', campaign, month, CAST(pledged AS BIGINT), CAST(fees AS BIGINT),
        CAST(donations AS BIGINT),
        CAST(donors AS BIGINT), CAST(entries AS BIGINT)
      FROM month_totals WHERE 1 = 1${scope}`.compile(store.db)
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
    a.fees === b.fees &&
    a.donations === b.donations &&
    a.donors === b.donors &&
    a.entries === b.entries
  for (const t of truth) {
    const s = storedByKey.get(key(t))
    if (!s || !same(s, t))
      diffs.push({ campaign: t.campaign, month: t.month, stored: s ?? null, ledger: t })
  }
  for (const s of stored) {
    const empty =
      s.pledged === 0 && s.fees === 0 && s.donations === 0 && s.donors === 0 && s.entries === 0
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
    ALONE,
    del('month_donors'),
    del('month_totals'),
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
    ...also(differences),
  ])
  const months = await storedTotals(store, campaign, month)
  return { differences, months: months.length }
}
