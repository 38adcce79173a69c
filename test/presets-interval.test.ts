import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { stripeClient } from '../src/stripe/client.js'
import { startFakeStripe } from './support/fake-stripe.js'
import {
  ADMIN_TOKEN,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'
import { htmlProblems } from './support/html-check.js'

type Checkout = { presets: number[]; presetsByInterval: Record<string, number[]>; min: number }

/** Amounts per interval: the admin API's rules, and the donate page's groups and form fields. */
describe('presets per interval', () => {
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let t: TestApp
  const checkout = async () =>
    ((await (await t.call('GET', '/api/admin/campaigns/news')).json()) as { checkout: Checkout })
      .checkout
  const patch = (c: unknown) => t.call('PATCH', '/api/admin/campaigns/news', { checkout: c })

  beforeAll(async () => {
    fake = await startFakeStripe()
    const env = { STRIPE_SECRET_KEY: 'sk_test_presets', STRIPE_API_URL: fake.url }
    const stripe = stripeClient(parseConfig({ ADMIN_TOKEN, ...env }))
    t = await makeTestApp({
      env: { ...env, PUBLIC_URL: 'https://bar.example' },
      deps: stripe ? { stripe } : {},
    })
    const body = { ...newsCampaign, checkout: { enabled: true, allowYearly: true } }
    expect((await t.call('POST', '/api/admin/campaigns', body)).status).toBe(201)
  })
  afterAll(async () => {
    await t.close()
    await fake.close()
  })

  it('starts with none; a list sets an interval, null clears it, a left-out interval keeps its own', async () => {
    expect((await checkout()).presetsByInterval).toEqual({})
    expect((await patch({ presetsByInterval: { month: [300, 700], year: [5000] } })).status).toBe(
      200,
    )
    expect((await checkout()).presetsByInterval).toEqual({ month: [300, 700], year: [5000] })
    expect((await patch({ presetsByInterval: { year: null } })).status).toBe(200)
    expect((await checkout()).presetsByInterval).toEqual({ month: [300, 700] })
    expect((await patch({ presets: [1000, 2000] })).status).toBe(200)
    expect((await checkout()).presetsByInterval).toEqual({ month: [300, 700] })
  })

  it('refuses amounts outside min and max, not increasing, or for no interval; nothing changes', async () => {
    const before = await snapshot(t.store)
    for (const [c, says] of [
      [
        { presetsByInterval: { month: [10] } },
        'presetsByInterval.month must lie between min and max',
      ],
      [{ presetsByInterval: { month: [700, 300] } }, 'must be increasing'],
      [{ presetsByInterval: { weekly: [700] } }, 'weekly'],
      [{ presetsByInterval: { month: [] } }, 'presetsByInterval.month'],
    ] as const) {
      const res = await patch(c)
      expect([400, 422]).toContain(res.status)
      const body = (await res.json()) as { error: { message: string } }
      expect(body.error.message).toContain(says)
    }
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('a new minimum drops the amounts under it it was not told about', async () => {
    expect((await patch({ min: 500 })).status).toBe(200)
    expect((await checkout()).presetsByInterval).toEqual({ month: [700] })
    expect((await patch({ min: 50, presetsByInterval: { month: [300, 700] } })).status).toBe(200)
  })

  it('the page draws one group per interval, each with its own fields, and valid HTML', async () => {
    const html = await (await t.app.request('/donate/news')).text()
    for (const i of ['once', 'month', 'year']) {
      expect(html).toContain(`class="db-for db-for-${i}"`)
      expect(html).toContain(`id="db-i-${i}"`)
      expect(html).toContain(`name="amount.${i}"`)
      expect(html).toContain(`name="custom.${i}"`)
    }
    expect(html).toContain('form:has(#db-i-month:checked) .db-for:not(.db-for-month){display:none}')
    expect(html.match(/name="amount\.month" value="(\d+)"/g)).toEqual([
      'name="amount.month" value="300"',
      'name="amount.month" value="700"',
    ])
    expect(await htmlProblems(html, 'donate page, grouped')).toEqual([])
    // Without amounts of its own anywhere the page keeps its one group.
    expect((await patch({ presetsByInterval: null })).status).toBe(200)
    const plain = await (await t.app.request('/donate/news')).text()
    expect(plain).not.toContain('class="db-for')
    expect(plain).toContain('name="amount"')
    expect((await patch({ presetsByInterval: { month: [300, 700] } })).status).toBe(200)
  })

  it("takes the chosen interval's amount from its own field, and re-renders its group on an error", async () => {
    const post = (fields: Record<string, string>) =>
      t.app.request('/donate/news', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      })
    const sessions = fake.checkout.sessions.size
    const res = await post({
      interval: 'month',
      'amount.once': '2000',
      'amount.month': '700',
      'amount.year': '5000',
    })
    expect(res.status).toBe(303)
    const made = [...fake.checkout.sessions.values()].slice(sessions)
    expect(made.map((s) => [s.mode, s.amount])).toEqual([['subscription', 700]])

    const typed = await post({
      interval: 'year',
      'amount.once': '2000',
      'amount.year': 'other',
      'custom.year': '12,50',
    })
    expect(typed.status).toBe(400)
    const page = await typed.text()
    expect(page).toContain(
      'name="custom.year" inputmode="decimal" autocomplete="off" size="8" value="12,50"',
    )
    expect(page).toMatch(/id="db-i-year" checked/)
    expect(fake.checkout.sessions.size).toBe(sessions + 1)
  })
})
