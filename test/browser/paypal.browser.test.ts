import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config.js'
import { stripeClient } from '../../src/stripe/client.js'
import { FakePaypal } from '../support/fake-paypal.js'
import { startFakeStripe } from '../support/fake-stripe.js'
import {
  ADMIN_TOKEN,
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from '../support/harness.js'
import { captureRefund, dispute } from '../support/paypal-events.js'
import { WHSEC, webhookEnv } from '../support/stripe-events.js'
import { launchChromium } from '../validators/fixtures.js'

/**
 * A reader gives through PayPal in headless Chromium with JavaScript off, on the real service
 * (a SQLite file, the render cache on) with the fake PayPal (test/support/fake-paypal-give.ts)
 * and the fake Stripe: 15 $ once and 10 $ monthly through PayPal, 25 $ by card through Stripe
 * Checkout. The bar (embed page and SVG) shows the one total of both processors; a PayPal refund
 * and a dispute then subtract.
 */
describe('giving through PayPal beside the card, in Chromium', () => {
  let stripeFake: Awaited<ReturnType<typeof startFakeStripe>>
  let paypal: FakePaypal
  let t: TestApp
  let server: ServerType
  let url: string
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    stripeFake = await startFakeStripe()
    paypal = await new FakePaypal().start()
    // The server first (PayPal and Stripe send the reader back to PUBLIC_URL), then the app.
    let app: TestApp['app'] | undefined
    server = serve({
      fetch: (req) => (app ? app.fetch(req) : new Response('starting', { status: 503 })),
      port: 0,
      hostname: '127.0.0.1',
    })
    await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const env = {
      STRIPE_SECRET_KEY: 'sk_test_paypal_page',
      STRIPE_API_URL: stripeFake.url,
      ...webhookEnv,
      ...paypal.env(),
      PUBLIC_URL: url,
    }
    const stripe = stripeClient(parseConfig({ ADMIN_TOKEN, ...env }))
    t = await makeTestApp({ env, deps: stripe ? { stripe } : {} })
    app = t.app
    const checkout = { enabled: true, presets: [1000, 1500, 2500], allowMonthly: true }
    expect(
      (await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, checkout })).status,
    ).toBe(201)
    stripeFake.webhooks.to(`${url}/webhooks/stripe`, WHSEC)
    paypal.deliver = (body, headers) =>
      fetch(`${url}/webhooks/paypal`, { method: 'POST', headers, body })
    browser = await launchChromium()
    context = await browser.newContext({ javaScriptEnabled: false })
    page = await context.newPage()
  }, 60_000)
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    server?.close()
    await t?.close()
    await stripeFake?.close()
    await paypal?.stop()
  })

  /** What the bar says to a reader: the embed page's progress bar, and the SVG's text. */
  async function bar(): Promise<{ valuetext: string; svg: string }> {
    // A fresh context: the embed page may be kept 5 s by the browser (Cache-Control), by design.
    const fresh = await browser.newContext({ javaScriptEnabled: false })
    const reader = await fresh.newPage()
    await reader.goto(`${url}/embed/news`)
    const valuetext = (await reader.getByRole('progressbar').getAttribute('aria-valuetext')) ?? ''
    await fresh.close()
    const svg = await (await fetch(`${url}/embed/news.svg`)).text()
    return { valuetext, svg }
  }

  /** On the donate page: an interval, a preset amount, and the button to press. */
  async function give(interval: 'Once' | 'Monthly', amount: RegExp, button: 'PayPal' | 'Give') {
    await page.goto(`${url}/donate/news`)
    await page.getByLabel(interval, { exact: true }).check()
    await page.getByLabel(amount).check()
    await page.getByRole('button', { name: button, exact: true }).click()
  }

  it('gives 15 $ once and 10 $ monthly through PayPal and 25 $ by card; the bar shows 50 $', async () => {
    // The bar is read (and cached) before any gift: each gift must empty the cache.
    expect((await bar()).valuetext).toMatch(/^\$0 of \$5,000/)

    await give('Once', /^\$15(\.00)?$/, 'PayPal')
    await page.waitForURL(/\/checkoutnow\?token=/)
    await page.getByRole('button', { name: 'Pay' }).click()
    await page.waitForURL(/\/donate\/news\/paypal\/return\?token=/)
    expect(await page.locator('h1').textContent()).toBe('Thank you!')
    expect(await page.locator('.db-gift').textContent()).toBe('You gave $15 to The Daily News.')
    expect((await bar()).valuetext).toMatch(/^\$15 of \$5,000/)

    await give('Monthly', /^\$10(\.00)?$/, 'PayPal')
    await page.waitForURL(/\/webapps\/billing\/subscriptions\?ba_token=/)
    await page.getByRole('button', { name: 'Pay' }).click()
    await page.waitForURL(/\/donate\/news\/paypal\/subscribed\?subscription_id=I-/)
    expect(await page.locator('.db-gift').textContent()).toBe(
      'You give $10 a month to The Daily News.',
    )

    await give('Once', /^\$25(\.00)?$/, 'Give')
    await page.waitForURL(/\/pay\//)
    await page.getByRole('button', { name: 'Pay' }).click()
    await page.waitForURL(/\/donate\/news\/thanks\?session_id=/)
    expect(await page.locator('.db-gift').textContent()).toBe('You gave $25 to The Daily News.')

    const { valuetext, svg } = await bar()
    expect(valuetext).toMatch(/^\$50 of \$5,000/)
    expect(svg).toContain('$50')
    const p = (await (await fetch(`${url}/api/campaigns/news/progress`)).json()) as {
      pledged: number
      donations: number
      bySource: Record<string, { pledged: number; donations: number; verified: boolean }>
      recurring: { supporters: number; monthly: number }
    }
    expect(p).toMatchObject({ pledged: 5000, donations: 3 })
    // Every provider is present (test/sources-*.test.ts count the receive-only ones).
    expect(p.bySource).toMatchObject({
      stripe: { pledged: 2500, donations: 1, verified: true },
      paypal: { pledged: 2500, donations: 2, verified: true },
    })
    expect(
      Object.entries(p.bySource)
        .filter(([k]) => k !== 'stripe' && k !== 'paypal')
        .map(([, v]) => v.pledged),
    ).toEqual([0, 0, 0, 0, 0, 0])
    expect(p.recurring).toEqual({ supporters: 1, monthly: 1000 })
    // Every event the fake PayPal sent was taken (2xx).
    expect(paypal.sent.map((s) => s.status)).toEqual([200, 200, 200])
  }, 120_000)

  it('subtracts a PayPal refund and a dispute from the bar', async () => {
    const [order] = [...paypal.give.orders.values()]
    const [sub] = [...paypal.give.subscriptions.values()]
    const now = new Date().toISOString()
    // PayPal refunds 5 $ of the one-off gift, and the monthly gift's charge is disputed.
    expect(
      await paypal.sendEvent(
        captureRefund('2RF00000000000001', order?.captureId ?? '', '5.00', { time: now }),
      ),
    ).toBe(200)
    const disputed = dispute('PP-D-0000000000001', sub?.sales[0] ?? '', '10.00')
    const at = { create_time: now, update_time: now }
    expect(await paypal.sendEvent({ ...disputed, resource: { ...disputed.resource, ...at } })).toBe(
      200,
    )
    const { valuetext, svg } = await bar()
    expect(valuetext).toMatch(/^\$35 of \$5,000/)
    expect(svg).toContain('$35')
    await expectTotalsMatchLedger(t.store)
  }, 60_000)
})
