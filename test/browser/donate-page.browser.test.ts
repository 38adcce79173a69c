import { createRequire } from 'node:module'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config.js'
import { stripeClient } from '../../src/stripe/client.js'
import { wordmarkPng } from '../logo/images.js'
import { startFakeStripe } from '../support/fake-stripe.js'
import { ADMIN_TOKEN, admin, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { launchChromium, serveApp } from '../validators/fixtures.js'

/**
 * The donate page in headless Chromium with JavaScript off: the campaign's logo loads, and with
 * amounts per interval the page shows the chosen interval's amounts only (CSS, no script), so
 * a reader who switches to monthly and picks a monthly amount gives that amount monthly.
 */
describe('the donate page with a logo and amounts per interval, JavaScript off', () => {
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let t: TestApp
  let api: { url: string; close(): void }
  let browser: Browser

  beforeAll(async () => {
    fake = await startFakeStripe()
    const env = { STRIPE_SECRET_KEY: 'sk_test_page', STRIPE_API_URL: fake.url }
    const stripe = stripeClient(parseConfig({ ADMIN_TOKEN, ...env }))
    t = await makeTestApp({
      env: { ...env, PUBLIC_URL: 'https://bar.example' },
      deps: stripe ? { stripe } : {},
    })
    const checkout = {
      enabled: true,
      presets: [1000, 2500, 5000],
      presetsByInterval: { month: [500, 1500] },
      allowMonthly: true,
    }
    const created = await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, checkout })
    expect(created.status).toBe(201)
    const logo = await t.app.request('/api/admin/campaigns/news/logo', {
      method: 'PUT',
      headers: { ...admin, 'Content-Type': 'image/png' },
      body: await wordmarkPng(),
    })
    expect(logo.status).toBe(200)
    api = await serveApp(t)
    browser = await launchChromium()
  }, 30_000)
  afterAll(async () => {
    await browser?.close()
    api?.close()
    await t?.close()
    await fake?.close()
  })

  it("shows the logo, switches the amounts with the interval, and gives the interval's amount", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    const images: number[] = []
    page.on('response', (r) => {
      if (r.url().includes('/logo/news/')) images.push(r.status())
    })
    await page.goto(`${api.url}/donate/news`)
    const logo = page.locator('img.db-logo')
    await expect.poll(() => logo.boundingBox().then((b) => b?.height ?? 0)).toBeGreaterThan(30)
    expect(images).toEqual([200])

    const once = page.getByRole('group', { name: 'Amount (Once)' })
    const monthly = page.getByRole('group', { name: 'Amount (Monthly)' })
    expect(await once.isVisible()).toBe(true)
    expect(await monthly.isVisible()).toBe(false)
    expect(await once.getByText(/^\$25(\.00)?$/).isVisible()).toBe(true)

    await page.getByLabel('Monthly', { exact: true }).check()
    expect(await once.isVisible()).toBe(false)
    expect(await monthly.isVisible()).toBe(true)
    await monthly.getByLabel(/^\$15(\.00)?/).check()
    await page.getByRole('button', { name: 'Give' }).click()
    await expect.poll(() => fake.checkout.sessions.size).toBe(1)
    const [session] = [...fake.checkout.sessions.values()]
    expect(session?.mode).toBe('subscription')
    expect(session?.amount).toBe(1500)
    await context.close()
  }, 60_000)

  it('passes axe-core (WCAG 2.1 AA) with the logo and both groups of amounts', async () => {
    // CSP bypassed and script on only so that axe can be injected; the page sends none.
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    await page.goto(`${api.url}/donate/news`)
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') })
    const result = (await page.evaluate(() =>
      (window as unknown as { axe: { run(ctx: Document, o: object): Promise<unknown> } }).axe.run(
        document,
        { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
      ),
    )) as { violations: { id: string }[]; passes: unknown[] }
    expect(result.passes.length).toBeGreaterThan(5)
    expect(result.violations.map((v) => v.id)).toEqual([])
    await context.close()
  }, 60_000)
})
