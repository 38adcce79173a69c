import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openMigratedStore } from '../src/node/open-store.js'
import type { Store } from '../src/store/store.js'
import { FakeOpenCollective } from './support/fake-opencollective.js'
import { FakePaypal } from './support/fake-paypal.js'
import { ADMIN_TOKEN, adminJson, expectTotalsMatchLedger, newsCampaign } from './support/harness.js'
import { shuffled } from './support/paypal-month.js'
import { createTestDatabase } from './support/postgres.js'
import { sourcesEnv } from './support/source-events.js'
import { SOURCES_MONTH, sourcesMonth } from './support/sources-month.js'
import { webhookEnv } from './support/stripe-events.js'

/** The month of every source (test/sources-month.sqlite.test.ts) on PostgreSQL, half of it concurrent. */
describe('a month of every source on one campaign (PostgreSQL)', () => {
  let paypal: FakePaypal
  let oc: FakeOpenCollective
  let store: Store
  let app: ReturnType<typeof createApp>
  let drop: () => Promise<void>
  beforeAll(async () => {
    paypal = await new FakePaypal().start()
    oc = await new FakeOpenCollective().start()
    const database = await createTestDatabase()
    drop = database.drop
    const config = parseConfig({
      ...webhookEnv,
      ...paypal.env(),
      ...sourcesEnv(),
      ...oc.env(),
      DATABASE_URL: database.url,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      LOG_LEVEL: 'silent',
    })
    store = await openMigratedStore(config)
    app = createApp({ store, config })
    const call = (method: string, path: string, body: unknown) =>
      app.request(path, { method, headers: adminJson, body: JSON.stringify(body) })
    for (const c of [
      { ...newsCampaign, slug: 'radio', name: 'Radio', isDefault: true },
      newsCampaign,
    ]) {
      expect((await call('POST', '/api/admin/campaigns', c)).status).toBe(201)
    }
    const claim = {
      sources: [
        'paypal',
        'github',
        'kofi',
        'buymeacoffee',
        'donorbox:4242',
        'patreon',
        'opencollective:webpack',
      ],
    }
    expect((await call('PATCH', '/api/admin/campaigns/news', claim)).status).toBe(200)
  })
  afterAll(async () => {
    await store?.close()
    await drop?.()
    await paypal?.stop()
    await oc?.stop()
  })

  it('sums every source exactly once under shuffled, duplicated, concurrent delivery', async () => {
    const all = sourcesMonth(paypal, oc)
    const sent = shuffled([...all, ...all], 2027)
    const half = Math.floor(sent.length / 2)
    const post = (d: (typeof sent)[number]) =>
      app.request(d.path, { method: 'POST', headers: d.headers, body: d.body })
    for (const d of sent.slice(0, half)) expect((await post(d)).status).toBe(200)
    const rest = await Promise.all(sent.slice(half).map(post))
    expect(rest.map((r) => r.status)).toEqual(rest.map(() => 200))
    const p = (await (
      await app.request('/api/campaigns/news/progress?month=2026-11')
    ).json()) as Record<string, unknown>
    expect(p).toMatchObject({ pledged: SOURCES_MONTH.pledged, donations: SOURCES_MONTH.donations })
    expect(p.bySource).toEqual(SOURCES_MONTH.bySource)
    await expectTotalsMatchLedger(store)
  })
})
