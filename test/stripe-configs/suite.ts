import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeStripe } from '../support/fake-stripe.js'
import { ADMIN_TOKEN, newsCampaign } from '../support/harness.js'
import { webhookEnv } from '../support/stripe-events.js'
import { connectCases } from './connect.js'
import { at, bt, ch, deliver, envelope, gift, pi, post, type Request, re, sid } from './events.js'
import { feeCases } from './fees.js'
import { reconcileCases } from './reconcile.js'
import { reconcileConnectCases } from './reconcile-connect.js'
import { admin, type Entry, type Fake, type ProgressFigures, SEEDS } from './shared.js'

/** A runtime under test: requests in, over the app's HTTP surface only. */
export interface ConfigTarget {
  request: Request
  close(): Promise<void>
}

export type StartTarget = (env: Record<string, string>) => Promise<ConfigTarget>

/**
 * Issue 20's configurations, each under shuffled, duplicated delivery, against one runtime
 * (SQLite, PostgreSQL, D1 under workerd): the same cases, the same exact figures.
 */
export function stripeConfigSuite(name: string, start: StartTarget) {
  describe(`Stripe configurations on ${name}`, () => {
    let fake: Fake
    let target: ConfigTarget
    let n = 0
    beforeAll(async () => {
      fake = await startFakeStripe()
      target = await start({
        ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
        CACHE_TTL_MS: '0',
        ...webhookEnv,
        // A test key: test mode counts, live events are ignored (no STRIPE_LIVEMODE).
        STRIPE_SECRET_KEY: 'sk_test_configs_0123456789',
        STRIPE_API_URL: fake.url,
        // Checkout on: a campaign's donate page creates sessions (on its connected account).
        PUBLIC_URL: 'https://bar.example',
      })
    }, 120_000)
    afterAll(async () => {
      await target?.close()
      await fake?.close()
    })
    const request: Request = (path, init) => target.request(path, init)
    const campaign = async (extra: Record<string, unknown> = {}) => {
      const slug = `cfg-${++n}`
      const res = await request('/api/admin/campaigns', {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ ...newsCampaign, slug, ...extra }),
      })
      expect(res.status, await res.clone().text()).toBe(201)
      return slug
    }
    const progress = async (slug: string, month?: string) => {
      const res = await request(`/api/campaigns/${slug}/progress${month ? `?month=${month}` : ''}`)
      expect(res.status).toBe(200)
      return (await res.json()) as ProgressFigures
    }
    const ledger = async (slug: string) => {
      const res = await request(`/api/admin/campaigns/${slug}/ledger?limit=500`, {
        headers: admin,
      })
      expect(res.status).toBe(200)
      return ((await res.json()) as { entries: Entry[] }).entries
    }

    it('asynchronous capture: a 5,000 JPY gift on a USD campaign counts its settled 33.50 USD once, in its month, and a later refund converted keeps its sign', async () => {
      for (const seed of SEEDS) {
        const slug = await campaign()
        const created = at('2026-03-31T23:30:00Z') // March in New York
        const g = gift({ amount: 5000, currency: 'jpy', created, campaign: slug })
        const refundId = sid('re')
        const refundTxn = sid('txn')
        const later = at('2026-04-20T12:00:00Z')
        // The API answers as after capture: the charge's own balance transaction is still null
        // there (as when the payment was looked up), so only charge.updated can convert it.
        fake.data.objects.set(g.ch, ch(g, null))
        fake.data.objects.set(g.txn, bt(g.txn, g.ch, 3350, 'usd', created + 60))
        fake.data.objects.set(refundTxn, bt(refundTxn, refundId, -1675, 'usd', later))
        const events = [
          envelope('payment_intent.succeeded', pi(g), created),
          envelope('charge.succeeded', ch(g, null), created),
          envelope('charge.updated', ch(g, g.txn), created + 60, {
            previous: { balance_transaction: null },
          }),
          envelope('refund.created', re(g, refundId, 2500, null, later), later),
          envelope('refund.updated', re(g, refundId, 2500, refundTxn, later), later + 60, {
            previous: { balance_transaction: null },
          }),
        ]
        const statuses = await deliver(request, events, seed)
        expect(statuses.every((s) => s === 200)).toBe(true)
        // Replayed after all: charge.updated twice more changes nothing.
        await post(request, events[2] as (typeof events)[number])
        expect(await progress(slug, '2026-03')).toMatchObject({
          pledged: 3350 - 1675,
          donations: 1,
        })
        expect(await progress(slug, '2026-04')).toMatchObject({ pledged: 0, donations: 0 })
        // Nothing stays kept aside: each JPY entry is converted (as written, or by its twin).
        const entries = await ledger(slug)
        const counted = entries.filter((e) => e.counted)
        expect(counted.map((e) => [e.amount, e.currency]).sort()).toEqual([
          [-1675, 'USD'],
          [3350, 'USD'],
        ])
        for (const e of entries.filter((x) => !x.counted)) {
          expect(entries.some((x) => x.key === `convert:${e.key}` && x.counted)).toBe(true)
        }
      }
    })

    it('API 2024-06-20: a renewal counts to the campaign its invoice names at the top level, not to the default, in any order', async () => {
      const fallback = await campaign({ isDefault: true })
      for (const seed of SEEDS) {
        const slug = await campaign()
        const created = at('2026-05-10T15:00:00Z')
        const g = gift({ amount: 1200, currency: 'usd', created, campaign: slug })
        const customer = sid('cus')
        const sub = sid('sub')
        const inv = sid('in')
        const v = { apiVersion: '2024-06-20' }
        const noMeta = { metadata: {}, customer, invoice: inv }
        const invoice = {
          id: inv,
          object: 'invoice',
          amount_paid: 1200,
          charge: g.ch,
          currency: 'usd',
          customer,
          customer_email: null,
          metadata: {},
          paid: true,
          payment_intent: g.pi,
          status: 'paid',
          subscription: sub,
          subscription_details: { metadata: { campaign: slug } },
        }
        const events = [
          envelope('payment_intent.succeeded', pi(g, noMeta), created, v),
          envelope('charge.succeeded', ch(g, g.txn, noMeta), created, v),
          envelope('invoice.paid', invoice, created + 5, v),
          envelope('invoice.payment_succeeded', invoice, created + 5, v),
        ]
        const statuses = await deliver(request, events, seed)
        expect(statuses.every((s) => s === 200)).toBe(true)
        expect(await progress(slug, '2026-05')).toMatchObject({ pledged: 1200, donations: 1 })
      }
      expect(await progress(fallback, '2026-05')).toMatchObject({ pledged: 0, donations: 0 })
    })

    it("a poorer invoice fact stored first is filled by what Stripe's API answers: the renewal moves to the invoice's campaign", async () => {
      await campaign({ isDefault: true })
      const slug = await campaign()
      const created = at('2026-06-10T15:00:00Z')
      const g = gift({ amount: 900, currency: 'usd', created, campaign: slug })
      const customer = sid('cus')
      const inv = sid('in')
      const sub = sid('sub')
      // What the API says (current version): the invoice payment and the invoice that names it.
      fake.data.objects.set(sid('inpay'), {
        id: sid('inpay'),
        object: 'invoice_payment',
        invoice: inv,
        status: 'paid',
        payment: { type: 'payment_intent', payment_intent: g.pi },
      })
      fake.data.objects.set(inv, {
        id: inv,
        object: 'invoice',
        customer,
        metadata: {},
        parent: {
          type: 'subscription_details',
          subscription_details: { metadata: { campaign: slug }, subscription: sub },
        },
        status: 'paid',
      })
      // The event first knows less (no parent yet), then the payment comes.
      const poorer = { id: inv, object: 'invoice', customer, metadata: {}, parent: null }
      expect(
        (await post(request, envelope('invoice.finalized', poorer, created - 60))).status,
      ).toBe(200)
      const paid = envelope('payment_intent.succeeded', pi(g, { metadata: {}, customer }), created)
      expect((await post(request, paid)).status).toBe(200)
      expect(await progress(slug, '2026-06')).toMatchObject({ pledged: 900, donations: 1 })
    })

    it('counts only the mode of the key: a live event on a test key is ignored and listed; a "true" livemode is refused and counts nothing', async () => {
      const slug = await campaign()
      const created = at('2026-07-01T15:00:00Z')
      const live = gift({ amount: 700, currency: 'usd', created, campaign: slug })
      const liveEvent = envelope('payment_intent.succeeded', pi(live), created, { livemode: true })
      expect((await post(request, liveEvent)).status).toBe(200)
      const text = gift({ amount: 800, currency: 'usd', created, campaign: slug })
      const coerced = envelope('payment_intent.succeeded', pi(text), created, { livemode: 'true' })
      const res = await post(request, coerced)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_payload')
      const refundOfTrue = envelope(
        'refund.created',
        { ...re(live, sid('re'), 5, null, created), amount: true },
        created,
      )
      expect((await post(request, refundOfTrue)).status).toBe(400)
      expect(await progress(slug, '2026-07')).toMatchObject({ pledged: 0, donations: 0 })
      const ev = await request(`/api/admin/stripe/events?status=rejected&limit=500`, {
        headers: admin,
      })
      const rejected = ((await ev.json()) as { events: { id: string }[] }).events.map((e) => e.id)
      expect(rejected).toEqual(expect.arrayContaining([coerced.id, refundOfTrue.id]))
      const setup = await request('/api/admin/stripe/setup', { headers: admin })
      const body = (await setup.json()) as { mode: string; notices: { kind: string }[] }
      expect(body.mode).toBe('test')
      expect(body.notices.map((x) => x.kind)).toContain('other_mode')
    })

    it('refuses events of an API version older than 2024-06-20 (and none) with 400 unsupported_api_version, stored as rejected and listed', async () => {
      const slug = await campaign()
      const created = at('2026-07-02T15:00:00Z')
      for (const apiVersion of ['2024-04-10', null, 'basil']) {
        const g = gift({ amount: 300, currency: 'usd', created, campaign: slug })
        const res = await post(
          request,
          envelope('payment_intent.succeeded', pi(g), created, { apiVersion }),
        )
        expect(res.status).toBe(400)
        const err = (await res.json()) as { error: { code: string; message: string } }
        expect(err.error.code).toBe('unsupported_api_version')
        expect(err.error.message).toContain('set the webhook endpoint to version 2026-10-28.endive')
      }
      expect(await progress(slug, '2026-07')).toMatchObject({ pledged: 0, donations: 0 })
      const setup = await request('/api/admin/stripe/setup', { headers: admin })
      const body = (await setup.json()) as { notices: { kind: string; reason: string }[] }
      const versions = body.notices.filter((x) => x.kind === 'unsupported_api_version')
      expect(versions.map((x) => x.reason).join('\n')).toContain('version 2024-04-10,')
    })

    connectCases({ fake: () => fake, request, campaign, progress, ledger })
    feeCases({ fake: () => fake, request, campaign, progress, ledger })
    reconcileCases({ fake: () => fake, request, campaign, progress, ledger })
    reconcileConnectCases({ fake: () => fake, request, campaign, progress, ledger })
  })
}
