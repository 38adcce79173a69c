import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { withFeeCovered } from '../src/domain/checkout.js'
import { stripeClient } from '../src/stripe/client.js'
import { startFakeStripe } from './support/fake-stripe.js'
import {
  ADMIN_TOKEN,
  expectError,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'

describe('fee cover: (amount + fixed) / (1 − rate), rounded up', () => {
  it('matches the worked example and never leaves the campaign short', () => {
    // $100.00 at 2.9% + 30¢: 10 030 / 0.971 = 10 329.56 -> $103.30.
    expect(withFeeCovered(10000, { rateBps: 290, fixed: 30 })).toBe(10330)
    expect(withFeeCovered(1000, { rateBps: 0, fixed: 0 })).toBe(1000)
    const short: string[] = []
    for (const fc of [
      { rateBps: 290, fixed: 30 },
      { rateBps: 150, fixed: 25 },
      { rateBps: 140, fixed: 25 },
    ]) {
      for (let amount = 50; amount <= 200_000; amount += 7) {
        const total = withFeeCovered(amount, fc)
        // Stripe's fee on the total, rounded half up: what the campaign keeps, 0 or 1 over.
        const net = total - Math.round((total * fc.rateBps) / 10_000) - fc.fixed
        // And the smallest such total: one minor unit less would not cover the fee.
        const less = (total - 1) * (10_000 - fc.rateBps) < (amount + fc.fixed) * 10_000
        if (net < amount || net > amount + 1 || !less) short.push(`${amount}@${fc.rateBps}`)
      }
    }
    expect(short).toEqual([])
  })
})

describe('donate page: yearly gifts, the default interval and the fee cover', () => {
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let t: TestApp
  beforeAll(async () => {
    fake = await startFakeStripe()
    const env = {
      STRIPE_SECRET_KEY: 'sk_test_options',
      STRIPE_API_URL: fake.url,
      PUBLIC_URL: 'https://bar.example',
    }
    const stripe = stripeClient(parseConfig({ ADMIN_TOKEN, ...env }))
    t = await makeTestApp({ env, deps: stripe ? { stripe } : {} })
    const checkout = {
      enabled: true,
      allowYearly: true,
      defaultInterval: 'year',
      feeCover: { enabled: true, rateBps: 290, fixed: 30 },
    }
    for (const c of [newsCampaign, { ...newsCampaign, slug: 'ar', locale: 'ar' }]) {
      expect((await t.call('POST', '/api/admin/campaigns', { ...c, checkout })).status).toBe(201)
    }
  })
  afterAll(async () => {
    await fake.close()
    await t.close()
  })

  it('refuses a default interval the campaign does not allow, and changes nothing', async () => {
    const before = await (await t.call('GET', '/api/admin/campaigns/news')).json()
    const res = await t.call('PATCH', '/api/admin/campaigns/news', {
      checkout: { allowYearly: false, defaultInterval: 'year' },
    })
    await expectError(res, 422, 'invalid_body')
    const bad = await t.call('PATCH', '/api/admin/campaigns/news', {
      checkout: { feeCover: { enabled: true, rateBps: 5000, fixed: 0 } },
    })
    await expectError(bad, 422, 'invalid_body')
    expect(await (await t.call('GET', '/api/admin/campaigns/news')).json()).toEqual(before)
  })

  it('shows once, monthly and yearly with yearly chosen, and each preset with the fee covered', async () => {
    const html = await (await t.app.request('/donate/news')).text()
    expect(html).toMatch(/<input type="radio" name="interval" value="year" checked=""\/>Yearly/)
    expect(html).toContain('value="once"')
    expect(html).toContain('value="month"')
    // $10.00 + 30¢ at 2.9%: 1 030 / 0.971 = 1 060.76 -> $10.61.
    expect(html).toContain('$10.61 with the fee')
    expect(html).toContain('Cover the payment fee (about 2.9% + $0.30)')
    const ar = await (await t.app.request('/donate/ar')).text()
    expect(ar).toContain('dir="rtl"')
    expect(ar).toContain('سنويًا')
    expect(ar).toContain('تغطية رسوم الدفع')
  })

  it('a yearly gift with the fee covered: Checkout charges the total every year, the session says both parts', async () => {
    const res = await t.app.request('/donate/news', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ amount: '1000', interval: 'year', cover: '1' }).toString(),
    })
    expect(res.status).toBe(303)
    expect(fake.checkout.calls.at(-1)?.params).toMatchObject({
      mode: 'subscription',
      'line_items[0][price_data][unit_amount]': '1061',
      'line_items[0][price_data][recurring][interval]': 'year',
      'line_items[0][price_data][product_data][name]': 'Yearly gift to The Daily News',
      'subscription_data[metadata][campaign]': 'news',
      'metadata[interval]': 'year',
      'metadata[gift]': '1000',
      'metadata[cover]': '61',
    })
  })

  it('the JSON checkout takes coverFee; without it the amount is charged as it is', async () => {
    const give = (body: object) =>
      t.app.request('/api/campaigns/news/checkout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await give({ amount: 2500, coverFee: true })).status).toBe(200)
    expect(fake.checkout.calls.at(-1)?.params).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][unit_amount]': '2606',
      'metadata[cover]': '106',
    })
    expect((await give({ amount: 2500 })).status).toBe(200)
    expect(fake.checkout.calls.at(-1)?.params).toMatchObject({
      'line_items[0][price_data][unit_amount]': '2500',
      'metadata[cover]': '0',
    })
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> }
    }
    expect(Object.keys(doc.components.schemas.CheckoutRequest?.properties ?? {})).toContain(
      'coverFee',
    )
    expect(Object.keys(doc.components.schemas.CheckoutSettings?.properties ?? {})).toEqual(
      expect.arrayContaining(['allowYearly', 'defaultInterval', 'feeCover']),
    )
  })
})

