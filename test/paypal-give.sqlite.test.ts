import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  expectError,
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'
import { htmlProblems } from './support/html-check.js'
import { progress, rig, useFakePaypal } from './support/paypal-rig.js'

/**
 * Giving through PayPal from the donate page (issue 22, section 3), against the fake PayPal
 * (test/support/fake-paypal-give.ts: Orders v2, Catalog Products and Subscriptions shaped from
 * github.com/paypal/paypal-rest-api-specifications, openapi/checkout_orders_v2.json,
 * catalogs_products_v1.json, billing_subscriptions_v1.json), whose approval page sends the
 * signed events PayPal would to this app's /webhooks/paypal.
 */
useFakePaypal()

const PUBLIC = 'https://bar.example'

async function appWith(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await makeTestApp({
    env: {
      ...rig.fake.env(),
      PUBLIC_URL: PUBLIC,
      CLIENT_IP_HEADER: 'X-Forwarded-For',
      ...env,
    },
  })
  const res = await t.call('POST', '/api/admin/campaigns', {
    ...newsCampaign,
    isDefault: true,
    checkout: { enabled: true, allowYearly: true },
  })
  expect(res.status).toBe(201)
  rig.fake.deliver = async (body, headers) =>
    t.app.request('/webhooks/paypal', { method: 'POST', headers, body })
  return t
}

const form = (t: TestApp, fields: Record<string, string>, path = '/donate/news/paypal') =>
  t.app.request(path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Forwarded-For': '203.0.113.9',
    },
    body: new URLSearchParams(fields).toString(),
  })

/** A URL under PUBLIC_URL as a request to the app. */
const local = (url: string) => {
  expect(url.startsWith(PUBLIC)).toBe(true)
  return url.slice(PUBLIC.length)
}

