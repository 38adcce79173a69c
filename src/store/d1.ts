import type { D1Database } from '@cloudflare/workers-types'
import { Kysely, type QueryResult } from 'kysely'
import { D1Dialect } from 'kysely-d1'
import type { Store } from './store.js'
import type { Database } from './tables.js'

/**
 * Cloudflare D1 through kysely-d1 for reads, and `D1Database.batch` for writes: D1 has no
 * interactive transactions, but a batch runs its statements in one implicit transaction (all
 * or none), which is all `atomic` promises, because the store's write units never read back
 * between statements (see src/store/store.ts).
 */
export function openD1Store(database: D1Database): Store {
  const db = new Kysely<Database>({ dialect: new D1Dialect({ database }) })
  return {
    db,
    dialect: 'd1',
    // Every isolate of the Worker writes to this database, and D1 offers no lock.
    concurrentWriters: true,
    atomic: async (queries) => {
      if (queries.length === 0) return []
      const results = await database.batch(
        queries.map((q) => database.prepare(q.sql).bind(...q.parameters)),
      )
      return results.map(
        (r): QueryResult<unknown> => ({
          rows: r.results ?? [],
          numAffectedRows: BigInt(r.meta?.changes ?? 0),
        }),
      )
    },
    ping: async () => {
      await database.prepare('SELECT 1').first()
    },
    // The binding belongs to the runtime; there is nothing to close.
    close: async () => {},
  }
}
