import SQLite from 'better-sqlite3'
import { type CompiledQuery, Kysely, type QueryResult, SqliteDialect } from 'kysely'
import { boundedMemo } from '../domain/memo.js'
import type { Store } from './store.js'
import type { Database } from './tables.js'

export interface SqliteOptions {
  /** NORMAL: a commit is durable against a process crash, not a power loss. FULL: both. */
  synchronous?: 'NORMAL' | 'FULL'
  readonly?: boolean
}

type Param = string | number | bigint | null | Buffer

/** Prepared statements kept per database, by SQL text. */
const MAX_STATEMENTS = 512

/** Opens (creating if needed) a SQLite database file in WAL mode with foreign keys on; its folder must exist. */
export function openSqliteStore(path: string, options: SqliteOptions = {}): Store {
  const raw = new SQLite(path, { readonly: options.readonly ?? false })
  raw.pragma('busy_timeout = 5000')
  if (!options.readonly) raw.pragma('journal_mode = WAL')
  raw.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
  raw.pragma('foreign_keys = ON')
  // Deleted and rewritten content is overwritten with zeros, so a scrubbed e-mail leaves the
  // file (per connection; better-sqlite3's build leaves it off).
  raw.pragma('secure_delete = ON')
  // SQLite's own default page cache (2 MB) instead of better-sqlite3's 16 MB: reads of the bar
  // come from the render cache, and the rest are indexed; the 14 MB showed in the server's RSS.
  raw.pragma('cache_size = -2000')
  // Bounded: IN lists make a text per list length, so no input can grow it forever.
  const statements = boundedMemo<SQLite.Statement>(MAX_STATEMENTS)
  const prepare = (sql: string) => statements(sql, () => raw.prepare(sql))
  // Reads through Kysely reuse the prepared statements too: preparing is a large share of a
  // small query's cost (the webhook path does several per event). Nothing here streams
  // (iterate), so a cached statement is never in use twice at once.
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: { prepare, close: () => raw.close() } }),
  })
  // better-sqlite3 is synchronous, so a transaction here can never interleave with another.
  const runAll = raw.transaction((queries: readonly CompiledQuery[]) =>
    queries.map((q): QueryResult<unknown> => {
      const stmt = prepare(q.sql)
      const params = q.parameters as Param[]
      if (stmt.reader) return { rows: stmt.all(...params) }
      const info = stmt.run(...params)
      return { rows: [], numAffectedRows: BigInt(info.changes) }
    }),
  )

  return {
    db,
    dialect: 'sqlite',
    atomic: async (queries) => runAll.immediate(queries),
    read: async <R>(q: CompiledQuery) => prepare(q.sql).all(...(q.parameters as Param[])) as R[],
    purgeFreed: async () => {
      if (options.readonly) return
      raw.pragma('wal_checkpoint(TRUNCATE)')
      raw.exec('VACUUM')
      raw.pragma('wal_checkpoint(TRUNCATE)')
    },
    ping: async () => {
      raw.prepare('SELECT 1').get()
    },
    close: async () => {
      await db.destroy()
    },
  }
}

/** Path of a `file:` DATABASE_URL. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:(\/\/)?/, '')
}
