import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { stripeClient } from '../src/stripe/client.js'
import { startFakeStripe } from './support/fake-stripe.js'
import {
  ADMIN_TOKEN,
  expectError,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'

const PUBLIC = 'https://bar.example'

type Fake = Awaited<ReturnType<typeof startFakeStripe>>

async function appWith(fake: Fake, env: Record<string, string> = {}): Promise<TestApp> {
  const all = {
    STRIPE_SECRET_KEY: 'sk_test_donate',
    STRIPE_API_URL: fake.url,
    PUBLIC_URL: PUBLIC,
    CLIENT_IP_HEADER: 'X-Forwarded-For',
    CHECKOUT_TIMEOUT_MS: '300',
    ...env,
  }
  const config = parseConfig({ ADMIN_TOKEN, ...all })
  const stripe = stripeClient(config)
  return makeTestApp({ env: all, deps: stripe ? { stripe } : {} })
}

const give = (t: TestApp, body: unknown, headers: Record<string, string> = {}, slug = 'news') =>
  t.app.request(`/api/campaigns/${slug}/checkout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.7', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const form = (t: TestApp, fields: Record<string, string>, path = '/donate/news') =>
  t.app.request(path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Forwarded-For': '203.0.113.8',
    },
    body: new URLSearchParams(fields).toString(),
  })

/** The donor wall's Checkout custom fields, in English (src/stripe/wall-fields.ts). */
const WALL_FIELDS = {
  'custom_fields[0][key]': 'wallname',
  'custom_fields[0][type]': 'text',
  'custom_fields[0][optional]': 'true',
  'custom_fields[0][label][type]': 'custom',
  'custom_fields[0][label][custom]': 'Name on our supporters wall (optional)',
  'custom_fields[0][text][maximum_length]': '40',
  'custom_fields[1][key]': 'wallconsent',
  'custom_fields[1][type]': 'dropdown',
  'custom_fields[1][optional]': 'false',
  'custom_fields[1][label][type]': 'custom',
  'custom_fields[1][label][custom]': 'Show this name publicly?',
  'custom_fields[1][dropdown][default_value]': 'no',
  'custom_fields[1][dropdown][options][0][label]': 'No',
  'custom_fields[1][dropdown][options][0][value]': 'no',
  'custom_fields[1][dropdown][options][1][label]': 'Yes, show it',
  'custom_fields[1][dropdown][options][1][value]': 'yes',
}

describe('checkout: donate page and API', () => {
  let fake: Fake
  let t: TestApp
  beforeAll(async () => {
    fake = await startFakeStripe()
  })
  afterAll(async () => {
    await fake.close()
  })
  beforeEach(async () => {
    fake.checkout.calls.length = 0
    fake.checkout.mode = 'ok'
    t = await appWith(fake)
    const res = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      checkout: { enabled: true },
    })
    expect(res.status).toBe(201)
    return () => t.close()
  })

  it('gives campaigns checkout settings that suit the currency', async () => {
    const news = (await (await t.call('GET', '/api/admin/campaigns/news')).json()) as {
      checkout: unknown
    }
    expect(news.checkout).toEqual({
      enabled: true,
      presets: [500, 1000, 2500, 5000],
      presetsByInterval: {},
      min: 50,
      max: 99999999,
      allowMonthly: true,
      allowYearly: false,
      defaultInterval: 'once',
      feeCover: { enabled: false, rateBps: 0, fixed: 0 },
    })
    const yen = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      slug: 'yen',
      currency: 'JPY',
    })
    expect(((await yen.json()) as { checkout: unknown }).checkout).toEqual({
      enabled: false,
      presets: [50, 100, 250, 500],
      presetsByInterval: {},
      min: 50,
      max: 99999999,
      allowMonthly: true,
      allowYearly: false,
      defaultInterval: 'once',
      feeCover: { enabled: false, rateBps: 0, fixed: 0 },
    })
    // Under Stripe's minimum charge, over its maximum, presets outside: refused, nothing changed.
    for (const checkout of [
      { min: 49 },
      { max: 100000000 },
      { presets: [10, 20] },
      { min: 900, max: 800 },
    ]) {
      const res = await t.call('PATCH', '/api/admin/campaigns/news', { checkout })
      await expectError(res, 422, 'invalid_body')
    }
    const patched = await t.call('PATCH', '/api/admin/campaigns/news', {
      checkout: { min: 1000, allowMonthly: false },
    })
    expect(((await patched.json()) as { checkout: unknown }).checkout).toEqual({
      enabled: true,
      presets: [1000, 2500, 5000],
      presetsByInterval: {},
      min: 1000,
      max: 99999999,
      allowMonthly: false,
      allowYearly: false,
      defaultInterval: 'once',
      feeCover: { enabled: false, rateBps: 0, fixed: 0 },
    })
  })

  it('creates a one-off session with exactly the parameters Stripe needs', async () => {
    const res = await give(t, { amount: 2500, interval: 'once' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { id: string; url: string }
    expect(body.id).toMatch(/^cs_test_/)
    expect(body.url).toBe(`${fake.url}/pay/${body.id}`)
    expect(fake.checkout.calls).toHaveLength(1)
    expect(fake.checkout.calls[0]?.params).toEqual({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '2500',
      'line_items[0][price_data][product_data][name]': 'Gift to The Daily News',
      'payment_intent_data[metadata][campaign]': 'news',
      'metadata[campaign]': 'news',
      'metadata[interval]': 'once',
      'metadata[gift]': '2500',
      'metadata[cover]': '0',
      submit_type: 'donate',
      success_url: `${PUBLIC}/donate/news/thanks?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${PUBLIC}/donate/news`,
      locale: 'en',
      ...WALL_FIELDS,
    })
  })

  it('creates a monthly session as a subscription with the campaign on it', async () => {
    const res = await give(t, { amount: 1500, interval: 'month' })
    expect(res.status).toBe(200)
    expect(fake.checkout.calls[0]?.params).toEqual({
      mode: 'subscription',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '1500',
      'line_items[0][price_data][recurring][interval]': 'month',
      'line_items[0][price_data][product_data][name]': 'Monthly gift to The Daily News',
      'subscription_data[metadata][campaign]': 'news',
      'metadata[campaign]': 'news',
      'metadata[interval]': 'month',
      'metadata[gift]': '1500',
      'metadata[cover]': '0',
      submit_type: 'donate',
      success_url: `${PUBLIC}/donate/news/thanks?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${PUBLIC}/donate/news`,
      locale: 'en',
      ...WALL_FIELDS,
    })
  })

  it('answers the same session for the same Idempotency-Key, and 409 for another gift', async () => {
    const a = await give(t, { amount: 2500, interval: 'once' }, { 'Idempotency-Key': 'k-1' })
    const b = await give(t, { amount: 2500, interval: 'once' }, { 'Idempotency-Key': 'k-1' })
    expect(a.status).toBe(200)
    expect(await b.json()).toEqual(await a.json())
    expect(fake.checkout.calls.map((c) => c.idempotencyKey)).toEqual(['supportbar-checkout-k-1'])
    const c = await give(t, { amount: 5000, interval: 'once' }, { 'Idempotency-Key': 'k-1' })
    await expectError(c, 409, 'idempotency_conflict')
    const bad = await give(t, { amount: 2500 }, { 'Idempotency-Key': 'ä' })
    await expectError(bad, 400, 'invalid_parameter')
    expect(fake.checkout.calls).toHaveLength(1)
  })

  it('keeps bad input from Stripe', async () => {
    const cases: [unknown, number, string][] = [
      [{ amount: 12.5 }, 400, 'invalid_amount'],
      [{ amount: 49 }, 400, 'invalid_amount'],
      [{ amount: 100000000 }, 400, 'invalid_amount'],
      [{ amount: '2500' }, 400, 'invalid_body'],
      [{ amount: 2500, interval: 'year' }, 400, 'yearly_not_allowed'],
      [{ amount: 2500, interval: 'week' }, 400, 'invalid_body'],
      [{ amount: 2500, extra: 1 }, 400, 'invalid_body'],
      ['{"amount":', 400, 'malformed_json'],
    ]
    for (const [body, status, code] of cases) await expectError(await give(t, body), status, code)
    await expectError(await give(t, { amount: 2500 }, {}, 'nope'), 404, 'not_found')
    await t.call('PATCH', '/api/admin/campaigns/news', { checkout: { allowMonthly: false } })
    await expectError(
      await give(t, { amount: 2500, interval: 'month' }),
      400,
      'monthly_not_allowed',
    )
    await t.call('PATCH', '/api/admin/campaigns/news', { checkout: { enabled: false } })
    await expectError(await give(t, { amount: 2500 }), 409, 'checkout_not_enabled')
    await t.call('PATCH', '/api/admin/campaigns/news', { archived: true })
    await expectError(await give(t, { amount: 2500 }), 409, 'archived')
    expect(fake.checkout.calls).toHaveLength(0)
  })

  it('limits sessions per client and says when to retry', async () => {
    const limited = await appWith(fake, { CHECKOUT_RATE_LIMIT: '2' })
    try {
      await limited.call('POST', '/api/admin/campaigns', {
        ...newsCampaign,
        checkout: { enabled: true },
      })
      expect((await give(limited, { amount: 2500 })).status).toBe(200)
      expect((await give(limited, { amount: 2500 })).status).toBe(200)
      const third = await give(limited, { amount: 2500 })
      expect(third.headers.get('Retry-After')).toMatch(/^[1-9]\d*$/)
      await expectError(third, 429, 'rate_limited')
      const other = await give(limited, { amount: 2500 }, { 'X-Forwarded-For': '198.51.100.1' })
      expect(other.status).toBe(200)
      expect(fake.checkout.calls).toHaveLength(3)
    } finally {
      await limited.close()
    }
  })

  it('answers 502 when Stripe fails or times out, and stores nothing', async () => {
    for (const mode of ['error', 'hang'] as const) {
      fake.checkout.mode = mode
      const res = await give(t, { amount: 2500 }, { 'Idempotency-Key': `fail-${mode}` })
      await expectError(res, 502, 'payment_provider_error')
    }
    expect(await t.store.db.selectFrom('checkout_requests').selectAll().execute()).toEqual([])
    fake.checkout.mode = 'ok'
    expect((await give(t, { amount: 2500 }, { 'Idempotency-Key': 'fail-error' })).status).toBe(200)
  })

  it('is off without STRIPE_SECRET_KEY: 503 checkout_disabled, and the page says why', async () => {
    const off = await makeTestApp({ env: { PUBLIC_URL: PUBLIC } })
    try {
      await off.call('POST', '/api/admin/campaigns', {
        ...newsCampaign,
        checkout: { enabled: true },
      })
      await expectError(await give(off, { amount: 2500 }), 503, 'checkout_disabled')
      const page = await off.app.request('/donate/news')
      expect(page.status).toBe(503)
      const html = await page.text()
      expect(html).toContain('Online giving is not set up on this site yet.')
      expect(html).toContain('STRIPE_SECRET_KEY')
      expect(html).not.toContain('<form')
      // The bar keeps the campaign's own donate link.
      const p = (await (await off.app.request('/api/campaigns/news/progress')).json()) as {
        donateUrl: string
      }
      expect(p.donateUrl).toBe(newsCampaign.donateUrl)
    } finally {
      await off.close()
    }
  })

  it('serves a no-JavaScript donate page whose form goes to Checkout with a 303', async () => {
    const res = await t.app.request('/donate/news?locale=fr-FR&theme=dark')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).toMatch(/^<!doctype html><html lang="fr-FR" dir="ltr">/)
    expect(html).not.toContain('<script')
    expect(html).toContain('<form method="post" action="/donate/news?locale=fr-FR&amp;theme=dark">')
    for (const p of [500, 1000, 2500, 5000]) expect(html).toContain(`value="${p}"`)
    expect(html).toContain('value="month"')
    expect(html).toContain('Soutenir The Daily News')
    expect(html).toContain(
      `<meta property="og:image" content="${PUBLIC}/embed/news.png?locale=fr-FR&amp;theme=dark"/>`,
    )
    expect(html).toContain('class="sb-track"')

    const sent = await form(t, { amount: '1000', interval: 'month' })
    expect(sent.status).toBe(303)
    const session = [...fake.checkout.sessions.values()].at(-1)
    expect(sent.headers.get('location')).toBe(session?.url)
    expect(fake.checkout.calls[0]?.params.mode).toBe('subscription')
    expect(fake.checkout.calls[0]?.params['line_items[0][price_data][unit_amount]']).toBe('1000')

    const other = await form(t, { amount: 'other', custom: '12.34', interval: 'once' })
    expect(other.status).toBe(303)
    expect(fake.checkout.calls[1]?.params['line_items[0][price_data][unit_amount]']).toBe('1234')
  })

  it('re-renders the page with the error for bad form input, never JSON', async () => {
    const bad: Record<string, string>[] = [
      { amount: 'other', custom: 'lots' },
      { amount: 'other', custom: '0.10' },
      { amount: '12.5' },
      { amount: '1000', interval: 'weekly' },
    ]
    for (const fields of bad) {
      const res = await form(t, fields)
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      const html = await res.text()
      expect(html).toContain('role="alert"')
      expect(html).toContain('Choose an amount between $0.50 and $999,999.99.')
    }
    const missing = await t.app.request('/donate/missing')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('No campaign &quot;missing&quot;')
    const badOption = await t.app.request('/donate/news?theme=neon')
    expect(badOption.status).toBe(400)
    expect(badOption.headers.get('content-type')).toMatch(/text\/html/)
    fake.checkout.mode = 'error'
    const failed = await form(t, { amount: '1000' })
    expect(failed.status).toBe(502)
    expect(await failed.text()).toContain('Nothing was charged')
    await t.call('PATCH', '/api/admin/campaigns/news', { archived: true })
    const ended = await t.app.request('/donate/news')
    expect(ended.status).toBe(409)
    expect(await ended.text()).toContain('This campaign has ended.')
    // Only the failed gift reached Stripe: one try and the client's one retry of a 500.
    expect(fake.checkout.calls).toHaveLength(2)
  })

  it('points the Support button at the donate page; the thank-you page needs a real session', async () => {
    const p = (await (await t.app.request('/api/campaigns/news/progress')).json()) as {
      donateUrl: string
    }
    expect(p.donateUrl).toBe(`${PUBLIC}/donate/news`)
    const embed = await (await t.app.request('/embed/news')).text()
    expect(embed).toContain(
      `href="${PUBLIC}/donate/news" target="_blank" rel="noopener noreferrer"`,
    )
    const svg = await (await t.app.request('/embed/news.svg')).text()
    expect(svg).toContain(`href="${PUBLIC}/donate/news" target="_blank" rel="noopener"`)

    // A session id Stripe does not know: a page saying so (test/thanks.test.ts has the rest).
    const thanks = await t.app.request('/donate/news/thanks?session_id=cs_test_forged&theme=light')
    expect(thanks.status).toBe(404)
    expect(thanks.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    const html = await thanks.text()
    expect(html).toContain('We could not find this gift.')
    expect(html).not.toContain('Thank you!')
    expect(html).not.toContain('cs_test_forged')
    expect(html).toContain('href="/donate/news?theme=light"')
  })
})
