import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { storedTotals } from '../src/store/totals.js'
import { stripeClient } from '../src/stripe/client.js'
import { startFakeStripe } from './support/fake-stripe.js'
import {
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import { postEvent, unix, webhookEnv } from './support/stripe-events.js'
import {
  cancelFlow,
  delayedFlow,
  paymentFlow,
  renewalFlow,
  shuffled,
  subscriptionFlow,
} from './support/stripe-flows.js'

const radio = { ...newsCampaign, slug: 'radio', name: 'Radio', timezone: 'Europe/Paris' }
const euro = {
  ...newsCampaign,
  slug: 'euro',
  name: 'Euro',
  currency: 'EUR',
  timezone: 'Europe/Berlin',
}

interface ProgressJson {
  pledged: number
  donations: number
  donors: number
  recurring: { supporters: number; monthly: number }
  texts: { monthly: string | null }
}

async function progress(t: TestApp, slug: string, month: string) {
  const res = await t.app.request(`/api/campaigns/${slug}/progress?month=${month}`)
  expect(res.status).toBe(200)
  return (await res.json()) as ProgressJson
}

async function deliver(t: TestApp, events: Stripe.Event[]) {
  for (const e of events) {
    const res = await postEvent((p, i) => t.app.request(p, i), e)
    expect(res.status, await res.clone().text()).toBe(200)
  }
}

/** A fresh app with news (default) and radio, for one delivery order; closed afterwards. */
async function withApp(fn: (t: TestApp) => Promise<void>) {
  const t = await makeTestApp({ env: webhookEnv })
  try {
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
    await t.call('POST', '/api/admin/campaigns', radio)
    await fn(t)
  } finally {
    await t.close()
  }
}

async function totalsByBucket(t: TestApp) {
  const got: Record<string, { pledged: number; donations: number; donors: number }> = {}
  for (const r of await storedTotals(t.store)) {
    if (r.pledged !== 0 || r.donations !== 0)
      got[`${r.campaign}/${r.month}`] = {
        pledged: r.pledged,
        donations: r.donations,
        donors: r.donors,
      }
  }
  return got
}

describe('monthly gifts on the current API (invoice_payment.paid links pi -> invoice)', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await makeTestApp({ env: webhookEnv })
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
    await t.call('POST', '/api/admin/campaigns', radio)
  })
  afterEach(() => t.close())

  it('counts the first payment and a renewal a month later once each, in their own months, to the subscription campaign, in any order and with duplicates', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      await t.close()
      t = await makeTestApp({ env: webhookEnv })
      await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
      await t.call('POST', '/api/admin/campaigns', radio)
      const first = subscriptionFlow({
        amount: 1500,
        at: unix('2026-06-10T12:00:00Z'),
        campaign: 'radio',
        email: 'ana@example.org',
      })
      const renewal = renewalFlow(first.sub, unix('2026-07-10T12:00:00Z'))
      await deliver(t, shuffled([...first.events, ...renewal.events], seed))
      expect(await totalsByBucket(t), `seed ${seed}`).toEqual({
        'radio/2026-06': { pledged: 1500, donations: 1, donors: 1 },
        'radio/2026-07': { pledged: 1500, donations: 1, donors: 1 },
      })
      expect(await t.store.db.selectFrom('stripe_parked').selectAll().execute()).toEqual([])
      const now = await progress(t, 'radio', '2026-07')
      expect(now.recurring).toEqual({ supporters: 1, monthly: 1500 })
      expect((await progress(t, 'news', '2026-07')).recurring).toEqual({
        supporters: 0,
        monthly: 0,
      })
      await expectTotalsMatchLedger(t.store)
    }
  })

  it('moves a payment that landed on the default campaign once its invoice names the subscription campaign', async () => {
    const f = subscriptionFlow({
      amount: 2000,
      at: unix('2026-06-10T12:00:00Z'),
      campaign: 'radio',
    })
    const byType = (type: string) => f.events.filter((e) => e.type === type)
    await deliver(t, byType('payment_intent.succeeded'))
    expect(await totalsByBucket(t)).toEqual({
      'news/2026-06': { pledged: 2000, donations: 1, donors: 1 },
    })
    await deliver(t, [...byType('invoice.paid'), ...byType('invoice_payment.paid')])
    expect(await totalsByBucket(t)).toEqual({
      'radio/2026-06': { pledged: 2000, donations: 1, donors: 1 },
    })
    const moves = await t.store.db
      .selectFrom('ledger_entries')
      .select(['entry_key', 'campaign', 'amount'])
      .where('kind', '=', 'assignment')
      .execute()
    expect(moves).toHaveLength(2)
    await deliver(t, f.events)
    expect(await totalsByBucket(t)).toEqual({
      'radio/2026-06': { pledged: 2000, donations: 1, donors: 1 },
    })
    await expectTotalsMatchLedger(t.store)
  })

  it('a Checkout Session in subscription mode (no payment_intent) places the payment through its invoice', async () => {
    const f = subscriptionFlow({ amount: 1200, at: unix('2026-06-10T12:00:00Z') })
    const session = f.events.find((e) => e.type === 'checkout.session.completed') as Stripe.Event
    const obj = session.data.object as Stripe.Checkout.Session
    expect(obj.payment_intent).toBeNull()
    obj.metadata = { campaign: 'radio' }
    const keep = f.events.filter((e) =>
      ['payment_intent.succeeded', 'invoice_payment.paid', 'checkout.session.completed'].includes(
        e.type,
      ),
    )
    await deliver(t, shuffled(keep, 3))
    expect(await totalsByBucket(t)).toEqual({
      'radio/2026-06': { pledged: 1200, donations: 1, donors: 1 },
    })
  })

  it('monthly supporters follow customer.subscription.* in any order: a deleted one stops counting', async () => {
    const a = subscriptionFlow({
      amount: 1500,
      at: unix('2026-06-01T12:00:00Z'),
      campaign: 'radio',
    })
    const b = subscriptionFlow(
      { amount: 12000, at: unix('2026-06-02T12:00:00Z'), campaign: 'radio' },
      'year',
    )
    const c = subscriptionFlow({ amount: 500, at: unix('2026-06-03T12:00:00Z'), campaign: 'radio' })
    const subs = (f: typeof a) => f.events.filter((e) => e.type.startsWith('customer.subscription'))
    await deliver(t, [
      ...cancelFlow(c.sub, unix('2026-06-20T00:00:00Z')),
      ...subs(a),
      ...subs(b),
      ...subs(c),
    ])
    const p = await progress(t, 'radio', '2026-06')
    // 1500 a month, 12000 a year = 1000 a month; the canceled one counts no more.
    expect(p.recurring).toEqual({ supporters: 2, monthly: 2500 })
    expect(p.texts.monthly).toBe('2 monthly supporters')
    // The bar shows it where asked (show=monthly), as an image and in the iframe page.
    for (const path of ['/embed/radio.svg', '/embed/radio']) {
      const res = await t.app.request(`${path}?month=2026-06&show=monthly`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('2 monthly supporters')
    }
  })
})

