import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Store } from './store.js'
import type { Database } from './tables.js'

// BIGINT (int8) and COUNT/SUM results arrive as strings by default; our amounts are safe integers.
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))

/** PostgreSQL through Kysely's PostgresDialect and a pg pool; writes are transactions. */
export function openPostgresStore(connectionString: string, max = 10): Store {
  const pool = new pg.Pool({ connectionString, max })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    dialect: 'postgres',
    atomic: (queries) =>
      db.transaction().execute(async (trx) => {
        const results = []
        for (const q of queries) results.push(await trx.executeQuery(q))
        return results
      }),
    ping: async () => {
      await pool.query('SELECT 1')
    },
    close: () => db.destroy(),
  }
}
