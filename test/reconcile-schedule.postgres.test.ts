import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openMigratedStore } from '../src/node/open-store.js'
import { runDaily } from '../src/reconcile/schedule.js'
import { reconciledThrough } from '../src/store/reconciled-through.js'
import type { Store } from '../src/store/store.js'
import { balance } from './stripe-configs/fees.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { ADMIN_TOKEN, newsCampaign } from './support/harness.js'
import { createTestDatabase } from './support/postgres.js'

/** The daily run and "reconciled through" on PostgreSQL (the SQL differs from SQLite's). */
describe('daily reconciliation on PostgreSQL', () => {
  let store: Store
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  const now = new Date('2027-05-11T00:30:00Z')

  beforeAll(async () => {
    fake = await startFakeStripe()
    database = await createTestDatabase()
    const config = parseConfig({ ADMIN_TOKEN, DATABASE_URL: database.url, LOG_LEVEL: 'silent' })
    store = await openMigratedStore(config)
    const app = createApp({ store, config })
    const post = (body: unknown) =>
      app.request('/api/admin/campaigns', {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await post(newsCampaign)).status).toBe(201)
    const local = { ...newsCampaign, slug: 'local', name: 'Local', stripeAccount: 'acct_1Local' }
    expect((await post(local)).status).toBe(201)
    fake.books.rows.push({
      txn: balance('txn_pg', 'ch_pg', {
        amount: 700,
        fee: 50,
        currency: 'usd',
        created: Date.parse('2027-05-10T10:00:00Z') / 1000,
      }),
      account: 'acct_1Local',
    })
  })
  afterAll(async () => {
    await store?.close()
    await database?.drop()
    await fake?.close()
  })

  it('runs each account for the previous day; only the clean one is reconciled through it', async () => {
    const runs = await runDaily({ store, stripe: fake.stripe, now: () => now }, now)
    expect(runs.map((r) => [r.account, r.status])).toEqual([
      [null, 'done'],
      ['acct_1Local', 'done'],
    ])
    expect(await reconciledThrough(store, null)).toBe('2027-05-10')
    expect(await reconciledThrough(store, 'acct_1Local')).toBeNull()
  })
})
