import type { CompiledQuery, KyselyPlugin, QueryResult } from 'kysely'
import type { Store } from '../../src/store/store.js'

/** What an ingest asked of its store, call by call. */
export interface StoreLog {
  /** Each `atomic` unit, as the text of its statements. */
  atomic: string[][]
  /** Each `atomicThenRead`: its statements and its reads. */
  thenRead: { queries: string[]; reads: string[] }[]
  /** Each `store.read` (the driver's reads: the state an event decides from). */
  reads: string[]
  /** Each query built with Kysely on `store.db` (settings, payload pages), as its query node. */
  built: string[]
  /** Each `exclusive` section's keys. */
  locks: string[][]
}

/** The one statement that loads a payment's state (src/store/payments.ts, paymentStateQuery). */
export const isStateRead = (sql: string) => sql.startsWith("SELECT 'e' AS c0")

/**
 * A real store (SQLite here) seen through a double that records every call and plays another
 * database's traits: `concurrentWriters` (D1, PostgreSQL), `exclusive` (locks across processes),
 * `atomicThenRead` (PostgreSQL: reads run after the commit, in its round trip), `dialect: 'd1'`.
 */
export function recordingStore(
  base: Store,
  traits: {
    concurrentWriters?: boolean
    exclusive?: boolean
    atomicThenRead?: boolean
    d1?: boolean
  } = {},
): { store: Store; log: StoreLog; clear: () => void } {
  const log: StoreLog = { atomic: [], thenRead: [], reads: [], built: [], locks: [] }
  const clear = () => {
    for (const list of Object.values(log) as unknown[][]) list.length = 0
  }
  const sqlOf = (qs: readonly CompiledQuery[]) => qs.map((q) => q.sql)
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      log.built.push(JSON.stringify(args.node))
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  const read = base.read
  const store: Store = {
    ...base,
    db: base.db.withPlugin(plugin),
    ...(traits.d1 ? { dialect: 'd1' as const } : {}),
    ...(traits.concurrentWriters ? { concurrentWriters: true } : {}),
    atomic: (queries: readonly CompiledQuery[]) => {
      log.atomic.push(sqlOf(queries))
      return base.atomic(queries)
    },
    ...(read
      ? {
          read: <R>(q: CompiledQuery) => {
            log.reads.push(q.sql)
            return read<R>(q)
          },
        }
      : {}),
    ...(traits.atomicThenRead
      ? {
          atomicThenRead: async (
            queries: readonly CompiledQuery[],
            reads: readonly CompiledQuery[],
          ) => {
            log.thenRead.push({ queries: sqlOf(queries), reads: sqlOf(reads) })
            const results: QueryResult<unknown>[] = await base.atomic(queries)
            for (const q of reads) results.push(await base.db.executeQuery(q))
            return results
          },
        }
      : {}),
    ...(traits.exclusive
      ? {
          exclusive: <T>(keys: readonly string[], fn: () => Promise<T>) => {
            log.locks.push([...keys])
            return fn()
          },
        }
      : {}),
  }
  return { store, log, clear }
}
