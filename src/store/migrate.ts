import { CompiledQuery, sql } from 'kysely'
import { APP_VERSION } from '../version.js'
import { settingQuery } from './generated-settings.js'
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

/** The database was migrated by a newer supportbar than this one: starting would corrupt it. */
export class DatabaseTooNewError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DatabaseTooNewError'
  }
}

/** The setting that holds the newest version that ever migrated the database. */
const VERSION_SETTING = 'app_version_max'

/** Compares two versions `x.y.z` numerically (a pre-release suffix is ignored). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .split('-')[0]
      ?.split('.')
      .map((n) => Number(n) || 0) ?? []
  const [pa, pb] = [parts(a), parts(b)]
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}

/**
 * Refuses a database a newer version migrated: one that has a schema file this build does not
 * ship, or that records a newer version. An older build on it would run without the newer
 * tables' rules (and write rows the newer one cannot read).
 */
async function refuseNewer(store: Store, files: readonly SchemaFile[], version: string) {
  const known = new Set(files.map((f) => f.name))
  const unknown = (await appliedMigrations(store)).filter((n) => !known.has(n))
  const recorded = await store.db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', VERSION_SETTING)
    .executeTakeFirst()
    .catch(() => undefined) // no settings table yet: a database from before 0005
  const newer =
    recorded && compareVersions(recorded.value, version) > 0 ? recorded.value : undefined
  if (unknown.length === 0 && newer === undefined) return
  const by = newer ? `supportbar ${newer}` : 'a newer supportbar'
  const has = unknown.length ? ` (it has ${unknown.join(', ')})` : ''
  throw new DatabaseTooNewError(
    `the database was migrated by ${by}${has}; this is ${version}, which would run it without the newer rules: start ${newer ?? 'the newer version'} or later, or restore a backup taken before the upgrade`,
  )
}

/** Applies, in order, each schema file not yet applied; each file is one atomic unit. */
export async function migrate(
  store: Store,
  files: readonly SchemaFile[],
  version: string = APP_VERSION,
): Promise<MigrationResult> {
  for (const f of files) {
    if (!NAME_RE.test(f.name))
      throw new Error(`schema file name must look like 0001_name.sql: ${f.name}`)
  }
  // Instances starting together on one database take turns; the later finds nothing to do.
  const run = async () => {
    await refuseNewer(store, files, version)
    const result = await migrateLocked(store, files)
    await recordVersion(store, version)
    return result
  }
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

/** Records `version` as the newest that migrated the database, unless a newer one is there. */
async function recordVersion(store: Store, version: string): Promise<void> {
  const hasSettings = await store.db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', VERSION_SETTING)
    .executeTakeFirst()
    .then(
      (row) => ({ row }),
      () => undefined,
    )
  // A partial schema list (tests of older states) may not have made the settings table yet.
  if (!hasSettings) return
  const { row } = hasSettings
  if (row && compareVersions(row.value, version) >= 0) return
  await store.atomic([settingQuery(store, VERSION_SETTING, version, new Date().toISOString())])
}
