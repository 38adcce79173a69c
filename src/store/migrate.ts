import { CompiledQuery, sql } from 'kysely'
import type { Store } from './store.js'

/** A numbered SQL file from schema/, e.g. `0001_init.sql`. */
export interface SchemaFile {
  name: string
  sql: string
}

const NAME_RE = /^\d{4}_[a-z0-9_]+\.sql$/

/** Splits a schema file into statements: files are written one statement per `;` line end. */
export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean)
}

/**
 * The table that records applied files. Its name and shape are those of wrangler's D1
 * migrator, so `wrangler d1 migrations apply` and this migrator agree on what is applied.
 */
function createTrackingTable(store: Store): CompiledQuery {
  return CompiledQuery.raw(
    store.dialect === 'postgres'
      ? 'CREATE TABLE IF NOT EXISTS d1_migrations (id SERIAL PRIMARY KEY, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)'
      : 'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)',
  )
}

export interface MigrationResult {
  applied: string[]
  alreadyApplied: string[]
}

/** Names of the schema files already applied. */
export async function appliedMigrations(store: Store): Promise<string[]> {
  await store.atomic([createTrackingTable(store)])
  const rows = await store.db.selectFrom('d1_migrations').select('name').orderBy('id').execute()
  return rows.map((r) => r.name)
}

/** Applies, in order, each schema file not yet applied; each file is one atomic unit. */
export async function migrate(
  store: Store,
  files: readonly SchemaFile[],
): Promise<MigrationResult> {
  for (const f of files) {
    if (!NAME_RE.test(f.name))
      throw new Error(`schema file name must look like 0001_name.sql: ${f.name}`)
  }
  // Instances starting together on one database take turns; the later finds nothing to do.
  const run = () => migrateLocked(store, files)
  return store.exclusive ? store.exclusive(['supportbar:migrate'], run) : run()
}

async function migrateLocked(store: Store, files: readonly SchemaFile[]): Promise<MigrationResult> {
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name))
  const done = new Set(await appliedMigrations(store))
  const applied: string[] = []
  for (const file of sorted) {
    if (done.has(file.name)) continue
    const record = sql`INSERT INTO d1_migrations (name) VALUES (${file.name})`.compile(store.db)
    await store.atomic([...splitStatements(file.sql).map((s) => CompiledQuery.raw(s)), record])
    applied.push(file.name)
  }
  return { applied, alreadyApplied: sorted.map((f) => f.name).filter((n) => done.has(n)) }
}
