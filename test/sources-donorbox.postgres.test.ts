import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openMigratedStore, openStore } from '../src/node/open-store.js'
import type { Store } from '../src/store/store.js'
import { ADMIN_TOKEN, adminJson, expectTotalsMatchLedger, newsCampaign } from './support/harness.js'
import { createTestDatabase } from './support/postgres.js'
import { donorboxDelivery, donorboxDonation, sourcesEnv } from './support/source-events.js'

/**
 * Donorbox reports a donation's refunds as a running total (`amount_refunded`), so each new level
 * counts as the part the ledger lacks. Two instances on one PostgreSQL database, each given a
 * different level of the same donation at the same moment, must not both count from zero: the
 * refunds of each donation end at the highest level, whatever the order.
 */
describe('Donorbox refund levels on two PostgreSQL instances at once', () => {
  const stores: Store[] = []
  const apps: ReturnType<typeof createApp>[] = []
  let drop: () => Promise<void>
  beforeAll(async () => {
    const database = await createTestDatabase()
    drop = database.drop
    const config = parseConfig({
      ...sourcesEnv(),
      DATABASE_URL: database.url,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      LOG_LEVEL: 'silent',
    })
    stores.push(await openMigratedStore(config), await openStore(config))
    for (const store of stores) apps.push(createApp({ store, config }))
    const created = await apps[0]?.request('/api/admin/campaigns', {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify({ ...newsCampaign, isDefault: true }),
    })
    expect(created?.status).toBe(201)
  })
  afterAll(async () => {
    for (const s of stores) await s.close()
    await drop?.()
  })

  it('counts each donation’s refunds once, up to its highest level', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => 9000 + i)
    const post = (app: ReturnType<typeof createApp> | undefined, donation: unknown) => {
      const d = donorboxDelivery(donation)
      return app?.request(d.path, { method: 'POST', headers: d.headers, body: d.body })
    }
    for (const id of ids) {
      expect((await post(apps[0], donorboxDonation(id, '20.0')))?.status).toBe(200)
    }
    const sent = await Promise.all(
      ids.flatMap((id, i) => [
        post(apps[i % 2], donorboxDonation(id, '20.0', { refunded: '5.0' })),
        post(apps[(i + 1) % 2], donorboxDonation(id, '20.0', { refunded: '8.0' })),
        post(apps[i % 2], donorboxDonation(id, '20.0', { refunded: '8.0' })),
      ]),
    )
    expect(sent.map((r) => r?.status)).toEqual(sent.map(() => 200))
    const rows = await stores[0]?.db
      .selectFrom('ledger_entries')
      .select(['payment_ref', (eb) => eb.fn.sum<string>('amount').as('net')])
      .groupBy('payment_ref')
      .execute()
    expect(rows?.map((r) => [r.payment_ref, Number(r.net)]).sort()).toEqual(
      ids.map((id) => [`donorbox:${id}`, 1200]).sort(),
    )
    if (stores[0]) await expectTotalsMatchLedger(stores[0])
  })
})
