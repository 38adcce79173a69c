import { CompiledQuery, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
