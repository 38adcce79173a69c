import { type CompiledQuery, Kysely, PostgresDialect, type QueryResult } from 'kysely'
import pg from 'pg'
import { ALONE } from './alone.js'
import { batchText, toQueryResult } from './postgres-batch.js'
import { PreparedWrites } from './postgres-prepared.js'
import type { Store } from './store.js'
import type { Database } from './tables.js'

const INT8 = 20
const NUMERIC = 1700

/** Parses int8 and numeric results (COUNT, SUM, BIGINT columns) to numbers, refusing to round. */
export function parseInteger(text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`PostgreSQL value ${text} is not a safe integer`)
  }
  return n
}

/** Per-pool type parsers: the global pg.types registry is left alone (no import-time effects). */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (oid === INT8 || oid === NUMERIC) && format !== 'binary'
      ? parseInteger
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
}

/** SQLSTATEs after which the whole transaction can simply run again. */
const RETRYABLE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
])

export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && RETRYABLE.has(code)
}

export interface PostgresOptions {
  /** Connections for queries and transactions. */
  max?: number
  /** Connections that hold `exclusive` locks (migrations: one instance migrates at a time). */
  maxLocks?: number
  /** Attempts of one atomic unit when PostgreSQL reports a serialization failure or deadlock. */
  maxAttempts?: number
}

/**
 * Write units share one advisory lock; a unit that must see no other writer (`ALONE`, e.g. a
 * recompute that rebuilds totals from the ledger) takes it exclusively. The two-integer form
 * lives in a different key space from the one-bigint form that `exclusive` uses.
 */
const SHARED =
  'BEGIN ISOLATION LEVEL READ COMMITTED;\nSELECT pg_advisory_xact_lock_shared(1937012070, 1)'
const EXCLUSIVE =
  'BEGIN ISOLATION LEVEL READ COMMITTED;\nSELECT pg_advisory_xact_lock(1937012070, 1)'

/** Session locks on every key, taken one after another in the order given (sorted). */
const LOCK_KEYS = `SELECT pg_advisory_lock(hashtextextended(k, 0))
  FROM unnest($1::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i`

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * PostgreSQL through Kysely's PostgresDialect and a pg pool, safe for several instances on
 * one database:
 *
 * - A write unit (one event, or a group commit of several) reaches PostgreSQL as ONE
 *   simple-protocol query string, `BEGIN; …; COMMIT`, on a client of its own: one round trip,
 *   row locks held for microseconds, and units run concurrently, on this instance and others.
 *   Each statement is correct under READ COMMITTED concurrency on its own (src/store/ledger.ts:
 *   a donor's row is updated first and the totals read its new value while it is locked; the
 *   "did my insert land" checks read this unit's own fresh id), so no global lock is needed.
 *   Units that rebuild from the whole ledger pass `ALONE` and run with no other writer.
 *   Their statements are prepared once per connection and sent as `EXECUTE` (PreparedWrites);
 *   reads asked for after the unit (`atomicThenRead`) follow its COMMIT in the same string.
 * - Statements never fail on duplicates (ON CONFLICT forms): on PostgreSQL a failed statement
 *   would abort the whole transaction.
 * - A unit that fails with a serialization failure or a deadlock (two group commits taking the
 *   same rows in opposite order, or an operator's session) is run again, whole.
 * - Webhook units take no lock across instances (`concurrentWriters`): an event's
 *   read-decide-write costs a state read and the one-string write, and the unit that commits
 *   last settles from a state holding both (src/ingest/ingest.ts), as on D1.
 * - `exclusive(keys, fn)` holds session advisory locks on the keys (on a separate pool, so a
 *   lock holder never waits for its own pool): migrations take it, so one instance migrates.
 */
export function openPostgresStore(connectionString: string, options: PostgresOptions = {}): Store {
  const max = options.max ?? 10
  const maxAttempts = options.maxAttempts ?? 12
  const pool = new pg.Pool({ connectionString, max, types })
  const lockPool = new pg.Pool({ connectionString, max: options.maxLocks ?? 2, types })
  // An idle connection that the server ends (a restart, a terminated backend) is reported on
  // the pool, which has already dropped it; unheard, that event would crash the process. The
  // next query opens a fresh connection, and errors that matter reach the queries themselves.
  for (const p of [pool, lockPool]) p.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })

  const prepared = new PreparedWrites()
  /** One unit, then `reads` after its COMMIT, in one round trip where the values allow it. */
  const once = async (
    queries: readonly CompiledQuery[],
    reads: readonly CompiledQuery[] = [],
  ): Promise<QueryResult<unknown>[]> => {
    const alone = queries.includes(ALONE)
    const units = queries.filter((q) => q !== ALONE)
    const client = await pool.connect()
    let broken = false
    try {
      const named = await prepared.on(client, [...units, ...reads])
      const text = batchText([alone ? EXCLUSIVE : SHARED], units, named, reads)
      if (text !== undefined) {
        const out = (await client.query(text)) as unknown as pg.QueryResult[]
        // BEGIN and the lock come first, then the unit's statements, COMMIT, and the reads.
        const written = out.slice(2, 2 + units.length)
        return [...written, ...out.slice(3 + units.length)].map(toQueryResult)
      }
      // A parameter that cannot be written as a literal: the same unit, a statement a trip.
      await client.query(alone ? EXCLUSIVE : SHARED)
      const results: QueryResult<unknown>[] = []
      for (const q of units)
        results.push(toQueryResult(await client.query(q.sql, [...q.parameters])))
      await client.query('COMMIT')
      for (const q of reads)
        results.push(toQueryResult(await client.query(q.sql, [...q.parameters])))
      return results
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      throw err
    } finally {
      client.release(broken)
    }
  }
  const atomic = async (queries: readonly CompiledQuery[], reads?: readonly CompiledQuery[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(queries, reads)
      } catch (err) {
        if (!isRetryable(err) || attempt >= maxAttempts) throw err
        // Jittered, growing pause so that colliding units do not collide again in step.
        await pause(Math.random() * Math.min(200, 5 * 2 ** attempt))
      }
    }
  }

  // Hot reads (the webhook's state read, a progress read) as named prepared statements: each
  // connection parses and plans the text once, and later runs only bind and execute it. The
  // store's texts are constants; past 64 of them, a read goes unnamed as before.
  const names = new Map<string, string>()
  const nameOf = (text: string) => {
    let name = names.get(text)
    if (name === undefined && names.size < 64) {
      name = `sb_read_${names.size + 1}`
      names.set(text, name)
    }
    return name
  }

  return {
    db,
    dialect: 'postgres',
    concurrentWriters: true,
    read: async <R>(q: CompiledQuery) => {
      const text = q.sql
      const name = nameOf(text)
      const values = [...q.parameters]
      const out = await pool.query(name ? { name, text, values } : { text, values })
      return out.rows as R[]
    },
    atomic: (queries) => atomic(queries),
    atomicThenRead: atomic,
    exclusive: async (keys, fn) => {
      const client = await lockPool.connect()
      let broken = false
      try {
        // Sorted, so two processes locking overlapping keys cannot deadlock; one round trip.
        await client.query(LOCK_KEYS, [[...new Set(keys)].sort()])
        return await fn()
      } finally {
        try {
          await client.query('SELECT pg_advisory_unlock_all()')
        } catch {
          broken = true // ending the session releases its locks
        }
        client.release(broken)
      }
    },
    ping: async () => {
      await pool.query('SELECT 1')
    },
    close: async () => {
      await db.destroy()
      await lockPool.end()
    },
  }
}
