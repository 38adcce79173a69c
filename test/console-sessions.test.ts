import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { D1Database } from '@cloudflare/workers-types'
import { afterAll, describe, expect, it } from 'vitest'
import { getPlatformProxy } from 'wrangler'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { openD1Store } from '../src/store/d1.js'
import { migrate } from '../src/store/migrate.js'
import { openPostgresStore } from '../src/store/postgres.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import type { Store } from '../src/store/store.js'
import { ADMIN_TOKEN } from './support/harness.js'
import { createTestDatabase } from './support/postgres.js'
import { applyLocalD1Migrations } from './support/workerd.js'

const ORIGIN = 'http://localhost'
const OTHER_TOKEN = 'rotated-admin-token-ABCDEFGHIJ0123'
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'supportbar-sessions-'))
  dirs.push(d)
  return d
}

/** One instance of the service on a shared database (an app of its own: nothing in memory is shared). */
function instance(store: Store, token = ADMIN_TOKEN) {
  const config = parseConfig({ ADMIN_TOKEN: `admin:${token}`, LOG_LEVEL: 'silent' })
  const app = createApp({ store, config })
  const form = (path: string, cookie: string, fields: Record<string, string>) =>
    app.request(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: ORIGIN,
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    })
  return {
    /** The session cookie (`sb_session=…`) a sign-in gives. */
    async signIn(): Promise<string> {
      const res = await form('/admin/login', '', { token })
      expect(res.status).toBe(303)
      return (res.headers.get('Set-Cookie') ?? '').split(';')[0] ?? ''
    },
    /** Whether a cookie opens the console here. */
    async opens(cookie: string): Promise<boolean> {
      const res = await app.request('/admin', { headers: { Cookie: cookie } })
      if (res.status === 303) expect(res.headers.get('Location')).toBe('/admin/login?why=expired')
      return res.status === 200
    },
    async csrf(cookie: string): Promise<string> {
      const html = await (await app.request('/admin', { headers: { Cookie: cookie } })).text()
      expect(html).toContain('action="/admin/logout-everywhere"')
      return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
    },
    post: form,
  }
}

/**
 * Sign-out, sign-out everywhere and token rotation, seen from another instance and from a
 * restarted one: `open` opens a new connection to the same database each time.
 */
async function sessionsHold(open: () => Promise<Store>) {
  const stores: Store[] = []
  const connect = async () => {
    const s = await open()
    stores.push(s)
    return s
  }
  try {
    const a = instance(await connect())
    const b = instance(await connect())
    const cookie = await a.signIn()
    expect(await b.opens(cookie)).toBe(true)

    // The database holds only the id's hash: the cookie itself is nowhere in the table.
    const rows = await stores[0]?.db.selectFrom('console_sessions').selectAll().execute()
    expect(rows).toHaveLength(1)
    const id = cookie.split('=')[1] ?? ''
    expect(JSON.stringify(rows)).not.toContain(id)
    expect(JSON.stringify(rows)).not.toContain(ADMIN_TOKEN)

    // Sign out on A: a copy of the cookie is refused on B and after a restart.
    const out = await a.post('/admin/logout', cookie, { _csrf: await a.csrf(cookie) })
    expect(out.status).toBe(303)
    expect(await b.opens(cookie)).toBe(false)
    expect(await instance(await connect()).opens(cookie)).toBe(false)

    // Sign out everywhere from one session ends the others, on every instance.
    const first = await a.signIn()
    const second = await b.signIn()
    expect(await a.opens(second)).toBe(true)
    const everywhere = await b.post('/admin/logout-everywhere', second, {
      _csrf: await b.csrf(second),
    })
    expect(everywhere.status).toBe(303)
    expect(everywhere.headers.get('Location')).toBe('/admin/login?ok=everywhere')
    expect(await a.opens(first)).toBe(false)
    expect(await b.opens(second)).toBe(false)
    // Without its CSRF token the button changes nothing.
    const third = await a.signIn()
    const forged = await a.post('/admin/logout-everywhere', third, {})
    expect(forged.status).toBe(403)
    expect(await b.opens(third)).toBe(true)

    // A new ADMIN_TOKEN (same label) ends every session made from the old one.
    expect(await instance(await connect(), OTHER_TOKEN).opens(third)).toBe(false)
    expect(await a.opens(third)).toBe(true)
  } finally {
    for (const s of stores) await s.close()
  }
}

describe('console sessions live in the database', () => {
  it('on SQLite: sign-out holds on another instance and after a restart', async () => {
    const file = join(tempDir(), 'sessions.db')
    const first = openSqliteStore(file)
    await migrate(first, readSchemaFiles())
    await first.close()
    await sessionsHold(async () => openSqliteStore(file))
  })

  it('on PostgreSQL', async () => {
    const database = await createTestDatabase()
    try {
      const setup = openPostgresStore(database.url, { max: 2 })
      await migrate(setup, readSchemaFiles())
      await setup.close()
      await sessionsHold(async () => openPostgresStore(database.url, { max: 2 }))
    } finally {
      await database.drop()
    }
  })

  it('on D1', { timeout: 180_000 }, async () => {
    const dir = tempDir()
    await applyLocalD1Migrations(dir)
    const proxy = await getPlatformProxy<{ DB: D1Database }>({
      configPath: join(process.cwd(), 'wrangler.toml'),
      persist: { path: join(dir, 'v3') },
    })
    try {
      await sessionsHold(async () => openD1Store(proxy.env.DB))
    } finally {
      await proxy.dispose()
    }
  })
})
