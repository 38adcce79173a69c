import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { startServer } from '../src/node/main.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { describeStartupError } from '../src/node/startup-errors.js'
import { compareVersions, migrate } from '../src/store/migrate.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { APP_VERSION } from '../src/version.js'

const dir = mkdtempSync(join(tmpdir(), 'supportbar-downgrade-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const configFor = (file: string) =>
  parseConfig({ PORT: '0', DATABASE_URL: `file:${file}`, LOG_LEVEL: 'silent' })

/** What starting this build on the file says (undefined when it starts). */
async function startLine(file: string): Promise<string | undefined> {
  const config = configFor(file)
  try {
    const server = await startServer(config)
    await server.close()
    return undefined
  } catch (err) {
    return describeStartupError(err, config) ?? String(err)
  }
}

async function migrated(name: string) {
  const file = join(dir, name)
  const store = openSqliteStore(file)
  await migrate(store, readSchemaFiles())
  return { file, store }
}

describe('a database a newer version migrated', () => {
  it('records the newest version that migrated it, and this build starts on its own', async () => {
    const { file, store } = await migrated('own.db')
    const row = await store.db
      .selectFrom('settings')
      .select('value')
      .where('name', '=', 'app_version_max')
      .executeTakeFirst()
    expect(row?.value).toBe(APP_VERSION)
    await store.close()
    expect(await startLine(file)).toBeUndefined()
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(APP_VERSION).toBe(pkg.version)
  })

  it('refuses to start when a newer version is recorded, in one line that says why', async () => {
    const { file, store } = await migrated('newer.db')
    await store.db
      .updateTable('settings')
      .set({ value: '99.1.0' })
      .where('name', '=', 'app_version_max')
      .execute()
    await store.close()
    const line = await startLine(file)
    expect(line).toMatch(
      new RegExp(
        `^the database was migrated by supportbar 99\\.1\\.0; this is ${APP_VERSION.replaceAll('.', '\\.')}`,
      ),
    )
    expect(line).toMatch(/restore a backup/)
    expect(line).not.toContain('\n')
    // Nothing was written: the record still names the newer version.
    const after = openSqliteStore(file)
    const row = await after.db
      .selectFrom('settings')
      .select('value')
      .where('name', '=', 'app_version_max')
      .executeTakeFirst()
    await after.close()
    expect(row?.value).toBe('99.1.0')
  })

  it('refuses to start when a schema file it does not ship was applied', async () => {
    const { file, store } = await migrated('unknown.db')
    await store.db.insertInto('d1_migrations').values({ name: '0099_future.sql' }).execute()
    await store.close()
    const line = await startLine(file)
    expect(line).toMatch(/migrated by a newer supportbar \(it has 0099_future\.sql\)/)
  })

  it('compares versions by number', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1)
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0)
    expect(compareVersions('0.1.0', '0.2.0')).toBe(-1)
  })
})
