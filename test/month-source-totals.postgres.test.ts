import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { migrate } from '../src/store/migrate.js'
import { openPostgresStore } from '../src/store/postgres.js'
import type { Store } from '../src/store/store.js'
import { compareTotals, recompute } from '../src/store/totals.js'
import { createTestDatabase } from './support/postgres.js'
import {
  addCampaigns,
  expectSourceRowsMatchLedger,
  storedSourceRows,
  withoutSourceRows,
  writeTwoProviders,
} from './support/source-totals.js'

/**
 * Per-provider month totals (schema/0020) on PostgreSQL, written in each unit's one query string
 * (prepared statements, `EXECUTE`): the same rows as the ledger's sums, and repaired by recompute.
 * Then schema/0020 on a ledger written before it.
 */
describe('per-provider month totals (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  let store: Store
  beforeAll(async () => {
    db = await createTestDatabase()
    // One connection, so that the statements it prepared can be read back (pg_prepared_statements).
    store = openPostgresStore(db.url, { max: 1 })
    await migrate(store, readSchemaFiles())
    await addCampaigns(store)
    await writeTwoProviders(store)
  })
  afterAll(async () => {
    await store?.close()
    await db?.drop()
  })

  it("equal the ledger's sums, and the read answers what the sum over the ledger did", async () => {
    await expectSourceRowsMatchLedger(store)
    expect(await compareTotals(store)).toEqual([])
    // Both provider upserts (an entry's own source, a reversal's) were prepared, not refused:
    // they reach PostgreSQL as EXECUTE in the unit's one query string.
    const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements
      WHERE name LIKE 'sb_write_%' AND statement LIKE '%month_source_totals%'`.execute(store.db)
    expect(rows.map((r) => r.statement.includes('o.source')).sort()).toEqual([false, true])
  })

  it('recompute finds a deleted and an altered row and rebuilds them', async () => {
    const before = await storedSourceRows(store)
    await store.db
      .deleteFrom('month_source_totals')
      .where('campaign', '=', 'news')
      .where('month', '=', '2026-06')
      .where('provider', '=', 'stripe')
      .execute()
    await store.db
      .updateTable('month_source_totals')
      .set({ donations: 7 })
      .where('campaign', '=', 'radio')
      .execute()
    const result = await recompute(store, '2026-08-01T00:00:00.000Z')
    expect(result.differences.map((d) => `${d.campaign} ${d.month}`)).toEqual([
      'news 2026-06',
      'radio 2026-06',
    ])
    expect(result.differences[1]?.bySource?.stored.stripe?.donations).toBe(7)
    expect(await compareTotals(store)).toEqual([])
    expect(await storedSourceRows(store)).toEqual(before)
  })
})

describe('schema/0020 on a ledger written before it (PostgreSQL)', () => {
  it('fills the provider rows from the ledger', async () => {
    const db = await createTestDatabase()
    const store = openPostgresStore(db.url)
    try {
      const files = readSchemaFiles()
      await migrate(
        store,
        files.filter((f) => f.name < '0020'),
      )
      await addCampaigns(store)
      await writeTwoProviders(withoutSourceRows(store))
      expect((await migrate(store, files)).applied).toEqual(['0020_month_source_totals.sql'])
      await expectSourceRowsMatchLedger(store)
      expect(await compareTotals(store)).toEqual([])
    } finally {
      await store.close()
      await db.drop()
    }
  })
})
