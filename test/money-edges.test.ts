import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeStripe } from './support/fake-stripe.js'
import {
  expectError,
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import {
  charge,
  donation,
  event,
  paymentIntent,
  postEvent,
  refund,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

/** The edges where money or trust turns: one minor unit either side of each limit. */

type Fake = Awaited<ReturnType<typeof startFakeStripe>>

const progressOf = async (t: TestApp, slug: string, month: string) => {
  const res = await t.app.request(`/api/campaigns/${slug}/progress?month=${month}`)
  expect(res.status).toBe(200)
  return (await res.json()) as {
    pledged: number
    donations: number
    currency: string
    formatted: { pledged: string; goal: string }
  }
}

describe('checkout limits, at each edge and one minor unit beyond', () => {
  let fake: Fake
  let t: TestApp
  beforeAll(async () => {
    fake = await startFakeStripe()
  })
  afterAll(() => fake.close())
  beforeEach(async () => {
    fake.checkout.calls.length = 0
    fake.checkout.mode = 'ok'
    const env = {
      STRIPE_SECRET_KEY: 'sk_test_edges',
      STRIPE_API_URL: fake.url,
      PUBLIC_URL: 'https://bar.example',
      CLIENT_IP_HEADER: 'X-Forwarded-For',
      CHECKOUT_RATE_LIMIT: '100000',
    }
    t = await makeTestApp({ env, deps: { stripe: fake.stripe } })
    const res = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      checkout: { enabled: true },
    })
    expect(res.status).toBe(201)
    return () => t.close()
  })

  const give = (amount: number, interval = 'once', slug = 'news') =>
    t.app.request(`/api/campaigns/${slug}/checkout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.9' },
      body: JSON.stringify({ amount, interval }),
    })
  /** The unit amounts Stripe was asked to charge, in order. */
  const charged = () =>
    fake.checkout.calls.map((c) => c.params['line_items[0][price_data][unit_amount]'])

  it("takes exactly Stripe's minimum and maximum charge and refuses one minor unit beyond", async () => {
    expect((await give(50)).status).toBe(200)
    expect((await give(99_999_999)).status).toBe(200)
    await expectError(await give(49), 400, 'invalid_amount')
    await expectError(await give(100_000_000), 400, 'invalid_amount')
    await expectError(await give(0), 400, 'invalid_amount')
    await expectError(await give(-50), 400, 'invalid_amount')
    expect(charged()).toEqual(['50', '99999999'])
  })

  it("takes exactly a campaign's own min and max, monthly too, and refuses one minor unit beyond", async () => {
    const set = await t.call('PATCH', '/api/admin/campaigns/news', {
      checkout: { min: 1000, max: 20_000, presets: [1000, 20_000] },
    })
    expect(set.status).toBe(200)
    expect((await give(1000)).status).toBe(200)
    expect((await give(20_000)).status).toBe(200)
    expect((await give(20_000, 'month')).status).toBe(200)
    await expectError(await give(999), 400, 'invalid_amount')
    await expectError(await give(20_001), 400, 'invalid_amount')
    await expectError(await give(20_001, 'month'), 400, 'invalid_amount')
    expect(charged()).toEqual(['1000', '20000', '20000'])
    // The donate page says the same in its own format, a page, never JSON.
    const page = await t.app.request('/donate/news', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Forwarded-For': '203.0.113.10',
      },
      body: new URLSearchParams({ amount: 'other', custom: '200.01', interval: 'once' }).toString(),
    })
    expect(page.status).toBe(400)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(await page.text()).toContain('Choose an amount between $10 and $200.')
    expect(charged()).toHaveLength(3)
  })

  it("refuses a campaign max above Stripe's and a min under it, one minor unit beyond, changing nothing", async () => {
    for (const checkout of [{ max: 100_000_000 }, { min: 49 }, { min: 20_001, max: 20_000 }]) {
      await expectError(
        await t.call('PATCH', '/api/admin/campaigns/news', { checkout }),
        422,
        'invalid_body',
      )
    }
    for (const checkout of [
      { max: 99_999_999 },
      { min: 50, presets: [50] },
      { min: 2000, max: 2000, presets: [2000] },
    ]) {
      expect((await t.call('PATCH', '/api/admin/campaigns/news', { checkout })).status).toBe(200)
    }
    expect((await give(2000)).status).toBe(200)
    await expectError(await give(1999), 400, 'invalid_amount')
    await expectError(await give(2001), 400, 'invalid_amount')
  })

  it('takes a zero-decimal currency at its minimum in whole yen', async () => {
    const yen = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      slug: 'yen',
      currency: 'JPY',
      checkout: { enabled: true },
    })
    expect(yen.status).toBe(201)
    expect((await give(50, 'once', 'yen')).status).toBe(200)
    await expectError(await give(49, 'once', 'yen'), 400, 'invalid_amount')
    expect(fake.checkout.calls.map((c) => c.params['line_items[0][price_data][currency]'])).toEqual(
      ['jpy'],
    )
    expect(charged()).toEqual(['50'])
  })
})

describe('currencies with zero and three decimals, in the progress JSON and the SVG', () => {
  let t: TestApp
  const clock = fixedClock('2026-06-15T12:00:00Z')
  beforeEach(async () => {
    t = await makeTestApp({ deps: { clock } })
    return () => t.close()
  })

  const campaignWith = async (slug: string, currency: string, locale: string, amount: number) => {
    const res = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      slug,
      currency,
      locale,
      defaultGoal: 10 * amount,
    })
    expect(res.status).toBe(201)
    const adj = await t.call('POST', `/api/admin/campaigns/${slug}/adjustments`, {
      month: '2026-06',
      amount,
      reason: 'offline gifts',
    })
    expect(adj.status).toBe(201)
  }

  it('shows 1,200 fils as 1.200 KWD, never 12.00 or 1.2', async () => {
    await campaignWith('kwd', 'KWD', 'en-US', 1200)
    const p = await progressOf(t, 'kwd', '2026-06')
    expect(p.pledged).toBe(1200)
    expect(p.currency).toBe('KWD')
    expect(p.formatted.pledged).toBe('KWD\u00a01.200')
    // Whole goals drop their zeros, in every currency (as "$5,000" does).
    expect(p.formatted.goal).toBe('KWD\u00a012')
    const svg = await (await t.app.request('/embed/kwd.svg?month=2026-06')).text()
    expect(svg).toContain('KWD\u00a01.200')
    expect(svg).not.toContain('12.00<')
    const after = await progressOf(t, 'kwd', '2026-06&currencyDisplay=after')
    expect(after.formatted.pledged).toBe('1.200 KWD')
  })

  it('shows 5,000 yen as whole yen, never 50.00', async () => {
    await campaignWith('yen', 'JPY', 'ja-JP', 5000)
    const p = await progressOf(t, 'yen', '2026-06')
    expect(p.pledged).toBe(5000)
    expect(p.formatted.pledged).toBe('￥5,000')
    expect(p.formatted.goal).toBe('￥50,000')
    const svg = await (await t.app.request('/embed/yen.svg?month=2026-06')).text()
    expect(svg).toContain('￥5,000')
    expect(svg).not.toMatch(/50\.00|5,000\.0/)
    const en = await progressOf(t, 'yen', '2026-06&locale=en-US')
    expect(en.formatted.pledged).toBe('¥5,000')
  })
})

describe('refunds that turn on currency and month', () => {
  let fake: Fake
  let t: TestApp
  const clock = fixedClock('2026-07-10T12:00:00Z')
  beforeEach(async () => {
    fake = await startFakeStripe()
    t = await makeTestApp({ env: webhookEnv, deps: { clock, stripe: fake.stripe } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    return async () => {
      await expectTotalsMatchLedger(t.store)
      await t.close()
      await fake.close()
    }
  })

  const send = async (e: Stripe.Event) => {
    const res = await postEvent((p, i) => t.app.request(p, i), e)
    expect(res.status).toBe(200)
  }
  const balanceTransaction = (id: string, amount: number, currency: string) =>
    fake.data.objects.set(id, { id, object: 'balance_transaction', amount, currency, fee: 0 })

  it('converts a refund in another currency from its balance transaction and keeps its sign', async () => {
    const d = donation({
      amount: 900,
      created: unix('2026-06-20T10:00:00Z'),
      currency: 'eur',
      campaign: 'news',
    })
    fake.data.objects.set(d.ch, charge(d))
    balanceTransaction(`txn_${d.ch}`, 1000, 'usd')
    await send(event('payment_intent.succeeded', paymentIntent(d)))
    expect((await progressOf(t, 'news', '2026-06')).pledged).toBe(1000)

    // Stripe's balance transaction of a refund is negative; a positive one must not add money.
    const r1 = refund(d, 450, 'succeeded')
    balanceTransaction(`txn_${r1.id}`, -500, 'usd')
    await send(event('refund.created', r1))
    expect((await progressOf(t, 'news', '2026-06')).pledged).toBe(500)
    const r2 = refund(d, 90, 'succeeded')
    balanceTransaction(`txn_${r2.id}`, 100, 'usd')
    await send(event('refund.created', r2))
    await send(event('refund.created', r2))
    expect((await progressOf(t, 'news', '2026-06')).pledged).toBe(400)
  })

  it("counts a refund made in a later month against its payment's month, leaving the later month alone", async () => {
    // 23:30 on 30 June in New York is already 1 July in UTC: the payment is June's.
    const d = donation({ amount: 5000, created: unix('2026-07-01T03:30:00Z'), campaign: 'news' })
    await send(event('payment_intent.succeeded', paymentIntent(d)))
    const r = refund(d, 2000, 'succeeded', undefined, unix('2026-07-08T12:00:00Z'))
    await send(event('refund.created', r, unix('2026-07-08T12:00:00Z')))
    await send(event('refund.created', r, unix('2026-07-08T12:00:00Z')))
    const june = await progressOf(t, 'news', '2026-06')
    const july = await progressOf(t, 'news', '2026-07')
    expect(june.pledged).toBe(3000)
    expect(june.donations).toBe(1)
    expect(july.pledged).toBe(0)
    expect(july.donations).toBe(0)
  })
})