describe('donate page content: appeal, impact lines, privacy and contact links', () => {
  let t: TestApp
  beforeAll(async () => {
    // A key and a public URL draw the form; the page itself never calls Stripe.
    const env = { STRIPE_SECRET_KEY: 'sk_test_page', PUBLIC_URL: 'https://bar.example' }
    const stripe = stripeClient(parseConfig({ ADMIN_TOKEN, ...env }))
    t = await makeTestApp({ env, deps: stripe ? { stripe } : {} })
    const res = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      checkout: { enabled: true },
      page: {
        appeal:
          'We are **reader-funded**. *Every* gift counts.\n\n- court reporting\n- [our method](https://example.org/method)\n\n<script>alert(1)</script> [bad](javascript:alert(1)) # not a heading',
        impact: { '2500': 'pays for a day of court reporting' },
        privacyUrl: 'https://example.org/privacy',
      },
    })
    expect(res.status).toBe(201)
  })
  afterAll(() => t.close())

  it('renders the Markdown subset, escapes everything else, and shows the lines and links', async () => {
    const html = await (await t.app.request('/donate/news')).text()
    expect(html).toContain(
      '<p>We are <strong>reader-funded</strong>. <em>Every</em> gift counts.</p>',
    )
    expect(html).toContain('<li>court reporting</li>')
    expect(html).toContain(
      '<a href="https://example.org/method" rel="nofollow noopener">our method</a>',
    )
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('href="javascript:')
    expect(html).not.toContain('<h1># not')
    expect(html).toContain('pays for a day of court reporting')
    expect(html).toContain('<a href="https://example.org/privacy">Privacy</a>')
    expect(html).not.toContain('>Contact<')
  })

  it('takes changes field by field (null clears), refuses bad ones in words, and documents them', async () => {
    const ok = await t.call('PATCH', '/api/admin/campaigns/news', {
      page: { privacyUrl: null, contactUrl: 'https://example.org/contact' },
    })
    expect(ok.status).toBe(200)
    const page = ((await ok.json()) as { page: Record<string, unknown> }).page
    expect(Object.keys(page).sort()).toEqual(['appeal', 'contactUrl', 'impact'])
    for (const bad of [
      { contactUrl: 'javascript:alert(1)' },
      { appeal: 'x'.repeat(2001) },
      { impact: { 'a lot': 'x' } },
      { logo: 'x' },
    ]) {
      const res = await t.call('PATCH', '/api/admin/campaigns/news', { page: bad })
      await expectError(res, 422, 'invalid_body')
    }
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> }
    }
    expect(Object.keys(doc.components.schemas.PageContentPatch?.properties ?? {})).toEqual([
      'appeal',
      'impact',
      'privacyUrl',
      'contactUrl',
    ])
  })
})
