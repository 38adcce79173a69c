import type { CompiledQuery } from 'kysely'
import type { BookEntry, Discrepancy } from '../reconcile/classify.js'
import type { Store } from './store.js'
import type { ReconciliationRunsTable } from './tables.js'

// Reconciliation runs, the transactions each saw, the differences each named, and the ledger
// entries a page of Stripe's transactions is compared with.

export interface Totals {
  count: number
  gross: number
  fees: number
  net: number
}

export interface RunRecord {
  id: string
  account: string | null
  scope: { payout: string } | { from: string; to: string }
  status: ReconciliationRunsTable['status']
  startedAt: string
  finishedAt: string | null
  payout: { id: string; amount: number; currency: string; arrivalDate: string } | null
  stripe: Totals
  ledger: Totals
  /** The totals' currency: Stripe's settlement currency; null when none or several. */
  currency: string | null
  error: string | null
}

export interface StoredDiscrepancy extends Discrepancy {
  seq: number
  repairedAt: string | null
}

const ZERO: Totals = { count: 0, gross: 0, fees: 0, net: 0 }
const parse = <T>(s: string | null, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback)

export function startRunQuery(
  store: Store,
  r: Pick<RunRecord, 'id' | 'account' | 'scope' | 'startedAt'>,
): CompiledQuery {
  return store.db
    .insertInto('reconciliation_runs')
    .values({
      id: r.id,
      account: r.account,
      scope: JSON.stringify(r.scope),
      status: 'running',
      started_at: r.startedAt,
    })
    .compile()
}

export function finishRunQuery(
  store: Store,
  id: string,
  r: Pick<
    RunRecord,
    'status' | 'finishedAt' | 'payout' | 'stripe' | 'ledger' | 'currency' | 'error'
  >,
): CompiledQuery {
  return store.db
    .updateTable('reconciliation_runs')
    .set({
      status: r.status,
      finished_at: r.finishedAt,
      payout: r.payout ? JSON.stringify(r.payout) : null,
      stripe_totals: JSON.stringify(r.stripe),
      ledger_totals: JSON.stringify(r.ledger),
      currency: r.currency,
      error: r.error,
    })
    .where('id', '=', id)
    .compile()
}

/** The transactions a page listed, kept so the ledger's side is compared in SQL. */
export function itemQueries(store: Store, runId: string, txns: readonly string[]): CompiledQuery[] {
  if (txns.length === 0) return []
  return [
    store.db
      .insertInto('reconciliation_items')
      .values(txns.map((t) => ({ run_id: runId, balance_transaction: t })))
      .onConflict((oc) => oc.doNothing())
      .compile(),
  ]
}

export function discrepancyQueries(
  store: Store,
  runId: string,
  firstSeq: number,
  list: readonly Discrepancy[],
): CompiledQuery[] {
  return list.map((d, i) =>
    store.db
      .insertInto('reconciliation_discrepancies')
      .values({
        run_id: runId,
        seq: firstSeq + i,
        code: d.code,
        balance_transaction: d.balanceTransaction,
        object: d.object,
        campaign: d.campaign,
        month: d.month,
        expected: d.expected,
        actual: d.actual,
        currency: d.currency,
        note: d.note,
      })
      .compile(),
  )
}

type EntryRow = {
  entry_key: string
  kind: string
  campaign: string | null
  month: string | null
  amount: number
  currency: string
  counted: number
  fee: number | null
  balance_transaction: string | null
  settlement_currency: string | null
  data: string | null
}

const toBookEntry = (r: EntryRow): BookEntry => {
  const data = parse<{ balance?: { amount: number; fee: number | null; currency: string } }>(
    r.data,
    {},
  )
  return {
    entryKey: r.entry_key,
    kind: r.kind,
    campaign: r.campaign,
    month: r.month,
    amount: Number(r.amount),
    currency: r.currency,
    counted: Number(r.counted) === 1,
    fee: r.fee == null ? null : Number(r.fee),
    balanceTransaction: r.balance_transaction,
    settlementCurrency: r.settlement_currency,
    balance: data.balance ?? null,
  }
}

const ENTRY_COLUMNS = [
  'entry_key',
  'kind',
  'campaign',
  'month',
  'amount',
  'currency',
  'counted',
  'fee',
  'balance_transaction',
  'settlement_currency',
  'data',
] as const

/** The entries that name these balance transactions or have these keys, in one query. */
export async function entriesFor(
  store: Store,
  txns: readonly string[],
  keys: readonly string[],
): Promise<BookEntry[]> {
  if (txns.length === 0 && keys.length === 0) return []
  const rows = await store.db
    .selectFrom('ledger_entries')
    .select(ENTRY_COLUMNS)
    .where((w) =>
      w.or([
        ...(txns.length > 0 ? [w('balance_transaction', 'in', [...txns])] : []),
        ...(keys.length > 0 ? [w('entry_key', 'in', [...keys])] : []),
      ]),
    )
    .execute()
  return rows.map((r) => toBookEntry(r as EntryRow))
}

