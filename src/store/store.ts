import type { CompiledQuery, Kysely, QueryResult } from 'kysely'
import type { Database } from './tables.js'

export type DialectName = 'sqlite' | 'postgres' | 'd1'

/**
 * The store: one Kysely instance for reads and a single way to write.
 *
 * Every write is a list of compiled statements run as one atomic unit (a transaction on
 * SQLite and PostgreSQL, a batch on D1, which has no interactive transactions). Statements
 * are written so that they are correct whatever ran before them (insert-or-ignore on natural
 * keys, totals that add only what this unit inserted), so no read-modify-write is needed.
 */
export interface Store {
  readonly db: Kysely<Database>
  readonly dialect: DialectName
  atomic(queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]>
  /**
   * Runs a unit as `atomic` does, then `reads` once it has committed (each in a snapshot taken
   * after the commit), in the same round trip; answers the unit's results, then the reads'.
   * Optional: only PostgreSQL has it, where the webhook path's read after each commit (see
   * `concurrentWriters`) would otherwise cost a round trip of its own.
   */
  atomicThenRead?(
    queries: readonly CompiledQuery[],
    reads: readonly CompiledQuery[],
  ): Promise<QueryResult<unknown>[]>
  /**
   * Runs one read statement straight on the driver, where that is cheaper than through Kysely's
   * connection handling (SQLite: a prepared statement, synchronously). Optional: callers fall
   * back to `db.executeQuery`.
   */
  read?<R>(query: CompiledQuery): Promise<R[]>
  /**
   * Runs `fn` while no other process runs an `exclusive` section for any of the same keys.
   * Only databases shared by several processes have it (PostgreSQL: advisory locks); SQLite is
   * one process, and D1 offers no lock (see docs/deploy.md).
   */
  exclusive?<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T>
  /**
   * True when other processes write to the same database with no lock ordering their webhook
   * units (D1: many isolates; PostgreSQL: instances, which keep `exclusive` for migrations
   * only). Each unit is correct on its own (natural keys, ON CONFLICT), and webhook processing
   * settles attribution after each commit: whichever unit commits last reads a state that holds
   * both and writes what is still missing.
   */
  readonly concurrentWriters?: boolean
  /**
   * Makes sure bytes of deleted or rewritten rows are gone from the database's files (SQLite:
   * VACUUM, then a WAL checkpoint that truncates it). Optional: PostgreSQL reuses the space
   * through its own VACUUM (docs/privacy.md).
   */
  purgeFreed?(): Promise<void>
  /** Cheap liveness check of the database. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** True if the error is a unique/primary-key violation on any of the three databases. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  if (!e) return false
  if (e.code === '23505') return true
  if (typeof e.code === 'string' && /^SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)$/.test(e.code))
    return true
  return typeof e.message === 'string' && /UNIQUE constraint failed/.test(e.message)
}

/** Number of rows a write statement changed, across drivers. */
export function affected(result: QueryResult<unknown> | undefined): number {
  return Number(result?.numAffectedRows ?? 0n)
}
