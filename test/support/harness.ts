import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { createApp } from '../../src/app.js'
import { type Config, parseConfig } from '../../src/config.js'
import type { AppDeps } from '../../src/deps.js'
import { readSchemaFiles } from '../../src/node/schema-files.js'
import { migrate } from '../../src/store/migrate.js'
import { openSqliteStore } from '../../src/store/sqlite.js'
import type { Store } from '../../src/store/store.js'
import { compareTotals } from '../../src/store/totals.js'

/** The render cache's lifetime in every test app: on, as in production (see makeTestApp). */
export const TEST_CACHE_TTL_MS = '60000'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'
export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` }
export const adminJson = { ...admin, 'Content-Type': 'application/json' }

/** A settable clock for tests. */
export function fixedClock(iso: string) {
  let now = new Date(iso)
  const clock = () => new Date(now)
  clock.set = (next: string) => {
    now = new Date(next)
  }
  return clock
}

export interface TestApp {
  app: ReturnType<typeof createApp>
  store: Store
  config: Config
  dir: string
  file: string
  close(): Promise<void>
  /** JSON request helper: `call('POST', '/api/admin/campaigns', body)` with the admin token. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>
}

/** A fresh app on a fresh, migrated SQLite file in a temp folder. */
export async function makeTestApp(
  opts: { env?: Record<string, string>; deps?: Partial<AppDeps>; file?: string } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-test-'))
  const file = opts.file ?? join(dir, 'test.db')
  const config = parseConfig({
    ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
    DATABASE_URL: `file:${file}`,
    // The render cache is on, as in production (a minute; a change empties it at once): a cache
    // key that forgets an option serves wrong bytes, and tests see it. A suite that needs it
    // off passes CACHE_TTL_MS: '0' and says why.
    CACHE_TTL_MS: TEST_CACHE_TTL_MS,
    // Tests that check logs pass their own logger or LOG_LEVEL.
    LOG_LEVEL: 'silent',
    ...opts.env,
  })
  const store = openSqliteStore(file)
  await migrate(store, readSchemaFiles())
  const app = createApp({ store, config, ...opts.deps })
  return {
    app,
    store,
    config,
    dir,
    file,
    close: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
    call: (method, path, body, headers = {}) =>
      Promise.resolve(
        app.request(path, {
          method,
          headers: { ...(body === undefined ? admin : adminJson), ...headers },
          ...(body === undefined
            ? {}
            : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      ),
  }
}

/** The invariant every scenario ends with: materialized totals equal the ledger. */
export async function expectTotalsMatchLedger(store: Store): Promise<void> {
  expect(await compareTotals(store)).toEqual([])
}

/** Asserts the one error shape and returns its code. */
export async function expectError(res: Response, status: number, code?: string): Promise<string> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/application\/json/)
  const body = (await res.json()) as { error: { code: string; message: string } }
  expect(typeof body.error.message).toBe('string')
  expect(body.error.message.length).toBeGreaterThan(0)
  if (code) expect(body.error.code).toBe(code)
  return body.error.code
}

export const newsCampaign = {
  slug: 'news',
  name: 'The Daily News',
  currency: 'USD',
  defaultGoal: 500000,
  timezone: 'America/New_York',
  locale: 'en-US',
  donateUrl: 'https://example.org/donate',
}

/** Every row of every table, to show that a refused request changed nothing. */
export async function snapshot(store: Store): Promise<Record<string, unknown[]>> {
  const tables = [
    'campaigns',
    'campaign_months',
    'ledger_entries',
    'month_totals',
    'month_source_totals',
    'month_donors',
    'webhook_events',
    'stripe_payment_facts',
    'audit_log',
    'stripe_parked',
    'settings',
    'campaign_logos',
    'campaign_sources',
  ] as const
  const out: Record<string, unknown[]> = {}
  for (const table of tables) {
    out[table] = await store.db.selectFrom(table).selectAll().execute()
  }
  return out
}
