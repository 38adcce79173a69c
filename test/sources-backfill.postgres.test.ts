import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { type Config, parseConfig } from '../src/config.js'
import { openMigratedStore } from '../src/node/open-store.js'
import type { Store } from '../src/store/store.js'
import { FakeOpenCollective } from './support/fake-opencollective.js'
import { FakeSourceApis } from './support/fake-source-apis.js'
import {
  ADMIN_TOKEN,
  adminJson,
  expectTotalsMatchLedger,
  fixedClock,
  newsCampaign,
} from './support/harness.js'
import { shuffled } from './support/paypal-month.js'
import { createTestDatabase } from './support/postgres.js'
import { sourcesEnv } from './support/source-events.js'
import {
  CHECK_AT,
  CLAIMS,
  chargeKeys,
  check,
  EXPECTED,
  fillApis,
  GH_A,
  NOW,
  webhooks,
} from './support/sources-backfill.js'

const SOURCES = ['github', 'buymeacoffee', 'donorbox', 'opencollective', 'patreon'] as const

/**
 * The backfill world of test/sources-backfill.sqlite.test.ts on PostgreSQL: webhooks, every
 * platform's backfill and the hourly check shuffled, then all of them again at once.
 */
describe('the platforms backfilled through their APIs (PostgreSQL)', () => {
  let apis: FakeSourceApis
  let oc: FakeOpenCollective
  let store: Store
  let config: Config
  let app: ReturnType<typeof createApp>
  let drop: () => Promise<void>
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: adminJson,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  beforeAll(async () => {
    apis = await new FakeSourceApis().start()
    oc = await new FakeOpenCollective().start()
    fillApis(apis, oc)
    const database = await createTestDatabase()
    drop = database.drop
    config = parseConfig({
      ...sourcesEnv(),
      ...oc.env(),
      ...apis.env(),
      DATABASE_URL: database.url,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      LOG_LEVEL: 'silent',
    })
    store = await openMigratedStore(config)
    app = createApp({ store, config, clock: fixedClock(NOW) })
    for (const c of [
      { ...newsCampaign, slug: 'radio', name: 'Radio', isDefault: true },
      newsCampaign,
    ]) {
      expect((await call('POST', '/api/admin/campaigns', c)).status).toBe(201)
    }
    expect((await call('PATCH', '/api/admin/campaigns/news', { sources: CLAIMS })).status).toBe(200)
  })
  afterAll(async () => {
    await store?.close()
    await drop?.()
    await apis?.stop()
    await oc?.stop()
  })

  const shares = async (month: string) => {
    const res = await app.request(`/api/campaigns/news/progress?month=${month}`)
    const p = (await res.json()) as { bySource: Record<string, { pledged: number }> }
    return Object.fromEntries(
      Object.entries(p.bySource)
        .filter(([, v]) => v.pledged !== 0)
        .map(([k, v]) => [k, v.pledged]),
    )
  }
  const backfill = async (source: string) => {
    const res = await call('POST', `/api/admin/sources/${source}/backfill`, {
      since: '2026-11-01T00:00:00Z',
    })
    expect(res.status, await res.clone().text()).toBe(200)
    expect(((await res.json()) as { failed: unknown[] }).failed).toEqual([])
  }

  it('counts each charge once, shuffled, then with every run at once', async () => {
    const steps: (() => Promise<void>)[] = [
      ...webhooks().map((d) => async () => {
        const res = await app.request(d.path, { method: 'POST', headers: d.headers, body: d.body })
        expect(res.status).toBe(200)
      }),
      ...SOURCES.map((s) => () => backfill(s)),
      async () => {
        await check(store, config, CHECK_AT)
      },
    ]
    for (const step of shuffled(steps, 1207)) await step()
    expect({ '2026-11': await shares('2026-11'), '2026-12': await shares('2026-12') }).toEqual(
      EXPECTED,
    )
    // Everything again, concurrently: nothing more is counted.
    await Promise.all(shuffled(steps, 99).map((step) => step()))
    expect({ '2026-11': await shares('2026-11'), '2026-12': await shares('2026-12') }).toEqual(
      EXPECTED,
    )
    expect(await chargeKeys(store, `github:payment:${GH_A}:%`)).toEqual([
      `github:payment:${GH_A}:2026-11`,
      `github:payment:${GH_A}:2026-12`,
    ])
    await expectTotalsMatchLedger(store)
  })
})
