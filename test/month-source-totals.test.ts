import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { migrate } from '../src/store/migrate.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { compareTotals, recompute } from '../src/store/totals.js'
import { makeTestApp, type TestApp } from './support/harness.js'
import {
  addCampaigns,
  EXPECTED,
  expectSourceRowsMatchLedger,
  storedSourceRows,
  withoutSourceRows,
  writeTwoProviders,
} from './support/source-totals.js'

/**
 * Per-provider month totals (month_source_totals, schema/0020) kept with every entry on SQLite:
 * equal to the ledger's per-provider sums, filled by the migration from an existing ledger, and
 * found and repaired by recompute like month_totals.
 */

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
  await addCampaigns(t.store)
  await writeTwoProviders(t.store)
})
afterEach(() => t.close())

describe('per-provider month totals written with each entry', () => {
  it("equal the ledger's after payments, refunds, disputes, moves, reversals and adjustments", async () => {
    await expectSourceRowsMatchLedger(t.store)
    expect(await compareTotals(t.store)).toEqual([])
  })

  it('are what the progress read shows', async () => {
    const res = await t.app.request('/api/campaigns/news/progress?month=2026-06')
    expect(res.status).toBe(200)
    const p = (await res.json()) as { bySource: Record<string, { pledged: number }> }
    expect(p.bySource.stripe?.pledged).toBe(EXPECTED['news 2026-06']?.stripe?.gross)
    expect(p.bySource.paypal?.pledged).toBe(EXPECTED['news 2026-06']?.paypal?.gross)
    expect(p.bySource.kofi?.pledged).toBe(0)
  })
})

describe('recompute', () => {
  const row = (campaign: string, month: string, provider: string) =>
    t.store.db
      .selectFrom('month_source_totals')
      .where('campaign', '=', campaign)
      .where('month', '=', month)
      .where('provider', '=', provider)

  it('finds a deleted, an altered and a stray provider row, and rebuilds them', async () => {
    const before = await storedSourceRows(t.store)
    await t.store.db
      .deleteFrom('month_source_totals')
      .where('campaign', '=', 'news')
      .where('month', '=', '2026-06')
      .where('provider', '=', 'paypal')
      .execute()
    await t.store.db
      .updateTable('month_source_totals')
      .set({ fees: 1 })
      .where('campaign', '=', 'news')
      .where('month', '=', '2026-07')
      .where('provider', '=', 'stripe')
      .execute()
    // A month the ledger and month_totals know nothing of.
    await t.store.db
      .insertInto('month_source_totals')
      .values({
        campaign: 'radio',
        month: '2030-01',
        provider: 'kofi',
        gross: 5,
        fees: 0,
        donations: 1,
      })
      .execute()
    const found = await compareTotals(t.store)
    expect(found.map((d) => `${d.campaign} ${d.month}`)).toEqual([
      'news 2026-06',
      'news 2026-07',
      'radio 2030-01',
    ])
    const june = found[0]
    // month_totals agree: only the provider rows differ.
    expect(june?.stored).toEqual(june?.ledger)
    expect(june?.bySource?.stored.paypal).toBeUndefined()
    expect(june?.bySource?.ledger.paypal).toEqual({ gross: 1000, fees: 70, donations: 1 })
    expect(found[1]?.bySource?.stored.stripe).toEqual({ gross: 3000, fees: 1, donations: 1 })
    expect(found[1]?.bySource?.ledger.stripe).toEqual({ gross: 3000, fees: 120, donations: 1 })
    expect(found[2]).toEqual({
      campaign: 'radio',
      month: '2030-01',
      stored: null,
      ledger: null,
      bySource: { stored: { kofi: { gross: 5, fees: 0, donations: 1 } }, ledger: {} },
    })

    const res = await t.call('POST', '/api/admin/recompute')
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      differences: { campaign: string; month: string; bySource?: unknown }[]
    }
    expect(body.differences.map((d) => d.month)).toEqual(['2026-06', '2026-07', '2030-01'])
    expect(body.differences[2]?.bySource).toEqual(found[2]?.bySource)
    expect(await compareTotals(t.store)).toEqual([])
    expect(await storedSourceRows(t.store)).toEqual(before)
    await expectSourceRowsMatchLedger(t.store)
  })

  it('scoped to a month, rebuilds that month only', async () => {
    await t.store.db
      .updateTable('month_source_totals')
      .set({ gross: 1 })
      .where('provider', '=', 'stripe')
      .execute()
    const result = await recompute(
      t.store,
      '2026-08-01T00:00:00.000Z',
      'news',
      undefined,
      '2026-06',
    )
    expect(result.differences.map((d) => d.month)).toEqual(['2026-06'])
    expect(await compareTotals(t.store, 'news', '2026-06')).toEqual([])
    expect((await compareTotals(t.store)).map((d) => `${d.campaign} ${d.month}`)).toEqual([
      'news 2026-07',
      'radio 2026-06',
    ])
    expect(await row('news', '2026-07', 'stripe').select('gross').executeTakeFirst()).toEqual({
      gross: 1,
    })
    await recompute(t.store, '2026-08-01T00:00:00.000Z')
    await expectSourceRowsMatchLedger(t.store)
  })
})

describe('schema/0020 on a ledger written before it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-source-totals-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('fills the provider rows from the ledger, by the read’s rule', async () => {
    const store = openSqliteStore(join(dir, 'old.db'))
    try {
      const files = readSchemaFiles()
      expect(files.map((f) => f.name)).toContain('0020_month_source_totals.sql')
      await migrate(
        store,
        files.filter((f) => f.name < '0020'),
      )
      await addCampaigns(store)
      await writeTwoProviders(withoutSourceRows(store))
      const result = await migrate(store, files)
      expect(result.applied).toEqual(['0020_month_source_totals.sql'])
      await expectSourceRowsMatchLedger(store)
      expect(await compareTotals(store)).toEqual([])
    } finally {
      await store.close()
    }
  })
})
