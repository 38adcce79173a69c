import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import type { Store } from '../src/store/store.js'
import {
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import {
  checkoutSession,
  donation,
  event,
  paymentIntent,
  postEvent,
  refund,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

/**
 * Two app instances on one database with no lock between them, as Worker isolates on D1 are:
 * two connections to one SQLite file marked `concurrentWriters`, each app with its own in-process
 * serializer. Each Checkout Session goes to one instance while its bare PaymentIntent goes to
 * the other at the same moment.
 */
describe('attribution with concurrent writers and no lock (D1 isolates)', () => {
  let a: TestApp
  let storeB: Store
  let b: ReturnType<typeof createApp>

  beforeAll(async () => {
    a = await makeTestApp({ env: webhookEnv })
    storeB = openSqliteStore(a.file)
    b = createApp({ store: { ...storeB, concurrentWriters: true }, config: a.config })
    // App a's own store, also marked: rebuild it on the same store object.
    a.app = createApp({ store: { ...a.store, concurrentWriters: true }, config: a.config })
    const create = (body: unknown) => a.call('POST', '/api/admin/campaigns', body)
    expect((await create({ ...newsCampaign, isDefault: true })).status).toBe(201)
    expect((await create({ ...newsCampaign, slug: 'radio', name: 'Radio' })).status).toBe(201)
  })
  afterAll(async () => {
    await storeB.close()
    await a.close()
  })

  it('settles every payment in the campaign its Checkout Session names', async () => {
    const june = unix('2026-06-10T15:00:00Z')
    const ds = Array.from({ length: 40 }, (_, i) =>
      donation({ amount: 100 + i, created: june, customer: `cus_${i % 4}` }),
    )
    await Promise.all(
      ds.map(async (d) => {
        const res = await Promise.all([
          postEvent(
            (p, i) => a.app.request(p, i),
            event('checkout.session.completed', checkoutSession(d, 'radio')),
          ),
          postEvent((p, i) => b.request(p, i), event('payment_intent.succeeded', paymentIntent(d))),
        ])
        for (const r of res) expect(r.status, await r.clone().text()).toBe(200)
      }),
    )
    const progress = async (slug: string) =>
      (await a.app.request(`/api/campaigns/${slug}/progress?month=2026-06`)).json()
    const total = ds.reduce((s, d) => s + d.amount, 0)
    expect(await progress('radio')).toMatchObject({ pledged: total, donations: 40, donors: 4 })
    expect(await progress('news')).toMatchObject({ pledged: 0, donations: 0, donors: 0 })
    await expectTotalsMatchLedger(a.store)
  })

  it('applies money parked by one writer when its payment lands through the other, once', async () => {
    const june = unix('2026-06-12T15:00:00Z')
    const ds = Array.from({ length: 40 }, (_, i) =>
      donation({ amount: 1000 + i, created: june, campaign: 'news', customer: `cus_p${i % 4}` }),
    )
    await Promise.all(
      ds.map(async (d) => {
        const r = refund(d, 100, 'succeeded')
        const res = await Promise.all([
          postEvent((p, i) => a.app.request(p, i), event('refund.created', r)),
          postEvent((p, i) => a.app.request(p, i), event('refund.updated', r)),
          postEvent((p, i) => b.request(p, i), event('payment_intent.succeeded', paymentIntent(d))),
        ])
        for (const x of res) expect(x.status, await x.clone().text()).toBe(200)
      }),
    )
    const p = await (await a.app.request('/api/campaigns/news/progress?month=2026-06')).json()
    const total = ds.reduce((s, d) => s + d.amount - 100, 0)
    expect(p).toMatchObject({ pledged: total, donations: 40 })
    expect(await a.store.db.selectFrom('stripe_parked').selectAll().execute()).toEqual([])
    await expectTotalsMatchLedger(a.store)
  })
})