describe('one-off and delayed gifts through Checkout', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await makeTestApp({ env: webhookEnv })
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
    await t.call('POST', '/api/admin/campaigns', euro)
  })
  afterEach(() => t.close())

  it('a payment-mode gift counts once; a SEPA payment that succeeds counts once in its campaign, one that fails counts nothing', async () => {
    const once = paymentFlow({
      amount: 2500,
      at: unix('2026-06-05T12:00:00Z'),
      campaign: 'news',
      email: 'b@example.org',
    })
    const ok = delayedFlow(
      { amount: 3000, currency: 'eur', at: unix('2026-06-06T12:00:00Z'), campaign: 'euro' },
      'succeeded',
    )
    const ko = delayedFlow(
      { amount: 4000, currency: 'eur', at: unix('2026-06-06T12:00:00Z'), campaign: 'euro' },
      'failed',
    )
    await deliver(t, shuffled([...once.events, ...ok.events, ...ko.events], 7))
    expect(await totalsByBucket(t)).toEqual({
      'news/2026-06': { pledged: 2500, donations: 1, donors: 1 },
      'euro/2026-06': { pledged: 3000, donations: 1, donors: 0 },
    })
    await expectTotalsMatchLedger(t.store)
  })
})

describe('a missing link looked up through Stripe API (STRIPE_SECRET_KEY)', () => {
  it('places a renewal whose invoice events never came, from invoice_payments and the invoice', async () => {
    const fake = await startFakeStripe()
    const env = { ...webhookEnv, STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_API_URL: fake.url }
    // The client as the Node entry builds it: STRIPE_API_URL points it at the fake.
    const stripe = stripeClient(parseConfig({ ADMIN_TOKEN: 'x'.repeat(24), ...env }))
    const t = await makeTestApp({ env, deps: { stripe } })
    try {
      await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
      await t.call('POST', '/api/admin/campaigns', radio)
      const f = subscriptionFlow({
        amount: 1500,
        at: unix('2026-06-10T12:00:00Z'),
        campaign: 'radio',
      })
      const link = f.events.find((e) => e.type === 'invoice_payment.paid') as Stripe.Event
      const inv = f.events.find((e) => e.type === 'invoice.paid') as Stripe.Event
      // The fake serves by the last path segment: the list and the invoice.
      fake.data.objects.set('invoice_payments', {
        object: 'list',
        data: [link.data.object],
        has_more: false,
        url: '/v1/invoice_payments',
      })
      fake.data.objects.set(f.invoice, inv.data.object)
      await deliver(
        t,
        f.events.filter((e) => e.type === 'payment_intent.succeeded'),
      )
      expect(await totalsByBucket(t)).toEqual({
        'radio/2026-06': { pledged: 1500, donations: 1, donors: 1 },
      })
      expect(fake.requests.some((r) => r.startsWith('GET /v1/invoice_payments?'))).toBe(true)
      expect(fake.requests).toContain(`GET /v1/invoices/${f.invoice}`)
      await expectTotalsMatchLedger(t.store)
    } finally {
      await t.close()
      await fake.close()
    }
  })
})

