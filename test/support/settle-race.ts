import { afterAll, beforeAll, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { openSqliteStore } from '../../src/store/sqlite.js'
import type { Store } from '../../src/store/store.js'
import { expectTotalsMatchLedger, makeTestApp, newsCampaign, type TestApp } from './harness.js'
import {
  checkoutSession,
  donation,
  event,
  paymentIntent,
  postEvent,
  refund,
  unix,
  webhookEnv,
} from './stripe-events.js'

/**
 * Two app instances on one SQLite file with no lock between them (each store given by `instance`,
 * e.g. marked `concurrentWriters` as D1 isolates are), racing events about the same payments:
 * whichever unit commits last must read a state holding both and write what is missing. Call
 * inside a `describe`.
 */
export function settleRace(instance: (store: Store) => Store): void {
  let a: TestApp
  let storeB: Store
  let b: ReturnType<typeof createApp>

  beforeAll(async () => {
    a = await makeTestApp({ env: webhookEnv })
    storeB = openSqliteStore(a.file)
    b = createApp({ store: instance(storeB), config: a.config })
    a.app = createApp({ store: instance(a.store), config: a.config })
    const create = (body: unknown) => a.call('POST', '/api/admin/campaigns', body)
    expect((await create({ ...newsCampaign, isDefault: true })).status).toBe(201)
    expect((await create({ ...newsCampaign, slug: 'radio', name: 'Radio' })).status).toBe(201)
  })
  afterAll(async () => {
    await storeB.close()
    await a.close()
  })

  // Read through an app of its own: each instance's render cache hears only of its own writes.
  const progress = async (slug: string) =>
    (
      await createApp({ store: a.store, config: a.config }).request(
        `/api/campaigns/${slug}/progress?month=2026-06`,
      )
    ).json()

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
    const total = ds.reduce((s, d) => s + d.amount - 100, 0)
    expect(await progress('news')).toMatchObject({ pledged: total, donations: 40 })
    expect(await a.store.db.selectFrom('stripe_parked').selectAll().execute()).toEqual([])
    await expectTotalsMatchLedger(a.store)
  })
}
