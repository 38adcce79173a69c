import type { Config } from '../config.js'
import { migrate } from './migrate.js'
import { readSchemaFiles } from './schema-files.js'
import { openSqliteStore, sqlitePath } from './sqlite.js'
import type { Store } from './store.js'

/** Opens the store that DATABASE_URL names (Node runtimes: SQLite file or PostgreSQL). */
export async function openStore(config: Config): Promise<Store> {
  if (config.databaseUrl.startsWith('file:')) {
    return openSqliteStore(sqlitePath(config.databaseUrl), {
      synchronous: config.sqliteSynchronous,
    })
  }
  if (/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    const { openPostgresStore } = await import('./postgres.js')
    return openPostgresStore(config.databaseUrl)
  }
  throw new Error(`DATABASE_URL ${config.databaseUrl.split(':')[0]}: is not supported on Node`)
}

/** Opens the store and brings its schema up to date. */
export async function openMigratedStore(config: Config): Promise<Store> {
  const store = await openStore(config)
  try {
    await migrate(store, readSchemaFiles())
  } catch (err) {
    await store.close()
    throw err
  }
  return store
}