describe('guest donors: the donor comes with a later Checkout Session or charge', () => {
  it('counts a guest once the e-mail arrives, in any order, also when the session moves the payment', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      await withApp(async (t) => {
        const at = unix('2026-06-05T12:00:00Z')
        // The same reader gives twice as a guest; a third gift names radio only on its session.
        const a = paymentFlow({ amount: 1000, at, campaign: 'news', email: 'Guest@Example.org' })
        const b = paymentFlow({
          amount: 700,
          at: at + 3600,
          campaign: 'news',
          email: 'guest@example.org',
        })
        const c = paymentFlow({ amount: 500, at, campaign: 'radio', email: 'other@example.org' })
        for (const e of c.events) {
          if (e.type.startsWith('payment_intent.'))
            (e.data.object as Stripe.PaymentIntent).metadata = {}
        }
        // The charge events carry the e-mail too; drop them for one gift so only its session tells.
        const events = [
          ...a.events.filter((e) => e.type !== 'charge.succeeded'),
          ...b.events,
          ...c.events,
        ]
        await deliver(t, shuffled(events, seed))
        expect(await totalsByBucket(t), `seed ${seed}`).toEqual({
          'news/2026-06': { pledged: 1700, donations: 2, donors: 1 },
          'radio/2026-06': { pledged: 500, donations: 1, donors: 1 },
        })
        await expectTotalsMatchLedger(t.store)
      })
    }
  })
})

describe('a donor who gives monthly and once in the same month', () => {
  it('counts once, whatever the order (the e-mail joins the subscriber and the guest)', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      await withApp(async (t) => {
        const at = unix('2026-06-05T12:00:00Z')
        const monthly = subscriptionFlow({
          amount: 1500,
          at,
          campaign: 'radio',
          email: 'Reader@example.org',
        })
        const once = paymentFlow({
          amount: 4000,
          at: at + 7200,
          campaign: 'radio',
          email: 'reader@example.org',
        })
        await deliver(t, shuffled([...monthly.events, ...once.events], seed))
        expect(await totalsByBucket(t), `seed ${seed}`).toEqual({
          'radio/2026-06': { pledged: 5500, donations: 2, donors: 1 },
        })
        await expectTotalsMatchLedger(t.store)
      })
    }
  })
})
