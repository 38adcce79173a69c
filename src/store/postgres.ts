import { type CompiledQuery, Kysely, PostgresDialect, type QueryResult } from 'kysely'
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
  '40001', // serialization_failure: a concurrent transaction changed a row this one wrote
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

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * PostgreSQL through Kysely's PostgresDialect and a pg pool, safe for several instances on
 * one database:
 *
 * - Each atomic unit is one REPEATABLE READ transaction. Two units that touch the same month's
 *   totals (or the same natural key) conflict, and the later one fails with 40001 instead of
 *   reading a stale donor count under READ COMMITTED; it is then run again, whole, from a fresh
 *   snapshot. The statements never fail on duplicates (ON CONFLICT forms), so no failed
 *   statement aborts a transaction half way.
 * - `exclusive(keys, fn)` holds PostgreSQL advisory locks on the keys (on a separate small pool,
 *   so a lock holder never waits for its own pool), which serializes the read-decide-write of
 *   webhook events about one payment across processes, as KeyedSerializer does within one.
 */
export function openPostgresStore(connectionString: string, options: PostgresOptions = {}): Store {
  const max = options.max ?? 10
  const maxAttempts = options.maxAttempts ?? 12
  const pool = new pg.Pool({ connectionString, max, types })
  const lockPool = new pg.Pool({ connectionString, max, types })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })

  const once = (queries: readonly CompiledQuery[]) =>
    db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
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
        // Sorted, so two processes locking overlapping keys cannot deadlock.
        for (const key of [...new Set(keys)].sort()) {
          await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key])
        }
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
