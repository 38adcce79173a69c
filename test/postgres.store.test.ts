import { CompiledQuery, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { ALONE } from '../src/store/alone.js'
import { appendEntryQueries, type NewEntry, newEntryId } from '../src/store/ledger.js'
import { migrate } from '../src/store/migrate.js'
import { openPostgresStore, parseInteger } from '../src/store/postgres.js'
import type { Store } from '../src/store/store.js'
import { compareTotals } from '../src/store/totals.js'
import { createTestDatabase, PG_ADMIN_URL } from './support/postgres.js'

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

/** The store's `exclusive`, which the PostgreSQL store always has. */
function exclusive(s: Store) {
  const fn = s.exclusive
  if (!fn) throw new Error('PostgreSQL store has exclusive')
  return fn.bind(s)
}

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
      alreadyApplied: readSchemaFiles().map((f) => f.name),
    })
  })

  /**
   * A statement that fails with a serialization failure (40001) on its first `failures` runs:
   * the count lives in a sequence, which a rollback does not undo.
   */
  async function flaky(name: string, failures: number) {
    await sql`CREATE SEQUENCE ${sql.raw(name)}`.execute(store.db)
    return CompiledQuery.raw(`DO $$ BEGIN
      IF nextval('${name}') <= ${failures} THEN
        RAISE EXCEPTION 'simulated conflict' USING ERRCODE = '40001';
      END IF;
    END $$`)
  }

  const insertCampaign = (slug: string) =>
    sql`INSERT INTO campaigns (slug, name, currency, default_goal, timezone, locale, created_at, updated_at)
        VALUES (${slug}, 'C', 'USD', 100, 'UTC', 'en-US', 'now', 'now')`.compile(store.db)

  const campaignExists = async (slug: string) =>
    (await store.db.selectFrom('campaigns').select('slug').where('slug', '=', slug).execute())
      .length === 1

  it('runs a unit again, whole, after a serialization failure', async () => {
    const unit = [insertCampaign('retried'), await flaky('flaky_retried', 2)]
    await store.atomic(unit)
    expect(await campaignExists('retried')).toBe(true)
  })

  it('gives up after the configured attempts, and the failed unit left nothing', async () => {
    const once = openPostgresStore(database.url, { max: 2, maxAttempts: 2 })
    try {
      const unit = [insertCampaign('given-up'), await flaky('flaky_given_up', 5)]
      await expect(once.atomic(unit)).rejects.toMatchObject({ code: '40001' })
    } finally {
      await once.close()
    }
    expect(await campaignExists('given-up')).toBe(false)
  })

  it('runs units marked ALONE one at a time across pools, so none fails or loses another', async () => {
    await store.atomic([
      insertCampaign('hot'),
      store.db
        .insertInto('month_totals')
        .values({ ...row, campaign: 'hot', updated_at: 'now' })
        .compile(),
    ])
    const other = openPostgresStore(database.url, { max: 5, maxAttempts: 1 })
    try {
      // Fifty read-modify-write units on one row from two pools, at once, with no retries
      // allowed: each reads the row after the previous committed, so none is lost or refused.
      const bump = (s: Store) =>
        s.atomic([
          ALONE,
          sql`UPDATE month_totals SET pledged = (SELECT pledged FROM month_totals WHERE campaign = 'hot') + 1
              WHERE campaign = 'hot'`.compile(s.db),
        ])
      await Promise.all(Array.from({ length: 50 }, (_, i) => bump(i % 2 ? store : other)))
    } finally {
      await other.close()
    }
    const hot = await store.db
      .selectFrom('month_totals')
      .select('pledged')
      .where('campaign', '=', 'hot')
      .executeTakeFirstOrThrow()
    expect(hot.pledged).toBe(50)
  })

  it('counts a donor once when many units for them commit at once from two pools, with no global lock', async () => {
    const other = openPostgresStore(database.url, { max: 5, maxAttempts: 1 })
    const now = new Date().toISOString()
    const entry = (i: number, donation: -1 | 1, donor: string): NewEntry => ({
      entryKey: `race:${donor}:${i}`,
      campaign: 'race',
      month: '2026-07',
      kind: 'adjustment',
      amount: donation * 100,
      currency: 'USD',
      counted: true,
      donation,
      donor,
      source: 'admin',
      sourceId: null,
      paymentRef: null,
      note: null,
      actor: 'test',
      eventId: null,
      data: null,
      occurredAt: now,
    })
    await store.atomic([insertCampaign('race')])
    try {
      // Donor a gives 30 times, donor b gives 10 times and takes back 10: one donor remains.
      // Each unit is one round trip on its own connection, all in flight together; the same
      // entry sent twice (from each pool) must count once.
      const units = [
        ...Array.from({ length: 30 }, (_, i) => entry(i, 1, 'a')),
        ...Array.from({ length: 10 }, (_, i) => entry(i, 1, 'b')),
        ...Array.from({ length: 10 }, (_, i) => entry(100 + i, -1, 'b')),
      ]
      await Promise.all(
        units.flatMap((e) =>
          [store, other].map((s) => s.atomic(appendEntryQueries(s, e, newEntryId(), now))),
        ),
      )
    } finally {
      await other.close()
    }
    const totals = await store.db
      .selectFrom('month_totals')
      .selectAll()
      .where('campaign', '=', 'race')
      .executeTakeFirstOrThrow()
    expect(totals).toMatchObject({ pledged: 3000, donations: 30, donors: 1, entries: 50 })
    expect(await compareTotals(store, 'race')).toEqual([])
  })

  it('writes a unit whose values need quoting exactly as given, in one round trip', async () => {
    const odd = `it's \\ a "test" -- not a comment; $1 ?`
    await store.atomic([
      store.db
        .insertInto('settings')
        .values({ name: 'odd', value: odd, created_at: 'now' })
        .compile(),
    ])
    const back = await store.db
      .selectFrom('settings')
      .select('value')
      .where('name', '=', 'odd')
      .executeTakeFirstOrThrow()
    expect(back.value).toBe(odd)
  })

  it('runs exclusive sections on one key one at a time, across pools', async () => {
    const second = openPostgresStore(database.url, { max: 2 })
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

  it('survives the server ending its idle connections (a restart, an admin terminating them)', async () => {
    const own = openPostgresStore(database.url, { max: 2 })
    try {
      await own.ping()
      await exclusive(own)(['idle'], async () => {})
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
      await admin.connect()
      try {
        const ended = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = $1 AND pid <> pg_backend_pid() AND state = 'idle'`,
          [database.name],
        )
        expect(ended.rowCount).toBeGreaterThan(0)
      } finally {
        await admin.end()
      }
      // Without an error listener on the pools, the idle clients' errors crash the process.
      await new Promise((r) => setTimeout(r, 200))
      await own.ping()
      await own.db.selectFrom('month_totals').selectAll().execute()
    } finally {
      await own.close()
    }
  })
})