describe('the donate page gives through PayPal', () => {
  let t: TestApp
  beforeEach(() => {
    rig.fake.clock = () => new Date('2026-11-10T12:00:00Z')
    rig.fake.give.fail = null
    rig.fake.give.requests.length = 0
  })
  afterEach(() => t.close())

  it('offers PayPal beside the card only when PAYPAL_* and PUBLIC_URL are set', async () => {
    t = await appWith()
    const page = await (await t.app.request('/donate/news')).text()
    // No Stripe here: PayPal alone, posted by the same form (formaction, no script).
    expect(page).toContain('formaction="/donate/news/paypal"')
    expect(page).not.toContain('Stripe')
    expect(await htmlProblems(page, 'donate page, PayPal alone')).toEqual([])
    await t.close()
    t = await makeTestApp({ env: { PUBLIC_URL: PUBLIC } })
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, checkout: { enabled: true } })
    const off = await t.app.request('/donate/news')
    expect(off.status).toBe(503)
    expect(await off.text()).not.toContain('/paypal')
    const posted = await form(t, { amount: '1500' })
    expect(posted.status).toBe(503)
    expect(posted.headers.get('content-type')).toMatch(/text\/html/)
  })

  it('gives 15 $ once: order with custom_id, approve, capture on return, thanks, counted once', async () => {
    t = await appWith()
    const res = await form(t, { amount: '1500', interval: 'once' })
    expect(res.status).toBe(303)
    const to = res.headers.get('location') ?? ''
    expect(to).toMatch(new RegExp(`^${rig.fake.url}/checkoutnow\\?token=`))
    const [created] = rig.fake.give.requests
    expect(created).toMatchObject({
      method: 'POST',
      path: '/v2/checkout/orders',
      body: {
        intent: 'CAPTURE',
        purchase_units: [{ custom_id: 'news', amount: { currency_code: 'USD', value: '15.00' } }],
        payment_source: {
          paypal: {
            experience_context: {
              return_url: `${PUBLIC}/donate/news/paypal/return`,
              cancel_url: `${PUBLIC}/donate/news`,
            },
          },
        },
      },
    })
    const back = await rig.fake.approve(to)
    expect(back).toMatch(/\/donate\/news\/paypal\/return\?token=[A-Z0-9]+&PayerID=/)
    const thanks = await t.app.request(local(back))
    const html = await thanks.text()
    expect(thanks.status, html).toBe(200)
    expect(html).toContain('You gave $15 to The Daily News.')
    expect(html).toContain('as soon as PayPal confirms it')
    const capture = rig.fake.give.requests.find((r) => r.path.endsWith('/capture'))
    expect(capture?.requestId).toMatch(/^supportbar-capture-/)
    expect(rig.fake.sent.at(-1)).toMatchObject({
      event: { event_type: 'PAYMENT.CAPTURE.COMPLETED' },
      status: 200,
    })
    // The reader reloads the page: the same capture (PayPal-Request-Id), counted once.
    expect((await t.app.request(local(back))).status).toBe(200)
    const p = await progress(t, 'news')
    expect(p).toMatchObject({ pledged: 1500, donations: 1 })
    expect(p.bySource.paypal).toEqual({ pledged: 1500, donations: 1, verified: true })
    await expectTotalsMatchLedger(t.store)
  })

  it('gives 10 $ monthly: a product and a plan made once and reused, the subscription counted', async () => {
    t = await appWith()
    const res = await form(t, { amount: '1000', interval: 'month' })
    expect(res.status).toBe(303)
    const paths = rig.fake.give.requests.map((r) => r.path)
    expect(paths).toEqual([
      '/v1/catalogs/products',
      '/v1/billing/plans',
      '/v1/billing/subscriptions',
    ])
    const [, plan, sub] = rig.fake.give.requests
    expect(plan?.body).toMatchObject({
      billing_cycles: [
        {
          frequency: { interval_unit: 'MONTH', interval_count: 1 },
          tenure_type: 'REGULAR',
          pricing_scheme: { fixed_price: { currency_code: 'USD', value: '10.00' } },
        },
      ],
    })
    expect(sub?.body).toMatchObject({
      custom_id: 'news',
      application_context: { return_url: `${PUBLIC}/donate/news/paypal/subscribed` },
    })
    const back = await rig.fake.approve(res.headers.get('location') ?? '')
    expect(back).toMatch(/\/donate\/news\/paypal\/subscribed\?subscription_id=I-/)
    const thanks = await t.app.request(local(back))
    expect(thanks.status).toBe(200)
    expect(await thanks.text()).toContain('You give $10 a month to The Daily News.')
    expect(rig.fake.sent.slice(-2).map((s) => [s.event.event_type, s.status])).toEqual([
      ['BILLING.SUBSCRIPTION.ACTIVATED', 200],
      ['PAYMENT.SALE.COMPLETED', 200],
    ])
    const p = await progress(t, 'news')
    expect(p).toMatchObject({ pledged: 1000, donations: 1 })
    expect(p.recurring).toEqual({ supporters: 1, monthly: 1000 })
    // The same amount again: the kept plan; another amount: a new plan, the same product.
    rig.fake.give.requests.length = 0
    expect((await form(t, { amount: '1000', interval: 'month' })).status).toBe(303)
    expect((await form(t, { amount: '2500', interval: 'month' })).status).toBe(303)
    expect(rig.fake.give.requests.map((r) => r.path)).toEqual([
      '/v1/billing/subscriptions',
      '/v1/billing/plans',
      '/v1/billing/subscriptions',
    ])
    const plans = await t.store.db.selectFrom('paypal_plans').selectAll().execute()
    expect(plans.map((r) => [r.amount, r.every]).sort()).toEqual([
      [1000, 'month'],
      [2500, 'month'],
    ])
    await expectTotalsMatchLedger(t.store)
  })

  it('counts a monthly gift to its campaign when the sale comes before the activation, and twice', async () => {
    t = await appWith()
    const radio = { ...newsCampaign, slug: 'radio', name: 'Radio', checkout: { enabled: true } }
    expect((await t.call('POST', '/api/admin/campaigns', radio)).status).toBe(201)
    rig.fake.give.scramble = true
    try {
      const res = await form(t, { amount: '1500', interval: 'month' }, '/donate/radio/paypal')
      const back = await rig.fake.approve(res.headers.get('location') ?? '')
      expect((await t.app.request(local(back))).status).toBe(200)
    } finally {
      rig.fake.give.scramble = false
    }
    expect(rig.fake.sent.slice(-4).map((s) => [s.event.event_type, s.status])).toEqual([
      ['PAYMENT.SALE.COMPLETED', 200],
      ['BILLING.SUBSCRIPTION.ACTIVATED', 200],
      ['PAYMENT.SALE.COMPLETED', 200],
      ['BILLING.SUBSCRIPTION.ACTIVATED', 200],
    ])
    // The sale names no campaign; its subscription's custom_id does, even arriving after it.
    const p = await progress(t, 'radio')
    expect(p).toMatchObject({ pledged: 1500, donations: 1 })
    expect(p.recurring).toEqual({ supporters: 1, monthly: 1500 })
    expect(await progress(t, 'news')).toMatchObject({ pledged: 0, donations: 0 })
    await expectTotalsMatchLedger(t.store)
  })

  it('answers bad input 400, too many 429, PayPal failing 502, each a page that changed nothing', async () => {
    t = await appWith({ CHECKOUT_RATE_LIMIT: '1' })
    const before = await snapshot(t.store)
    for (const fields of <Record<string, string>[]>[
      { amount: 'abc' },
      { amount: '10' },
      { amount: '1500', interval: 'year' },
      { amount: '1500', interval: 'weekly' },
    ]) {
      const res = await form(t, fields)
      expect(res.status, JSON.stringify(fields)).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
    }
    expect(rig.fake.give.requests).toEqual([])
    rig.fake.give.fail = 500
    const failed = await form(t, { amount: '1000', interval: 'month' })
    expect(failed.status).toBe(502)
    expect(await failed.text()).toContain('Nothing was charged')
    expect(await snapshot(t.store)).toEqual(before)
    expect(await t.store.db.selectFrom('paypal_plans').selectAll().execute()).toEqual([])
    rig.fake.give.fail = null
    const limited = await form(t, { amount: '1500' })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('starts gifts for scripts: JSON in the one error shape, the same Idempotency-Key the same order', async () => {
    t = await appWith()
    const api = (body: unknown, key?: string) =>
      t.app.request('/api/campaigns/news/paypal', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Forwarded-For': '203.0.113.10',
          ...(key ? { 'Idempotency-Key': key } : {}),
        },
        body: JSON.stringify(body),
      })
    const first = await api({ amount: 1500, interval: 'once' }, 'gift-1')
    expect(first.status).toBe(200)
    const started = (await first.json()) as { id: string; url: string }
    expect(started.url).toBe(`${rig.fake.url}/checkoutnow?token=${started.id}`)
    const again = (await (await api({ amount: 1500, interval: 'once' }, 'gift-1')).json()) as {
      id: string
    }
    expect(again.id).toBe(started.id)
    expect(rig.fake.give.orders.size).toBeGreaterThan(0)
    expect(rig.fake.give.requests.filter((r) => r.path === '/v2/checkout/orders')).toEqual([
      expect.objectContaining({ requestId: 'supportbar-order-gift-1' }),
    ])
    await expectError(await api({ amount: 2500 }, 'gift-1'), 409, 'idempotency_conflict')
    await expectError(await api({ amount: 12.5 }), 400, 'invalid_amount')
    await expectError(await api({ amount: 1500, interval: 'year' }), 400, 'yearly_not_allowed')
    await expectError(await api({ amount: 1500, extra: 1 }), 400, 'invalid_body')
    rig.fake.give.fail = 503
    await expectError(await api({ amount: 1500, interval: 'month' }), 502, 'payment_provider_error')
    rig.fake.give.fail = null
    const monthly = (await (await api({ amount: 1500, interval: 'month' })).json()) as {
      id: string
      url: string
    }
    expect(monthly.id).toMatch(/^I-/)
    expect(monthly.url).toMatch(/\/webapps\/billing\/subscriptions\?ba_token=BA-/)
    const off = await makeTestApp({ env: { PUBLIC_URL: PUBLIC } })
    await off.call('POST', '/api/admin/campaigns', { ...newsCampaign, checkout: { enabled: true } })
    const res = await off.app.request('/api/campaigns/news/paypal', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ amount: 1500 }),
    })
    await expectError(res, 503, 'checkout_disabled')
    await off.close()
  })

  it('returns a cancelled reader to the donate page, and refuses return links that are not ours', async () => {
    t = await appWith()
    const res = await form(t, { amount: '2000' })
    const back = await rig.fake.approve(res.headers.get('location') ?? '', 'cancel')
    expect(back).toMatch(new RegExp(`^${PUBLIC}/donate/news\\?token=`))
    expect((await t.app.request(local(back))).status).toBe(200)
    // Never approved: the capture is refused, the order is not paid.
    const orderId = new URL(back).searchParams.get('token')
    expect((await t.app.request(`/donate/news/paypal/return?token=${orderId}`)).status).toBe(400)
    expect((await t.app.request('/donate/news/paypal/return?token=NOSUCHORDER1')).status).toBe(404)
    expect((await t.app.request('/donate/news/paypal/return?token=%3Cx%3E')).status).toBe(400)
    expect(
      (await t.app.request('/donate/news/paypal/subscribed?subscription_id=I-NONE')).status,
    ).toBe(404)
    expect((await progress(t, 'news')).donations).toBe(0)
  })
})
