import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../src/store/migrate.js'
import { openPostgresStore, parseInteger } from '../src/store/postgres.js'
import { readSchemaFiles } from '../src/store/schema-files.js'
import type { Store } from '../src/store/store.js'
import { createTestDatabase } from './support/postgres.js'

let database: Awaited<ReturnType<typeof createTestDatabase>>
let store: Store
beforeAll(async () => {
  database = await createTestDatabase()
  store = openPostgresStore(database.url, { max: 4 })
  await migrate(store, readSchemaFiles())
})
afterAll(async () => {
  await store?.close()
  await database?.drop()
})

const row = { campaign: 'c', month: '2026-06', pledged: 0, donations: 0, donors: 0, entries: 0 }

describe('PostgreSQL store', () => {
  it('reads BIGINT, COUNT and SUM as numbers and refuses to round past 2^53', async () => {
    const r = await sql<{ big: number; n: number; s: number }>`
      SELECT CAST(9007199254740991 AS BIGINT) AS big, COUNT(*) AS n, SUM(x) AS s
      FROM (VALUES (1), (2)) AS t (x)`.execute(store.db)
    expect(r.rows[0]).toEqual({ big: 9007199254740991, n: 2, s: 3 })
    await expect(
      sql`SELECT CAST(9007199254740993 AS BIGINT) AS big`.execute(store.db),
    ).rejects.toThrow(/not a safe integer/)
    expect(() => parseInteger('12.5')).toThrow(RangeError)
  })

  it('leaves the global pg type parsers alone', () => {
    expect(pg.types.getTypeParser(20, 'text')('12')).toBe('12')
  })

  it('applies the schema once: a second run applies nothing', async () => {
    expect(await migrate(store, readSchemaFiles())).toEqual({
      applied: [],
      alreadyApplied: ['0001_init.sql', '0002_webhooks.sql'],
    })
  })

  /** A campaign and month row of its own, for one test. */
  async function seed(slug: string) {
    await store.atomic([
      sql`INSERT INTO campaigns (slug, name, currency, default_goal, timezone, locale, created_at, updated_at)
          VALUES (${slug}, 'C', 'USD', 100, 'UTC', 'en-US', 'now', 'now')`.compile(store.db),
      store.db
        .insertInto('month_totals')
        .values({ ...row, campaign: slug, updated_at: 'now' })
        .compile(),
    ])
  }

  /**
   * Another writer changes the row while `target`'s unit waits for it: the unit's snapshot
   * predates that commit, so under REPEATABLE READ its update fails with 40001.
   */
  async function collide(target: Store, slug: string): Promise<unknown> {
    const other = new pg.Client({ connectionString: database.url })
    await other.connect()
    try {
      await other.query('BEGIN')
      await other.query('UPDATE month_totals SET pledged = pledged + 1 WHERE campaign = $1', [slug])
      let settled = false
      const unit = target
        .atomic([
          sql`UPDATE month_totals SET pledged = pledged + 10 WHERE campaign = ${slug}`.compile(
            target.db,
          ),
        ])
        .then(
          () => 'ok',
          (err: unknown) => err,
        )
        .finally(() => {
          settled = true
        })
      // Commit only once the unit is blocked on the row lock.
      while (!settled) {
        // pg_stat_activity is snapshotted once per transaction unless the snapshot is cleared.
        await other.query('SELECT pg_stat_clear_snapshot()')
        const waiting = await other.query(
          `SELECT count(*) AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
        if (Number(waiting.rows[0].n) > 0) break
        await new Promise((r) => setTimeout(r, 10))
      }
      await other.query('COMMIT')
      return await unit
    } finally {
      await other.end()
    }
  }

  const pledged = async (slug: string) =>
    (
      await store.db
        .selectFrom('month_totals')
        .select('pledged')
        .where('campaign', '=', slug)
        .executeTakeFirstOrThrow()
    ).pledged

  it('runs a unit again, whole, after a serialization failure against another writer', async () => {
    await seed('retry')
    expect(await collide(store, 'retry')).toBe('ok')
    expect(await pledged('retry')).toBe(11)
  })

  it('gives up after the configured attempts and reports the failure', async () => {
    await seed('give-up')
    const once = openPostgresStore(database.url, { max: 2, maxAttempts: 1 })
    try {
      expect(await collide(once, 'give-up')).toMatchObject({ code: '40001' })
    } finally {
      await once.close()
    }
    expect(await pledged('give-up')).toBe(1)
  })

  it('runs exclusive sections on one key one at a time, across pools', async () => {
    const second = openPostgresStore(database.url, { max: 2 })
    const exclusive = (s: Store) => {
      const fn = s.exclusive
      if (!fn) throw new Error('PostgreSQL store has exclusive')
      return fn.bind(s)
    }
    const log: string[] = []
    let release = () => {}
    const held = new Promise<void>((r) => {
      release = r
    })
    let entered = () => {}
    const inside = new Promise<void>((r) => {
      entered = r
    })
    try {
      const first = exclusive(store)(['k', 'j'], async () => {
        log.push('first in')
        entered()
        await held
        log.push('first out')
      })
      await inside
      const other = exclusive(second)(['j'], async () => {
        log.push('second in')
      })
      // The second section cannot start while the first holds key j: let it try, then release.
      await new Promise((r) => setTimeout(r, 100))
      log.push('release')
      release()
      await Promise.all([first, other])
    } finally {
      await second.close()
    }
    expect(log).toEqual(['first in', 'release', 'first out', 'second in'])
  })
})
