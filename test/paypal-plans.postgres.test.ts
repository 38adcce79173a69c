import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openMigratedStore } from '../src/node/open-store.js'
import {
  keepPaypalPlan,
  keepPaypalProduct,
  type PlanKey,
  paypalPlan,
  planById,
} from '../src/store/paypal-plans.js'
import type { Store } from '../src/store/store.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from './support/harness.js'
import { createTestDatabase } from './support/postgres.js'

/**
 * The PayPal ids the donate page keeps (schema/0019, src/store/paypal-plans.ts) on PostgreSQL:
 * of requests that make a product or a plan at once, the first id stays and every one answers it.
 */
describe('PayPal products and plans on PostgreSQL', () => {
  let store: Store
  let drop: () => Promise<void>
  beforeEach(async () => {
    const database = await createTestDatabase()
    drop = database.drop
    const config = parseConfig({
      DATABASE_URL: database.url,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      LOG_LEVEL: 'silent',
    })
    store = await openMigratedStore(config)
    const res = await createApp({ store, config }).request('/api/admin/campaigns', {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify(newsCampaign),
    })
    expect(res.status).toBe(201)
  })
  afterEach(async () => {
    await store.close()
    await drop()
  })

  it('keeps the first product and plan made, however many are made at once', async () => {
    const api = 'https://api-m.sandbox.paypal.com'
    const now = '2026-11-10T12:00:00.000Z'
    const products = await Promise.all(
      ['PROD-A1', 'PROD-B2', 'PROD-C3'].map((id) => keepPaypalProduct(store, api, 'news', id, now)),
    )
    expect(new Set(products).size).toBe(1)
    const key: PlanKey = { api, campaign: 'news', currency: 'USD', amount: 1000, every: 'month' }
    const plans = await Promise.all(
      ['P-1', 'P-2', 'P-3', 'P-4'].map((id) => keepPaypalPlan(store, key, id, now)),
    )
    expect(new Set(plans).size).toBe(1)
    expect(await paypalPlan(store, key)).toBe(plans[0])
    expect(await planById(store, api, plans[0] as string)).toEqual(key)
    // Another API origin (live after sandbox) keeps ids of its own.
    const live = { ...key, api: 'https://api-m.paypal.com' }
    expect(await paypalPlan(store, live)).toBeUndefined()
    expect(await keepPaypalPlan(store, live, 'P-LIVE', now)).toBe('P-LIVE')
    expect(await planById(store, api, 'P-LIVE')).toBeUndefined()
  })
})
