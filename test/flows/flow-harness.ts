import type Stripe from 'stripe'
import { afterAll, beforeAll, expect } from 'vitest'
import { deliverSigned } from '../../src/demo/checkout-sim.js'
import type { AppDeps } from '../../src/deps.js'
import type { Store } from '../../src/store/store.js'
import { startFakeStripe } from '../support/fake-stripe.js'
import { ADMIN_TOKEN, newsCampaign, TEST_CACHE_TTL_MS } from '../support/harness.js'
import { WHSEC, webhookEnv } from '../support/stripe-events.js'

/**
 * What every Checkout flow test stands on: the app under test, the fake Stripe that makes its
 * Checkout Sessions and sends their signed events to its webhook endpoint, a campaign per
 * delivery order, and the public progress and history APIs to read the result.
 */

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

export type Fake = Awaited<ReturnType<typeof startFakeStripe>>

/** Delivery orders: each runs on its own campaign, so every order must give the same figures. */
export const SEEDS = [1, 2, 3, 4, 5, 6]
/** The service's clock: history's last month is August 2026. */
export const NOW = new Date('2026-08-20T12:00:00Z')

export interface Progress {
  month: string
  pledged: number
  donations: number
  donors: number
  recurring: { supporters: number; monthly: number }
}

export const none = { pledged: 0, donations: 0, donors: 0 }

export type FlowHarness = ReturnType<typeof flowHarness>

/** Starts the fake Stripe and the app before the suite's tests, and stops them after. */
export function flowHarness(start: StartFlowApp) {
  let fake: Fake | undefined
  let app: FlowApp | undefined
  let n = 0

  beforeAll(async () => {
    fake = await startFakeStripe()
    app = await start(
      {
        ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
        CACHE_TTL_MS: TEST_CACHE_TTL_MS,
        ...webhookEnv,
        STRIPE_SECRET_KEY: 'sk_test_flows',
        STRIPE_API_URL: fake.url,
        PUBLIC_URL: 'https://bar.example',
        CHECKOUT_RATE_LIMIT: '100000',
      },
      { clock: () => new Date(NOW) },
    )
    const a = app
    fake.webhooks.to(a.webhookUrl ?? ((path, init) => a.request(path, init)), WHSEC)
  })
  afterAll(async () => {
    await app?.close()
    await fake?.close()
  })

  const theApp = (): FlowApp => {
    if (!app) throw new Error('the app is not started')
    return app
  }
  const theFake = (): Fake => {
    if (!fake) throw new Error('the fake Stripe is not started')
    return fake
  }

  return {
    app: theApp,
    fake: theFake,

    /** A campaign of its own (New York time, checkout on) for one delivery order. */
    async campaign(): Promise<string> {
      const slug = `flows-${++n}`
      const res = await theApp().request('/api/admin/campaigns', {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...newsCampaign, slug, checkout: { enabled: true } }),
      })
      expect(res.status, await res.clone().text()).toBe(201)
      return slug
    },

    /** The reader's gift through the service's checkout API: the session the fake made. */
    async give(slug: string, amount: number, interval: 'once' | 'month') {
      const res = await theApp().request(`/api/campaigns/${slug}/checkout`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ amount, interval }),
      })
      expect(res.status, await res.clone().text()).toBe(200)
      const { id } = (await res.json()) as { id: string }
      expect(theFake().checkout.sessions.get(id)?.mode).toBe(
        interval === 'month' ? 'subscription' : 'payment',
      )
      return id
    },

    async progress(slug: string, month: string): Promise<Progress> {
      const res = await theApp().request(`/api/campaigns/${slug}/progress?month=${month}`)
      expect(res.status).toBe(200)
      return (await res.json()) as Progress
    },

    /** Raised per month, June to August 2026, from the history API (the clock is August). */
    async history(slug: string) {
      const res = await theApp().request(`/api/campaigns/${slug}/history?months=3`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as {
        months: { month: string; pledged: number; donors: number }[]
      }
      return Object.fromEntries(body.months.map((m) => [m.month, [m.pledged, m.donors]]))
    },

    /** Every event of the fake's last delivery was answered 200. */
    expectAllAccepted() {
      const last = theFake().webhooks.sent.at(-1)
      expect(last?.statuses.length).toBeGreaterThan(0)
      expect(new Set(last?.statuses)).toEqual(new Set([200]))
    },

    /** Sends events as the fake does (signed), each answered 200, in the order given. */
    async deliver(events: Stripe.Event[]) {
      const target = theFake().webhooks.target
      if (!target) throw new Error('no webhook target')
      const statuses = await deliverSigned(target, events)
      expect(new Set(statuses)).toEqual(new Set([200]))
    },
  }
}
