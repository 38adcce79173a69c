import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { openSqliteStore } from '../../src/store/sqlite.js'
import type { Store } from '../../src/store/store.js'
import {
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from '../support/harness.js'
import {
  checkoutSession,
  donation,
  event,
  paymentIntent,
  postEvent,
  refund,
  unix,
  webhookEnv,
} from '../support/stripe-events.js'

/**
 * src/ingest/ingest.ts, the path PostgreSQL takes: the read that settles a payment after its
 * commit rides with the commit (`atomicThenRead`). Here two SQLite connections to one file play
 * two instances, each given that method (the unit, then the reads once it committed), so the
 * money suites, which start no PostgreSQL, run that path too. The race of test/settle.test.ts:
 * whichever unit commits last must read a state holding both and write what is missing.
 */
const withReadsAfter = (store: Store): Store => ({
  ...store,
  concurrentWriters: true,
  atomicThenRead: async (queries, reads) => {
    const results = await store.atomic(queries)
    for (const q of reads) results.push(await store.db.executeQuery(q))
    return results
  },
})

describe('settling in the commit’s round trip (atomicThenRead)', () => {
  let a: TestApp
  let storeB: Store
  let b: ReturnType<typeof createApp>

  beforeAll(async () => {
    a = await makeTestApp({ env: webhookEnv })
    storeB = openSqliteStore(a.file)
    b = createApp({ store: withReadsAfter(storeB), config: a.config })
    a.app = createApp({ store: withReadsAfter(a.store), config: a.config })
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

  it('moves each payment to the campaign its Checkout Session names', async () => {
    const june = unix('2026-06-10T15:00:00Z')
    const ds = Array.from({ length: 24 }, (_, i) =>
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
    expect(await progress('radio')).toMatchObject({ pledged: total, donations: 24, donors: 4 })
    expect(await progress('news')).toMatchObject({ pledged: 0, donations: 0, donors: 0 })
    await expectTotalsMatchLedger(a.store)
  })

  it('applies a refund parked before its payment once the payment lands', async () => {
    const june = unix('2026-06-12T15:00:00Z')
    const ds = Array.from({ length: 24 }, (_, i) =>
      donation({ amount: 1000 + i, created: june, campaign: 'news', customer: `cus_p${i % 4}` }),
    )
    await Promise.all(
      ds.map(async (d) => {
        const r = refund(d, 100, 'succeeded')
        const res = await Promise.all([
          postEvent((p, i) => a.app.request(p, i), event('refund.created', r)),
          postEvent((p, i) => b.request(p, i), event('payment_intent.succeeded', paymentIntent(d))),
        ])
        for (const x of res) expect(x.status, await x.clone().text()).toBe(200)
      }),
    )
    const total = ds.reduce((s, d) => s + d.amount - 100, 0)
    expect(await progress('news')).toMatchObject({ pledged: total, donations: 24 })
    expect(await a.store.db.selectFrom('stripe_parked').selectAll().execute()).toEqual([])
    await expectTotalsMatchLedger(a.store)
  })
})