/** The timezones of these campaigns. */
export async function timezones(store: Store, slugs: readonly string[]) {
  if (slugs.length === 0) return new Map<string, string>()
  const rows = await store.db
    .selectFrom('campaigns')
    .select(['slug', 'timezone'])
    .where('slug', 'in', [...slugs])
    .execute()
  return new Map(rows.map((r) => [r.slug, r.timezone]))
}

const MONEY_KINDS = [
  'payment',
  'refund',
  'refund_reversal',
  'dispute_withdrawal',
  'dispute_reinstatement',
] as const

/**
 * Counted Stripe entries of the range that name a balance transaction the run never saw: the
 * ledger has money Stripe's books do not show. A page of `limit`, by entry key, after `after`.
 */
export async function unseenEntries(
  store: Store,
  runId: string,
  from: string,
  to: string,
  limit = 1000,
  after?: string,
) {
  let q = store.db
    .selectFrom('ledger_entries as l')
    .select([...ENTRY_COLUMNS.map((c) => `l.${c}` as const)])
    .where('l.source', '=', 'stripe')
    .where('l.counted', '=', 1)
    .where('l.kind', 'in', [...MONEY_KINDS])
    .where('l.balance_transaction', 'is not', null)
    .where('l.occurred_at', '>=', from)
    .where('l.occurred_at', '<', to)
    .where((w) =>
      w.not(
        w.exists(
          w
            .selectFrom('reconciliation_items as i')
            .select('i.run_id')
            .where('i.run_id', '=', runId)
            .whereRef('i.balance_transaction', '=', 'l.balance_transaction'),
        ),
      ),
    )
  if (after !== undefined) q = q.where('l.entry_key', '>', after)
  const rows = await q.orderBy('l.entry_key').limit(limit).execute()
  return rows.map((r) => ({
    ...toBookEntry(r as EntryRow),
    account: parse<{ account?: string }>((r as EntryRow).data, {}).account ?? null,
  }))
}

const toRun = (r: {
  id: string
  account: string | null
  scope: string
  status: ReconciliationRunsTable['status']
  started_at: string
  finished_at: string | null
  payout: string | null
  stripe_totals: string | null
  ledger_totals: string | null
  currency: string | null
  error: string | null
}): RunRecord => ({
  id: r.id,
  account: r.account,
  scope: parse(r.scope, { from: '', to: '' }),
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  payout: parse(r.payout, null),
  stripe: parse(r.stripe_totals, ZERO),
  ledger: parse(r.ledger_totals, ZERO),
  currency: r.currency,
  error: r.error,
})

/** Runs, newest first, keyset-paginated on (started_at, id). */
export async function listRuns(
  store: Store,
  limit: number,
  before?: { startedAt: string; id: string },
): Promise<RunRecord[]> {
  let q = store.db.selectFrom('reconciliation_runs').selectAll()
  if (before) {
    q = q.where((w) =>
      w.or([
        w('started_at', '<', before.startedAt),
        w.and([w('started_at', '=', before.startedAt), w('id', '<', before.id)]),
      ]),
    )
  }
  const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
  return rows.map(toRun)
}

export async function getRun(store: Store, id: string): Promise<RunRecord | undefined> {
  const row = await store.db
    .selectFrom('reconciliation_runs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return row && toRun(row)
}

export async function runDiscrepancies(store: Store, id: string): Promise<StoredDiscrepancy[]> {
  const rows = await store.db
    .selectFrom('reconciliation_discrepancies')
    .selectAll()
    .where('run_id', '=', id)
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({
    seq: Number(r.seq),
    code: r.code as Discrepancy['code'],
    balanceTransaction: r.balance_transaction,
    object: r.object,
    campaign: r.campaign,
    month: r.month,
    expected: r.expected == null ? null : Number(r.expected),
    actual: r.actual == null ? null : Number(r.actual),
    currency: r.currency,
    note: r.note,
    repairedAt: r.repaired_at,
  }))
}

export function repairedQuery(store: Store, runId: string, seq: number, at: string) {
  return store.db
    .updateTable('reconciliation_discrepancies')
    .set({ repaired_at: at })
    .where('run_id', '=', runId)
    .where('seq', '=', seq)
    .where('repaired_at', 'is', null)
    .compile()
}

/**
 * Open differences by code: those not repaired in the newest finished run of each account (an
 * older run's are the same differences seen before, or closed since).
 */
export async function openByCode(store: Store): Promise<Map<string, number>> {
  const rows = await store.db
    .selectFrom('reconciliation_discrepancies as d')
    .innerJoin('reconciliation_runs as r', 'r.id', 'd.run_id')
    .select(['d.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('d.repaired_at', 'is', null)
    .where('r.status', '=', 'done')
    .where((w) =>
      w.not(
        w.exists(
          w
            .selectFrom('reconciliation_runs as later')
            .select('later.id')
            .where('later.status', '=', 'done')
            .whereRef('later.started_at', '>', 'r.started_at')
            .where((x) =>
              x.or([
                x.and([x('later.account', 'is', null), x('r.account', 'is', null)]),
                x('later.account', '=', x.ref('r.account')),
              ]),
            ),
        ),
      ),
    )
    .groupBy('d.code')
    .execute()
  return new Map(rows.map((r) => [r.code, Number(r.n)]))
}
