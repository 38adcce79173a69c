import { CompiledQuery, Kysely, PostgresDialect, type QueryResult } from 'kysely'
import pg from 'pg'
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
  /** Attempts of one atomic unit when PostgreSQL reports a serialization failure or deadlock. */
  maxAttempts?: number
}

/**
 * The one lock write units queue on. The two-integer form lives in a different key space from
 * the one-bigint form that `exclusive` uses, so the two can never collide.
 */
const WRITE_LOCK = CompiledQuery.raw('SELECT pg_advisory_xact_lock(1937012070, 1)')

/** Session locks on every key, taken one after another in the order given (sorted). */
const LOCK_KEYS = `SELECT pg_advisory_lock(hashtextextended(k, 0))
  FROM unnest($1::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i`

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * PostgreSQL through Kysely's PostgresDialect and a pg pool, safe for several instances on
 * one database:
 *
 * - Write units run one at a time across every instance: each is a READ COMMITTED transaction
 *   whose first statement takes one transaction-scoped advisory lock. Every later statement then
 *   reads a fresh snapshot that includes every unit committed before, so a unit computes exactly
 *   what it would alone (a donor's running count, the "did my insert land" checks), and writers
 *   queue on the lock instead of failing each other with serialization errors. Reads never wait.
 *   Write units are small (one event, or one group commit of several), so the queue is short.
 * - Statements never fail on duplicates (ON CONFLICT forms): on PostgreSQL a failed statement
 *   would abort the whole transaction.
 * - A unit that still fails with a serialization failure or a deadlock (a writer outside these
 *   units, e.g. an operator's session) is run again, whole.
 * - `exclusive(keys, fn)` holds session advisory locks on the keys (on a separate small pool, so
 *   a lock holder never waits for its own pool), which serializes the read-decide-write of
 *   webhook events about one payment across processes, as KeyedLock (src/ingest/keyed-lock.ts) does within one.
 */
export function openPostgresStore(connectionString: string, options: PostgresOptions = {}): Store {
  const max = options.max ?? 10
  const maxAttempts = options.maxAttempts ?? 12
  const pool = new pg.Pool({ connectionString, max, types })
  const lockPool = new pg.Pool({ connectionString, max, types })
  // An idle connection that the server ends (a restart, a terminated backend) is reported on
  // the pool, which has already dropped it; unheard, that event would crash the process. The
  // next query opens a fresh connection, and errors that matter reach the queries themselves.
  for (const p of [pool, lockPool]) p.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })

  const once = (queries: readonly CompiledQuery[]) =>
    db
      .transaction()
      .setIsolationLevel('read committed')
      .execute(async (trx) => {
        await trx.executeQuery(WRITE_LOCK)
        const results: QueryResult<unknown>[] = []
        for (const q of queries) results.push(await trx.executeQuery(q))
        return results
      })

  return {
    db,
    dialect: 'postgres',
    atomic: async (queries) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(queries)
        } catch (err) {
          if (!isRetryable(err) || attempt >= maxAttempts) throw err
          // Jittered, growing pause so that colliding units do not collide again in step.
          await pause(Math.random() * Math.min(200, 5 * 2 ** attempt))
        }
      }
    },
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
