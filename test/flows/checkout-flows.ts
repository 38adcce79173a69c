import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppDeps } from '../../src/context.js'
import { deliverSigned } from '../../src/demo/checkout-sim.js'
import { monthOf } from '../../src/domain/months.js'
import type { Store } from '../../src/store/store.js'
import { startFakeStripe } from '../support/fake-stripe.js'
import { ADMIN_TOKEN, expectTotalsMatchLedger, newsCampaign } from '../support/harness.js'
import { unix, WHSEC, webhookEnv } from '../support/stripe-events.js'
import { delayedFlow, shuffled } from '../support/stripe-flows.js'

/**
 * Every Checkout flow end to end against a real app: the service creates the session at the
 * fake Stripe, the fake "pays" it and sends the full signed event sequence of its mode
 * (src/demo/stripe-flows.ts) to the service's webhook endpoint, shuffled with duplicates,
 * and the public progress and history APIs show the result. Each order (seed) runs on its own
 * campaign, so every order must give the same figures. Runs on SQLite (over HTTP) and PostgreSQL.
 */

type Fake = Awaited<ReturnType<typeof startFakeStripe>>

export interface FlowApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>
  /** The service's webhook endpoint over HTTP; else events go through `request`. */
  webhookUrl?: string
  store: Store
  close(): Promise<void>
}

/** Starts the app under test with this env (as records) and deps (the Stripe client, clock). */
export type StartFlowApp = (
  env: Record<string, string>,
  deps: Pick<AppDeps, 'clock'>,
) => Promise<FlowApp>

const SEEDS = [1, 2, 3, 4, 5, 6]
/** The service's clock: history's last month is August 2026. */
const NOW = new Date('2026-08-20T12:00:00Z')

interface Progress {
  month: string
  pledged: number
  donations: number
  donors: number
  recurring: { supporters: number; monthly: number }
}

const none = { pledged: 0, donations: 0, donors: 0 }

