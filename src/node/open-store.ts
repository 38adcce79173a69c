import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Config } from '../config.js'
import { scrubAllPayloads } from '../ingest/payloads.js'
import { DatabaseTooNewError, migrate } from '../store/migrate.js'
import { openSqliteStore, sqlitePath } from '../store/sqlite.js'
import type { Store } from '../store/store.js'
import { readSchemaFiles } from './schema-files.js'
import { StartupError } from './startup-errors.js'

/** Opens the store that DATABASE_URL names (Node runtimes: SQLite file or PostgreSQL). */
export async function openStore(config: Config): Promise<Store> {
  if (config.databaseUrl.startsWith('file:')) {
    const path = sqlitePath(config.databaseUrl)
    // The file's folder is created on first start (e.g. ./data).
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    return openSqliteStore(path, {
      synchronous: config.sqliteSynchronous,
    })
  }
  if (/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    const { openPostgresStore } = await import('../store/postgres.js')
    return openPostgresStore(config.databaseUrl)
  }
  throw new Error(`DATABASE_URL ${config.databaseUrl.split(':')[0]}: is not supported on Node`)
}

/** Opens the store and brings its schema up to date. */
export async function openMigratedStore(config: Config): Promise<Store> {
  const store = await openStore(config)
  try {
    await migrate(store, readSchemaFiles())
    // After an upgrade, payloads kept under an older redaction list are scrubbed before serving.
    await scrubAllPayloads(store, () => new Date().toISOString())
  } catch (err) {
    await store.close()
    throw err instanceof DatabaseTooNewError ? new StartupError(err.message, { cause: err }) : err
  }
  return store
}
