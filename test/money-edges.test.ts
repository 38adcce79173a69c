import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  checkAmount,
  checkoutProblems,
  checkoutSettings,
  defaultCheckout,
  minimumCharge,
} from '../src/domain/checkout.js'
import { formatMoney, parseMajor, toMajorString } from '../src/domain/money.js'
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

describe('minor units at their edges (pure)', () => {
  it('writes the smallest amounts of every exponent exactly, with their sign', () => {
    expect(toMajorString(5, 'KWD')).toBe('0.005')
    expect(toMajorString(-5, 'KWD')).toBe('-0.005')
    expect(toMajorString(-1200, 'KWD')).toBe('-1.200')
    expect(toMajorString(1, 'USD')).toBe('0.01')
    expect(toMajorString(-1, 'JPY')).toBe('-1')
    expect(toMajorString(0, 'JPY')).toBe('0')
    expect(() => toMajorString(Number.MAX_SAFE_INTEGER + 1, 'USD')).toThrow(RangeError)
  })

  it('reads amounts people type exactly, and nothing around them', () => {
    expect(parseMajor(' 12.34 ', 'USD')).toBe(1234)
    expect(parseMajor('-12.34', 'USD')).toBe(-1234)
    expect(parseMajor('1.2', 'KWD')).toBe(1200)
    expect(parseMajor('1.200', 'KWD')).toBe(1200)
    expect(parseMajor('0.005', 'KWD')).toBe(5)
    expect(parseMajor('5000', 'JPY')).toBe(5000)
    for (const bad of ['x12.34', '12.34x', '12.', '.5', '1,000', '', '+5', '1.234', '1e3']) {
      expect(parseMajor(bad, 'USD'), bad).toBeUndefined()
    }
    expect(parseMajor('90071992547409.92', 'USD')).toBeUndefined()
    expect(parseMajor('90071992547409.91', 'USD')).toBe(9007199254740991)
  })

  it('puts the symbol where asked, in any locale, keeping the decimals of the currency', () => {
    expect(formatMoney(250000, 'USD', { locale: 'de-DE' })).toBe('2.500\u00a0$')
    expect(formatMoney(250000, 'USD', { locale: 'de-DE', display: 'before' })).toBe('$2.500')
    expect(formatMoney(250050, 'USD', { locale: 'de-DE', display: 'after' })).toBe('2.500,50 $')
    expect(formatMoney(-136050, 'USD', { locale: 'en-US', display: 'after' })).toBe('-1,360.50 $')
    expect(formatMoney(12000, 'KWD', { locale: 'en-US' })).toBe('KWD\u00a012')
    expect(formatMoney(12001, 'KWD', { locale: 'en-US', display: 'before' })).toBe('KWD12.001')
    expect(formatMoney(5000, 'JPY', { locale: 'en-US' })).toBe('¥5,000')
    expect(formatMoney(5, 'USD', { locale: 'en-US' })).toBe('$0.05')
  })

  it("sets each currency's checkout floor and presets from Stripe's minimum", () => {
    expect(minimumCharge('usd')).toBe(50)
    expect(minimumCharge('HUF')).toBe(17500)
    // Not in Stripe's list: one major unit.
    expect(minimumCharge('KWD')).toBe(1000)
    expect(minimumCharge('ISK')).toBe(100)
    expect(minimumCharge('XOF')).toBe(1)
    expect(defaultCheckout('USD').presets).toEqual([500, 1000, 2500, 5000])
    expect(defaultCheckout('JPY').presets).toEqual([50, 100, 250, 500])
    expect(defaultCheckout('HUF')).toMatchObject({
      presets: [50_000, 100_000, 250_000, 500_000],
      min: 17500,
      max: 99_999_999,
    })
    expect(defaultCheckout('KWD').presets).toEqual([5000, 10000, 25000, 50000])
  })

  it('checks a gift against the limits, refusing what is not a whole number of minor units', () => {
    const s = { ...defaultCheckout('USD'), min: 100, max: 200, allowMonthly: false }
    expect(checkAmount(s, 100, 'once')).toBeNull()
    expect(checkAmount(s, 200, 'once')).toBeNull()
    expect(checkAmount(s, 99, 'once')).toEqual({ code: 'invalid_amount', reason: 'under_min' })
    expect(checkAmount(s, 201, 'once')).toEqual({ code: 'invalid_amount', reason: 'over_max' })
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 150.5, 2 ** 53]) {
      expect(checkAmount(s, bad, 'once')).toEqual({ code: 'invalid_amount', reason: 'not_integer' })
    }
    expect(checkAmount(s, 150, 'month')).toEqual({ code: 'monthly_not_allowed' })
    expect(checkAmount({ ...s, allowMonthly: true }, 150, 'month')).toBeNull()
    // An amount outside the limits is named as such even where monthly gifts are off.
    expect(checkAmount(s, 99, 'month')).toEqual({ code: 'invalid_amount', reason: 'under_min' })
  })

  it('names every problem of checkout settings, at each edge', () => {
    const ok = defaultCheckout('USD')
    expect(checkoutProblems(ok, 'USD')).toEqual([])
    expect(checkoutProblems({ ...ok, min: 50, max: 50, presets: [50] }, 'USD')).toEqual([])
    expect(checkoutProblems({ ...ok, min: 49, presets: [] }, 'USD')).toEqual([
      "min must be at least 50 (Stripe's minimum charge)",
    ])
    expect(checkoutProblems({ ...ok, max: 100_000_000 }, 'USD')).toEqual([
      'max must be at most 99999999',
    ])
    expect(checkoutProblems({ ...ok, min: 600, max: 599, presets: [] }, 'USD')).toEqual([
      'min must not be above max',
    ])
    expect(checkoutProblems({ ...ok, min: 500, max: 2500 }, 'USD')).toEqual([
      'presets must lie between min and max (5000)',
    ])
    expect(checkoutSettings('USD', null)).toEqual(ok)
    expect(checkoutSettings('USD', '{"min":1000}')).toEqual({ ...ok, min: 1000 })
  })
})