export function checkoutFlowSuite(name: string, start: StartFlowApp) {
  describe(`Checkout flows through the fake Stripe, every order (${name})`, () => {
    let fake: Fake
    let app: FlowApp
    let n = 0

    beforeAll(async () => {
      fake = await startFakeStripe()
      app = await start(
        {
          ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
          CACHE_TTL_MS: '0',
          ...webhookEnv,
          STRIPE_SECRET_KEY: 'sk_test_flows',
          STRIPE_API_URL: fake.url,
          PUBLIC_URL: 'https://bar.example',
          CHECKOUT_RATE_LIMIT: '100000',
        },
        { clock: () => new Date(NOW) },
      )
      fake.webhooks.to(app.webhookUrl ?? ((path, init) => app.request(path, init)), WHSEC)
    })
    afterAll(async () => {
      await app?.close()
      await fake?.close()
    })

    /** A campaign of its own (New York time, checkout on) for one delivery order. */
    async function campaign(): Promise<string> {
      const slug = `flows-${++n}`
      const res = await app.request('/api/admin/campaigns', {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...newsCampaign, slug, checkout: { enabled: true } }),
      })
      expect(res.status, await res.clone().text()).toBe(201)
      return slug
    }

    /** The reader's gift through the service's checkout API: the session the fake made. */
    async function give(slug: string, amount: number, interval: 'once' | 'month') {
      const res = await app.request(`/api/campaigns/${slug}/checkout`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ amount, interval }),
      })
      expect(res.status, await res.clone().text()).toBe(200)
      const { id } = (await res.json()) as { id: string }
      expect(fake.checkout.sessions.get(id)?.mode).toBe(
        interval === 'month' ? 'subscription' : 'payment',
      )
      return id
    }

    async function progress(slug: string, month: string): Promise<Progress> {
      const res = await app.request(`/api/campaigns/${slug}/progress?month=${month}`)
      expect(res.status).toBe(200)
      return (await res.json()) as Progress
    }

    /** Raised per month, June to August 2026, from the history API (the clock is August). */
    async function history(slug: string) {
      const res = await app.request(`/api/campaigns/${slug}/history?months=3`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as {
        months: { month: string; pledged: number; donors: number }[]
      }
      return Object.fromEntries(body.months.map((m) => [m.month, [m.pledged, m.donors]]))
    }

    /** Every event of the last delivery was answered 200. */
    function expectAllAccepted() {
      const last = fake.webhooks.sent.at(-1)
      expect(last?.statuses.length).toBeGreaterThan(0)
      expect(new Set(last?.statuses)).toEqual(new Set([200]))
    }

    it('a one-off card gift counts once, in its month, with its donor', async () => {
      for (const seed of SEEDS) {
        fake.webhooks.seed = seed
        const slug = await campaign()
        const id = await give(slug, 2500, 'once')
        await fake.pay(id, { at: unix('2026-06-10T12:00:00Z'), email: 'ana@example.org' })
        expectAllAccepted()
        expect(await progress(slug, '2026-06'), `seed ${seed}`).toMatchObject({
          pledged: 2500,
          donations: 1,
          donors: 1,
          recurring: { supporters: 0, monthly: 0 },
        })
        expect(await progress(slug, '2026-07')).toMatchObject(none)
        expect(await history(slug)).toEqual({
          '2026-06': [2500, 1],
          '2026-07': [0, 0],
          '2026-08': [0, 0],
        })
      }
      await expectTotalsMatchLedger(app.store)
    })

    it("the fake Checkout page's Pay button pays the session and returns the reader to the thank-you page", async () => {
      const slug = await campaign()
      const id = await give(slug, 1000, 'once')
      const page = fake.checkout.sessions.get(id)?.url as string
      const html = await (await fetch(page)).text()
      expect(html).toContain('<button type="submit">Pay</button>')
      const paid = await fetch(page, { method: 'POST', redirect: 'manual' })
      expect(paid.status).toBe(303)
      expect(paid.headers.get('location')).toBe(
        `https://bar.example/donate/${slug}/thanks?session_id=${id}`,
      )
      expectAllAccepted()
      // Paid now, on the real clock: it counts in this month (New York time).
      const month = monthOf(new Date(), newsCampaign.timezone)
      expect(await progress(slug, month)).toMatchObject({ pledged: 1000, donations: 1 })
      // A second press pays nothing more.
      expect((await fetch(page, { method: 'POST', redirect: 'manual' })).status).toBe(303)
      expect(await progress(slug, month)).toMatchObject({ pledged: 1000, donations: 1 })
    })

    it('a monthly gift counts its first payment and each renewal once, each in its own month, with one monthly supporter', async () => {
      for (const seed of SEEDS) {
        fake.webhooks.seed = seed * 10
        const slug = await campaign()
        const id = await give(slug, 1500, 'month')
        await fake.pay(id, { at: unix('2026-06-10T12:00:00Z'), email: 'ben@example.org' })
        expectAllAccepted()
        const june = await progress(slug, '2026-06')
        expect(june, `seed ${seed}`).toMatchObject({
          pledged: 1500,
          donations: 1,
          donors: 1,
          recurring: { supporters: 1, monthly: 1500 },
        })
        expect(await progress(slug, '2026-07')).toMatchObject(none)

        // A month later Stripe renews it: the renewal counts in July; June stays as it was.
        const renewal = await fake.renew(id)
        expectAllAccepted()
        expect(new Date(renewal.at * 1000).toISOString()).toBe('2026-07-10T12:00:00.000Z')
        expect(await progress(slug, '2026-07'), `seed ${seed}`).toMatchObject({
          pledged: 1500,
          donations: 1,
          donors: 1,
          recurring: { supporters: 1, monthly: 1500 },
        })
        expect(await progress(slug, '2026-06')).toEqual(june)
        await fake.renew(id)
        expectAllAccepted()
        expect(await history(slug), `seed ${seed}`).toEqual({
          '2026-06': [1500, 1],
          '2026-07': [1500, 1],
          '2026-08': [1500, 1],
        })
      }
      await expectTotalsMatchLedger(app.store)
    })

    it('a SEPA Debit gift that succeeds days later counts once, in the month it was made; one that fails counts nothing', async () => {
      for (const seed of SEEDS) {
        fake.webhooks.seed = seed * 100
        const slug = await campaign()
        // Made on June 29 (New York), settled on July 2: it counts in June.
        const ok = await give(slug, 3000, 'once')
        await fake.pay(ok, {
          at: unix('2026-06-29T20:00:00Z'),
          email: 'cleo@example.org',
          method: 'sepa_debit',
          outcome: 'succeeded',
          settleAt: unix('2026-07-02T08:00:00Z'),
        })
        expectAllAccepted()
        const ko = await give(slug, 4000, 'once')
        await fake.pay(ko, {
          at: unix('2026-06-29T21:00:00Z'),
          email: 'dan@example.org',
          method: 'sepa_debit',
          outcome: 'failed',
          settleAt: unix('2026-07-02T08:00:00Z'),
        })
        expectAllAccepted()
        expect(await progress(slug, '2026-06'), `seed ${seed}`).toMatchObject({
          pledged: 3000,
          donations: 1,
          donors: 1,
        })
        expect(await progress(slug, '2026-07'), `seed ${seed}`).toMatchObject(none)
      }
      await expectTotalsMatchLedger(app.store)
    })

    it('a SEPA Debit gift counts nothing while it is processing, and once when it succeeds', async () => {
      for (const seed of SEEDS) {
        const slug = await campaign()
        const settleAt = unix('2026-06-08T08:00:00Z')
        const f = delayedFlow(
          { amount: 3000, currency: 'usd', at: unix('2026-06-05T12:00:00Z'), campaign: slug },
          'succeeded',
          {},
          settleAt,
        )
        const before = f.events.filter((e) => e.created < settleAt)
        await deliver(shuffled(before, seed))
        expect(await progress(slug, '2026-06'), `seed ${seed}`).toMatchObject(none)
        await deliver(shuffled(f.events, seed + 1))
        expect(await progress(slug, '2026-06'), `seed ${seed}`).toMatchObject({
          pledged: 3000,
          donations: 1,
        })
      }
      await expectTotalsMatchLedger(app.store)
    })

    /** Sends events as the fake does (signed), outside a Checkout session of the fake. */
    async function deliver(events: Stripe.Event[]) {
      const target = fake.webhooks.target
      if (!target) throw new Error('no webhook target')
      const statuses = await deliverSigned(target, events)
      expect(new Set(statuses)).toEqual(new Set([200]))
    }
  })
}
