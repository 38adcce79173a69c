import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { D1Database } from '@cloudflare/workers-types'
import { CompiledQuery } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { getPlatformProxy } from 'wrangler'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { openD1Store } from '../src/store/d1.js'
import { appliedMigrations, migrate } from '../src/store/migrate.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { applyLocalD1Migrations, localD1File, wrangler } from './support/workerd.js'

const dirs: string[] = []
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'supportbar-d1mig-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const names = readSchemaFiles().map((f) => f.name)
const tablesOf = async (store: ReturnType<typeof openSqliteStore>) =>
  (
    await store.db
      .selectFrom('sqlite_master' as never)
      .select(['name' as never, 'type' as never])
      .where('type' as never, 'in', ['table', 'index'] as never)
      .where('name' as never, 'not like', 'sqlite_%' as never)
      .where('name' as never, 'not like', '_cf_%' as never)
      .orderBy('name' as never)
      .execute()
  ).map((r) => r as { name: string; type: string })

/** The local D1 database of a persistence folder, as the Worker sees it, through wrangler. */
async function withLocalD1<T>(persistTo: string, fn: (db: D1Database) => Promise<T>): Promise<T> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: join(process.cwd(), 'wrangler.toml'),
    persist: { path: join(persistTo, 'v3') },
  })
  try {
    return await fn(proxy.env.DB)
  } finally {
    await proxy.dispose()
  }
}

describe('schema/ migrations: wrangler and the built-in migrator agree', () => {
  it('after `wrangler d1 migrations apply --local`, our migrator applies nothing', async () => {
    const dir = tempDir()
    const out = await applyLocalD1Migrations(dir)
    for (const n of names) expect(out).toContain(n)
    const store = openSqliteStore(localD1File(dir))
    try {
      expect(await appliedMigrations(store)).toEqual(names)
      expect(await migrate(store, readSchemaFiles())).toEqual({
        applied: [],
        alreadyApplied: names,
      })
      // Same tables and indexes as a database our migrator built from scratch.
      const fresh = openSqliteStore(':memory:')
      await migrate(fresh, readSchemaFiles())
      expect(await tablesOf(store)).toEqual(await tablesOf(fresh))
      await fresh.close()
    } finally {
      await store.close()
    }
  })

  it('after our migrator ran on D1, wrangler has nothing to apply', async () => {
    const dir = tempDir()
    const result = await withLocalD1(dir, (db) => migrate(openD1Store(db), readSchemaFiles()))
    expect(result).toEqual({ applied: names, alreadyApplied: [] })
    const out = await applyLocalD1Migrations(dir)
    expect(out).toMatch(/No migrations to apply/)
    const list = await wrangler(['d1', 'migrations', 'list', 'DB', '--local', '--persist-to', dir])
    expect(list).toMatch(/No migrations to apply/)
  })
})

describe('D1 store', () => {
  it('runs an atomic unit as one batch: a failing statement undoes the ones before it', async () => {
    const dir = tempDir()
    await applyLocalD1Migrations(dir)
    await withLocalD1(dir, async (db) => {
      const store = openD1Store(db)
      const insert = (slug: string) =>
        store.db
          .insertInto('campaigns')
          .values({
            slug,
            name: slug,
            currency: 'USD',
            default_goal: 100,
            timezone: 'UTC',
            locale: 'en-US',
            donate_url: null,
            is_default: 0,
            archived: 0,
            created_at: '2026-01-01T00:00:00.000Z',
            updated_at: '2026-01-01T00:00:00.000Z',
          })
          .compile()
      const results = await store.atomic([insert('a'), insert('b')])
      expect(results.map((r) => Number(r.numAffectedRows))).toEqual([1, 1])
      await expect(
        store.atomic([insert('c'), CompiledQuery.raw('INSERT INTO no_such_table VALUES (1)')]),
      ).rejects.toThrow()
      await expect(store.atomic([insert('d'), insert('a')])).rejects.toThrow(/UNIQUE/)
      const slugs = await store.db.selectFrom('campaigns').select('slug').orderBy('slug').execute()
      expect(slugs.map((s) => s.slug)).toEqual(['a', 'b'])
      // Reads through Kysely's D1 dialect see typed rows.
      const row = await store.db
        .selectFrom('campaigns')
        .selectAll()
        .where('slug', '=', 'a')
        .executeTakeFirst()
      expect(row).toMatchObject({ slug: 'a', default_goal: 100 })
      await store.ping()
    })
  })
})
