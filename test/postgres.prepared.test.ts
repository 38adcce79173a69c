import { CompiledQuery, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GroupCommit } from '../src/ingest/group-commit.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { appendEntryQueries, type NewEntry, newEntryId } from '../src/store/ledger.js'
import { migrate } from '../src/store/migrate.js'
import { openPostgresStore } from '../src/store/postgres.js'
import type { Store } from '../src/store/store.js'
import { createTestDatabase } from './support/postgres.js'

// One connection, so the test's reads see the session the write units ran on.
let database: Awaited<ReturnType<typeof createTestDatabase>>
let store: Store
beforeAll(async () => {
  database = await createTestDatabase()
  store = openPostgresStore(database.url, { max: 1 })
  await migrate(store, readSchemaFiles())
})
afterAll(async () => {
  await store?.close()
  await database?.drop()
})

const now = new Date().toISOString()
const entry = (i: number, donor: string, amount: number): NewEntry => ({
  entryKey: `prep:${i}`,
  campaign: 'prep',
  month: '2026-08',
  kind: 'adjustment',
  amount,
  currency: 'USD',
  counted: true,
  donation: amount > 0 ? 1 : -1,
  donor,
  source: 'admin',
  sourceId: null,
  paymentRef: null,
  note: `it's \\ a "note" -- not a comment; $1 ?`,
  actor: 'test',
  eventId: null,
  data: { i },
  occurredAt: now,
})

/** The statements prepared on the store's one connection, by their text. */
async function preparedTexts(): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements
    WHERE name LIKE 'sb_write_%'`.execute(store.db)
  return rows.map((r) => r.statement)
}

describe('PostgreSQL write units on prepared statements', () => {
  it('prepares each write statement once per connection, then sends only its values', async () => {
    await store.atomic([
      CompiledQuery.raw(
        `INSERT INTO campaigns (slug, name, currency, default_goal, timezone, locale, created_at, updated_at)
        VALUES ('prep', 'C', 'USD', 100, 'UTC', 'en-US', 'now', 'now')`,
      ),
    ])
    const units = [entry(1, 'a', 500), entry(2, 'a', 700), entry(3, 'b', -200), entry(1, 'a', 500)]
    for (const e of units) await store.atomic(appendEntryQueries(store, e, newEntryId(), now))
    const texts = await preparedTexts()
    const statements = appendEntryQueries(store, entry(9, 'c', 1), newEntryId(), now)
    // The entry insert, the donor's row and the month's totals: each prepared, and only once.
    for (const q of statements) expect(texts.filter((t) => t.endsWith(q.sql))).toHaveLength(1)
    // The values reached the rows exactly, quoting and signs included; the repeat added nothing.
    const totals = await store.db
      .selectFrom('month_totals')
      .selectAll()
      .where('campaign', '=', 'prep')
      .executeTakeFirstOrThrow()
    expect(totals).toMatchObject({ pledged: 1000, donations: 1, donors: 1, entries: 3 })
    const first = await store.db
      .selectFrom('ledger_entries')
      .select(['note', 'data', 'amount'])
      .where('entry_key', '=', 'prep:3')
      .executeTakeFirstOrThrow()
    expect(first).toEqual({ note: units[0]?.note, data: '{"i":3}', amount: -200 })
  })

  it('writes in whole a statement PostgreSQL cannot prepare, and one naming fewer parameters than given', async () => {
    // `$1 IS NULL` gives PostgreSQL no type for $1: PREPARE refuses it.
    const untyped = CompiledQuery.raw(
      "SELECT CASE WHEN $1 IS NULL THEN 'none' ELSE 'some' END AS v",
      [null],
    )
    const extra = CompiledQuery.raw('SELECT $1::text AS v', ['x', 'unused'])
    const [a, b] = await store.atomic([untyped, extra])
    expect(a?.rows).toEqual([{ v: 'none' }])
    expect(b?.rows).toEqual([{ v: 'x' }])
    const texts = await preparedTexts()
    expect(texts.some((t) => t.includes('$1 IS NULL') || t.includes('$1::text'))).toBe(false)
  })
})

describe('reads after a commit, in the same round trip', () => {
  const txid = CompiledQuery.raw('SELECT CAST(txid_current() AS TEXT) AS x', [])
  const count = (slug: string) =>
    CompiledQuery.raw('SELECT COUNT(*) AS n FROM settings WHERE name = $1', [slug])
  const setting = (name: string) =>
    CompiledQuery.raw(
      "INSERT INTO settings (name, value, created_at) VALUES ($1, 'v', 'now') ON CONFLICT DO NOTHING",
      [name],
    )

  it('runs them once the unit committed: in a transaction of their own, seeing its rows', async () => {
    const then = store.atomicThenRead?.bind(store)
    if (!then) throw new Error('the PostgreSQL store reads after a commit')
    const [inUnit, written, seen, after] = await then(
      [txid, setting('after:1')],
      [count('after:1'), txid],
    )
    expect(written?.numAffectedRows).toBe(1n)
    expect(seen?.rows).toEqual([{ n: 1 }])
    expect(after?.rows).not.toEqual(inUnit?.rows)
  })

  it('gives each unit of a group commit its own reads, after its own results', async () => {
    const group = new GroupCommit(store)
    const [a, b, c] = await Promise.all([
      group.atomic([setting('group:a')], [count('group:a'), count('group:none')]),
      group.atomic([setting('group:b'), setting('group:b')]),
      group.atomic([setting('group:c')], [count('group:c')]),
    ])
    expect(a?.map((r) => r.rows)).toEqual([[], [{ n: 1 }], [{ n: 0 }]])
    expect(b?.map((r) => r.numAffectedRows)).toEqual([1n, 0n])
    expect(c?.map((r) => r.rows)).toEqual([[], [{ n: 1 }]])
  })
})
