import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { openPostgresStore } from '../src/store/postgres.js'
import { compareTotals, ledgerAggregates } from '../src/store/totals.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from './support/harness.js'
import { createTestDatabase } from './support/postgres.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'
import {
  charge,
  checkoutSession,
  dispute,
  donation,
  event,
  paymentIntent,
  postEvent,
  refund,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

/**
 * Two real server processes on one PostgreSQL database, each receiving every Stripe event at
 * the same moment (as after a failover, or Stripe retrying against a load balancer). Each
 * process's in-memory serializer sees only its own half; the database must make each payment,
 * refund and donor count once, and Checkout's campaign must still win over the default.
 */
/** Creates a campaign through one server's admin API. */
function createCampaign(server: ServerProcess, body: unknown): Promise<Response> {
  return server.fetch('/api/admin/campaigns', {
    method: 'POST',
    headers: adminJson,
    body: JSON.stringify(body),
  })
}

/** pg's deprecation warning for a query given to a client that is still running another. */
const SHARED_CLIENT = /already executing a query/

describe('two Node processes on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let servers: ServerProcess[] = []
  let stderr = ''

  beforeAll(async () => {
    database = await createTestDatabase()
    const env = {
      ...webhookEnv,
      DATABASE_URL: database.url,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      CACHE_TTL_MS: '0',
    }
    // Both start at once on an empty database: migrations must run once, not collide.
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)])
    for (const s of servers) s.child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()))
    const res = await servers[0]?.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify({ ...newsCampaign, isDefault: true }),
    })
    expect(res?.status).toBe(201)
  })
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await database?.drop()
    // Every concurrent burst above ran through both processes: no pg client was shared.
    expect(stderr).not.toMatch(SHARED_CLIENT)
  })

  it('migrates once when both start together', async () => {
    const store = openPostgresStore(database.url, { max: 1 })
    try {
      const rows = await store.db.selectFrom('d1_migrations').select('name').execute()
      expect(rows.map((r) => r.name)).toEqual(readSchemaFiles().map((f) => f.name))
    } finally {
      await store.close()
    }
  })

  it('counts each payment, refund and donor once when both receive every event together', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    expect(
      (await createCampaign(a, { ...newsCampaign, slug: 'radio', name: 'Radio' })).status,
    ).toBe(201)

    const june = unix('2026-06-10T15:00:00Z')
    // 30 Checkout donations to "radio" by 6 donors; the PaymentIntents carry no campaign, so a
    // payment decided without its Checkout Session would land in the default "news".
    const donations = Array.from({ length: 30 }, (_, i) =>
      donation({ amount: 1000 + i * 7, created: june + i, customer: `cus_${i % 6}` }),
    )
    const payments = donations.flatMap((d) => [
      event('checkout.session.completed', checkoutSession(d, 'radio')),
      event('charge.succeeded', charge(d)),
      event('payment_intent.succeeded', paymentIntent(d)),
      // The same money under another event id (Stripe's own retries create new deliveries).
      event('payment_intent.succeeded', paymentIntent(d)),
    ])
    const refunded = donations.filter((_, i) => i % 4 === 0)
    const refunds = refunded.map((d) => event('refund.created', refund(d, 300, 'succeeded')))

    /** Posts every event to both servers at the same moment, a few events in flight at once. */
    async function deliverToBoth(events: Stripe.Event[]) {
      const outcomes = new Map<string, string[]>()
      let next = 0
      const worker = async () => {
        while (next < events.length) {
          const e = events[next++] as Stripe.Event
          const res = await Promise.all(
            [a, b].map((s) => postEvent((p, init) => s.fetch(p, init), e)),
          )
          const bodies = await Promise.all(res.map((r) => r.text()))
          for (const [i, r] of res.entries()) expect(r.status, bodies[i]).toBe(200)
          outcomes.set(
            e.id,
            bodies.map((t) => (JSON.parse(t) as { outcome: string }).outcome).sort(),
          )
        }
      }
      await Promise.all(Array.from({ length: 6 }, worker))
      return outcomes
    }

    const first = await deliverToBoth(payments)
    const second = await deliverToBoth(refunds)
    // Each delivery pair: one process did the work; the other saw a stored event, or (no lock
    // orders them) decided at the same moment and wrote the same natural keys, which land once.
    const pairs = [...first.values(), ...second.values()]
    for (const o of pairs)
      expect([
        ['duplicate', 'processed'],
        ['processed', 'processed'],
      ]).toContainEqual(o)

    const progress = async (s: ServerProcess, slug: string) =>
      (await (await s.fetch(`/api/campaigns/${slug}/progress?month=2026-06`)).json()) as {
        pledged: number
        donations: number
        donors: number
      }
    const total = donations.reduce((sum, d) => sum + d.amount, 0) - refunded.length * 300
    for (const s of [a, b]) {
      expect(await progress(s, 'radio')).toMatchObject({ pledged: total, donations: 30, donors: 6 })
      expect(await progress(s, 'news')).toMatchObject({ pledged: 0, donations: 0, donors: 0 })
    }

    const store = openPostgresStore(database.url, { max: 2 })
    try {
      expect(await compareTotals(store)).toEqual([])
      const payments = await store.db
        .selectFrom('ledger_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'payment')
        .executeTakeFirstOrThrow()
      expect(payments.n).toBe(30)
      const refundRows = await store.db
        .selectFrom('ledger_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'refund')
        .executeTakeFirstOrThrow()
      expect(refundRows.n).toBe(refunded.length)
      expect(await ledgerAggregates(store, 'radio')).toEqual([
        {
          campaign: 'radio',
          month: '2026-06',
          pledged: total,
          donations: 30,
          donors: 6,
          entries: expect.any(Number),
        },
      ])
    } finally {
      await store.close()
    }
  })

  it('lets a Checkout Session on one process and its PaymentIntent on the other agree', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    expect((await createCampaign(a, { ...newsCampaign, slug: 'tv', name: 'TV' })).status).toBe(201)
    const july = unix('2026-07-10T15:00:00Z')
    const donations = Array.from({ length: 40 }, (_, i) =>
      donation({ amount: 500 + i, created: july + i, customer: `cus_tv_${i % 5}` }),
    )
    // Checkout names "tv" and goes to A; the bare PaymentIntent goes to B at the same moment.
    await Promise.all(
      donations.map(async (d) => {
        const res = await Promise.all([
          postEvent(
            (p, i) => a.fetch(p, i),
            event('checkout.session.completed', checkoutSession(d, 'tv')),
          ),
          postEvent((p, i) => b.fetch(p, i), event('payment_intent.succeeded', paymentIntent(d))),
        ])
        for (const r of res) expect(r.status, await r.clone().text()).toBe(200)
      }),
    )
    const total = donations.reduce((sum, d) => sum + d.amount, 0)
    const res = await b.fetch('/api/campaigns/tv/progress?month=2026-07')
    expect(await res.json()).toMatchObject({ pledged: total, donations: 40, donors: 5 })
    const news = await a.fetch('/api/campaigns/news/progress?month=2026-07')
    expect(await news.json()).toMatchObject({ pledged: 0, donations: 0, donors: 0 })
    const recompute = await a.fetch('/api/admin/recompute', { method: 'POST', headers: adminJson })
    expect(((await recompute.json()) as { differences: unknown[] }).differences).toEqual([])
  })

  it('applies refunds and disputes parked on one process once, when the payment lands on the other', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    expect((await createCampaign(a, { ...newsCampaign, slug: 'web', name: 'Web' })).status).toBe(
      201,
    )
    // 23:30 in New York on August 31st: the payments' month is August, their refunds' September.
    const created = unix('2026-09-01T03:30:00Z')
    const donations = Array.from({ length: 40 }, (_, i) =>
      donation({ amount: 2000 + i, created, campaign: 'web', customer: `cus_web_${i % 3}` }),
    )
    // Each refund and dispute goes to A, twice, as its payment goes to B, all at the same moment.
    await Promise.all(
      donations.map(async (d, i) => {
        const early = [
          event('refund.created', refund(d, 500, 'succeeded')),
          event(
            'charge.dispute.funds_withdrawn',
            dispute(d, [{ id: `txn_web${i}`, amount: -100, fee: -1500 }], 'under_review'),
          ),
        ]
        const res = await Promise.all([
          ...early.flatMap((e) => [a, a].map((s) => postEvent((p, init) => s.fetch(p, init), e))),
          postEvent(
            (p, init) => b.fetch(p, init),
            event('payment_intent.succeeded', paymentIntent(d)),
          ),
        ])
        for (const r of res) expect(r.status, await r.clone().text()).toBe(200)
      }),
    )
    const total = donations.reduce((sum, d) => sum + d.amount - 600, 0)
    const res = await a.fetch('/api/campaigns/web/progress?month=2026-08')
    expect(await res.json()).toMatchObject({ pledged: total, donations: 40, donors: 3 })
    const store = openPostgresStore(database.url, { max: 1 })
    try {
      expect(await store.db.selectFrom('stripe_parked').selectAll().execute()).toEqual([])
      expect(await compareTotals(store)).toEqual([])
    } finally {
      await store.close()
    }
  })
})
