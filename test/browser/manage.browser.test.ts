import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config.js'
import { type RunningServer, startServer } from '../../src/node/main.js'
import { startFakeStripe } from '../support/fake-stripe.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from '../support/harness.js'
import { type RealSmtp, startSmtp } from '../support/smtp.js'
import { WHSEC, webhookEnv } from '../support/stripe-events.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const DONOR = 'browser.reader@example.org'
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** axe-core's WCAG 2.1 A and AA violations on the page as it is now (as test/validators/axe). */
async function axeViolations(page: Page, name: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, o: object): Promise<unknown> } }).axe.run(
      document,
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      },
    ),
  )) as { violations: { id: string; nodes: unknown[] }[]; passes: unknown[] }
  expect(result.passes.length, name).toBeGreaterThan(5)
  return result.violations.map((v) => `${name}: ${v.id} (${v.nodes.length})`)
}

/**
 * After the gift, in headless Chromium against the Node entry (`startServer`: its SMTP mail loop
 * with the manage composer), the fake Stripe and a real SMTP server: give monthly, read the
 * gift on the thank-you page, follow its manage link, ask for the e-mail, open the link it
 * carries, land on the customer portal of the donor's customer, cancel there and see the bar
 * follow.
 */

/** A port free right now: PUBLIC_URL must name the server before it listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

describe('managing a monthly gift in headless Chromium', () => {
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let smtp: RealSmtp
  let server: RunningServer
  let browser: Browser
  let dir: string

  beforeAll(async () => {
    fake = await startFakeStripe()
    smtp = await startSmtp()
    dir = mkdtempSync(join(tmpdir(), 'supportbar-manage-'))
    const port = await freePort()
    server = await startServer(
      parseConfig({
        ...webhookEnv,
        PORT: String(port),
        DATABASE_URL: `file:${join(dir, 'manage.db')}`,
        ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
        LOG_LEVEL: 'silent',
        STRIPE_SECRET_KEY: 'sk_test_browser',
        STRIPE_API_URL: fake.url,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'The Daily News <thanks@news.example>',
        MAIL_KEY: 'q83vEjW1nQ0sTb0mN6l2y7Cw0dQnUu9mYtY2Vd3m5aE=',
        MAIL_INTERVAL_MS: '200',
      }),
    )
    fake.webhooks.to(`${server.url}/webhooks/stripe`, WHSEC)
    const created = await fetch(`${server.url}/api/admin/campaigns`, {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify({ ...newsCampaign, checkout: { enabled: true, allowMonthly: true } }),
    })
    expect(created.status).toBe(201)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await smtp?.close()
    await fake?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('thank-you page → manage link → e-mail → new amount → customer portal → cancelled, and the bar follows', async () => {
    // CSP bypassed only so that axe can be injected; the pages send no script of their own.
    const page = await browser.newPage({ bypassCSP: true })
    const errors: string[] = []
    const violations: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    await page.goto(`${server.url}/donate/news`)
    await page.getByLabel('Monthly').check()
    await page.locator('input[name=amount][value=other]').check()
    await page.locator('input[name=custom]').fill('15')
    await page.getByRole('button', { name: 'Give' }).click()
    await page.waitForURL(`${fake.url}/pay/**`)
    await page.locator('input[name=email]').fill(DONOR)
    await page.getByRole('button', { name: 'Pay' }).click()

    await page.waitForURL(`${server.url}/donate/news/thanks?session_id=*`)
    expect(await page.locator('h1').textContent()).toBe('Thank you!')
    expect(await page.locator('.db-gift').textContent()).toMatch(
      /^You give \$15(\.00)? a month to The Daily News\.$/,
    )
    // The live bar (the web component's shadow root) shows the gift, and no Support button.
    const shadow = (selector: string) =>
      page
        .locator('support-bar')
        .evaluate((el, sel) => el.shadowRoot?.querySelector(sel)?.textContent ?? null, selector)
    await expect.poll(() => shadow('.sb-amount'), { timeout: 15_000 }).toMatch(/\$15/)
    expect(await shadow('.sb-foot')).not.toBeNull()
    expect(await shadow('a.sb-button')).toBeNull()
    violations.push(...(await axeViolations(page, 'thank-you page')))

    await page.getByRole('link', { name: 'Change or stop this gift' }).click()
    await page.waitForURL(`${server.url}/manage/news`)
    violations.push(...(await axeViolations(page, 'manage form')))
    await page.getByLabel('E-mail address').fill(DONOR)
    await page.getByRole('button', { name: 'Send me the link' }).click()
    expect(await page.locator('[role=status]').textContent()).toContain(
      'a link to manage the gift is on its way',
    )
    violations.push(...(await axeViolations(page, 'manage answer')))

    const subject = 'Your link to manage your gift to The Daily News'
    await expect
      .poll(() => smtp.received.find((m) => m.mail.subject === subject)?.to, { timeout: 20_000 })
      .toEqual([DONOR])
    const mail = smtp.received.find((m) => m.mail.subject === subject)
    const link = /(http:\/\/\S+\/manage\/news\/gifts\?token=\S+)/.exec(mail?.mail.text ?? '')?.[1]
    expect(link).toBeTruthy()

    // The link opens the page of the donor's gifts: a new amount, typed the campaign's way.
    await page.goto(link as string)
    expect(await page.locator('form strong').textContent()).toMatch(
      /^You give \$15(\.00)? a month to The Daily News\.$/,
    )
    violations.push(...(await axeViolations(page, 'gifts page')))
    await page.locator('input[name=amount][value=other]').check()
    await page.locator('input[name=custom]').fill('12,50')
    await page.getByRole('button', { name: 'Change the amount' }).click()
    expect(await page.locator('[role=alert]').textContent()).toBe(
      'Write the amount like 12.50 / 1,250.',
    )
    violations.push(...(await axeViolations(page, 'gifts page refused')))
    expect(fake.billing.updates.calls).toEqual([])
    await page.locator('input[name=amount][value=other]').check()
    await page.locator('input[name=custom]').fill('20')
    await page.getByRole('button', { name: 'Change the amount' }).click()
    expect(await page.locator('[role=status]').textContent()).toBe(
      'Done: from the next payment on, you give $20 a month.',
    )
    expect(
      fake.billing.updates.calls.map((c) => c.params['items[0][price_data][unit_amount]']),
    ).toEqual(['2000'])
    violations.push(...(await axeViolations(page, 'gifts page changed')))

    // The card or stopping: Stripe's customer portal.
    await page.getByRole('link', { name: 'Change the card or stop a gift' }).click()
    await page.waitForURL(`${fake.url}/portal/**`)
    const customer = [...fake.checkout.sessions.values()][0]?.subscription?.customer
    expect(customer).toMatch(/^cus_/)
    expect(await page.locator('#customer').textContent()).toBe(customer)
    expect(fake.billing.portal.sessions.map((s) => s.customer)).toEqual([customer])
    // The donor cancels there; Stripe's customer.subscription.deleted reaches the bar, whose
    // monthly supporter leaves while the gift stays counted.
    const facts = async () => {
      const bar = await browser.newPage()
      await bar.goto(`${server.url}/embed/news?show=monthly,donors`)
      const text = await bar.locator('.sb-facts').textContent()
      await bar.close()
      return text
    }
    expect(await facts()).toContain('1 monthly supporter')
    await page.getByRole('button', { name: 'Cancel the gift' }).click()
    expect(await page.locator('[role=status]').textContent()).toBe('Gift cancelled')
    await expect.poll(facts, { timeout: 15_000 }).toContain('0 monthly supporters')
    expect(await facts()).toContain('1 donor')
    await page.getByRole('link', { name: 'Return' }).click()
    await page.waitForURL(`${server.url}/donate/news`)
    // The form right to left, and a refused link, in Arabic.
    await page.goto(`${server.url}/manage/news?locale=ar`)
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
    violations.push(...(await axeViolations(page, 'manage form ar')))
    await page.goto(`${server.url}/manage/news/portal?token=forged&locale=ar`)
    violations.push(...(await axeViolations(page, 'refused link ar')))
    await page.goto(`${link}&locale=ar`)
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
    violations.push(...(await axeViolations(page, 'gifts page ar')))
    expect(violations).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  }, 90_000)
})
