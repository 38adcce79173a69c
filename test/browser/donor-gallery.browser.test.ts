import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config.js'
import { mailSender } from '../../src/mail/sender.js'
import { type RunningServer, startServer } from '../../src/node/main.js'
import { openMigratedStore } from '../../src/node/open-store.js'
import { smtpTransport } from '../../src/node/smtp.js'
import { wordmarkPng } from '../logo/images.js'
import { startFakeStripe } from '../support/fake-stripe.js'
import { ADMIN_TOKEN, admin, adminJson, newsCampaign } from '../support/harness.js'
import { type RealSmtp, startSmtp } from '../support/smtp.js'
import { WHSEC, webhookEnv } from '../support/stripe-events.js'
import { DONOR_SHOTS, type DonorShot } from './gallery.js'

/**
 * The donor's pages and the console as a reader and an admin see them, in headless Chromium at a
 * phone's width, against the Node entry (its mail loop), the fake Stripe and a real SMTP server:
 * the donate page with logo, appeal, impact lines and fee cover (and in Arabic), the thank-you
 * page of a one-off gift with the fee covered and of a monthly one, the manage form and its
 * answer, the page of the gifts its e-mailed link opens and a new amount taken there, the thank-you e-mail as received, and the console's settings pages, ledger with its
 * reverse button and audit trail. With GALLERY=1 (`npm run gallery`) the screenshots land in
 * docs/gallery/ for docs/gallery.md; otherwise under test-results/.
 */
const GALLERY = process.env.GALLERY === '1'
const SHOTS = GALLERY ? join(process.cwd(), 'docs', 'gallery') : join('test-results', 'donor')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }
const DONOR = 'gallery.reader@example.org'
const FROM = 'The Daily News <thanks@news.example>'
const MAIL_KEY = 'q83vEjW1nQ0sTb0mN6l2y7Cw0dQnUu9mYtY2Vd3m5aE='

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

describe('the donor’s pages and the console, for the gallery', () => {
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let smtp: RealSmtp
  let server: RunningServer
  let browser: Browser
  let dir: string
  let config: ReturnType<typeof parseConfig>
  const taken = new Set<string>()

  beforeAll(async () => {
    fake = await startFakeStripe()
    smtp = await startSmtp()
    dir = mkdtempSync(join(tmpdir(), 'supportbar-gallery-'))
    mkdirSync(SHOTS, { recursive: true })
    const port = await freePort()
    config = parseConfig({
      ...webhookEnv,
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, 'gallery.db')}`,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      LOG_LEVEL: 'silent',
      STRIPE_SECRET_KEY: 'sk_test_gallery',
      STRIPE_API_URL: fake.url,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: smtp.url,
      MAIL_FROM: FROM,
      MAIL_KEY,
      MAIL_INTERVAL_MS: '200',
    })
    server = await startServer(config)
    fake.webhooks.to(`${server.url}/webhooks/stripe`, WHSEC)
    const created = await fetch(`${server.url}/api/admin/campaigns`, {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify({
        ...newsCampaign,
        defaultGoal: 250000,
        checkout: {
          enabled: true,
          presets: [1000, 2500, 5000],
          presetsByInterval: { month: [500, 1000, 1500] },
          allowMonthly: true,
          allowYearly: true,
          feeCover: { enabled: true, rateBps: 290, fixed: 30 },
        },
        page: {
          appeal:
            'Our reporters sit through every **council meeting** and every trial in the county.\n\nNo paywall: *readers like you* keep it free for everyone.',
          impact: {
            '1000': 'buys the records request behind a story',
            '2500': 'pays for a day of court reporting',
            '5000': 'sends a photographer to a council meeting',
          },
          privacyUrl: 'https://news.example/privacy',
          contactUrl: 'https://news.example/contact',
        },
      }),
    })
    expect(created.status).toBe(201)
    const logo = await fetch(`${server.url}/api/admin/campaigns/news/logo`, {
      method: 'PUT',
      headers: { ...admin, 'Content-Type': 'image/png' },
      body: await wordmarkPng(),
    })
    expect(logo.status).toBe(200)
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

  /**
   * The thank-you e-mails now: the server's own loop sends a payment's a minute after it is
   * recorded (src/mail/sender.ts); this sender, on the same database, runs two minutes ahead.
   */
  async function sendThanks() {
    const store = await openMigratedStore(config)
    try {
      const sender = mailSender({
        store,
        transport: smtpTransport(smtp.url),
        mail: { from: FROM, key: MAIL_KEY },
        clock: () => new Date(Date.now() + 120_000),
        publicUrl: server.url,
      })
      expect(await sender.runOnce()).toMatchObject({ failed: 0 })
    } finally {
      await store.close()
    }
  }

  /** A screenshot of the gallery by its file name; the page must not overflow its width. */
  async function shot(page: Page, file: DonorShot['file'], o = { fullPage: true }) {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    await page.screenshot({ path: join(SHOTS, file), fullPage: o.fullPage })
    expect(overflow, `${file}: wider than the viewport`).toBeLessThanOrEqual(0)
    taken.add(file)
  }

  async function give(page: Page, o: { interval: 'Once' | 'Monthly'; amount: RegExp }) {
    await page.goto(`${server.url}/donate/news`)
    await page.getByLabel(o.interval, { exact: true }).check()
    await page
      .getByRole('group', { name: `Amount (${o.interval})` })
      .getByLabel(o.amount)
      .check()
    if (o.interval === 'Once') await page.getByLabel(/Cover the payment fee/).check()
    await page.getByRole('button', { name: 'Give' }).click()
    await page.waitForURL(`${fake.url}/pay/**`)
    await page.locator('input[name=email]').fill(DONOR)
    await page.getByRole('button', { name: 'Pay' }).click()
    await page.waitForURL(`${server.url}/donate/news/thanks?session_id=*`)
  }

  it("draws the donor's pages and the e-mail", async () => {
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    await page.goto(`${server.url}/donate/news`)
    await expect
      .poll(() =>
        page.locator('img.db-logo').evaluate((el) => (el as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0)
    expect(await page.textContent('main')).toContain('pays for a day of court reporting')
    await shot(page, 'donor-donate.png')
    await page.getByRole('group', { name: 'Amount (Once)' }).getByLabel(/^\$25/).check()
    await page.getByLabel(/Cover the payment fee/).check()
    await page.locator('form').screenshot({ path: join(SHOTS, 'donor-fee-cover.png') })
    taken.add('donor-fee-cover.png')

    await page.goto(`${server.url}/donate/news?locale=ar`)
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
    await shot(page, 'donor-donate-ar.png')

    await give(page, { interval: 'Once', amount: /^\$25/ })
    expect(await page.locator('.db-gift').textContent()).toContain('$26.06')
    await shot(page, 'donor-thanks.png')

    await give(page, { interval: 'Monthly', amount: /^\$15/ })
    await shot(page, 'donor-thanks-monthly.png')
    await sendThanks()

    await page.getByRole('link', { name: 'Change or stop this gift' }).click()
    await shot(page, 'donor-manage.png')
    await page.getByLabel('E-mail address').fill(DONOR)
    await page.getByRole('button', { name: 'Send me the link' }).click()
    await shot(page, 'donor-manage-sent.png')
    // The e-mailed link (sent by the server's own mail loop) opens the page of the gifts.
    const linkSubject = 'Your link to manage your gift to The Daily News'
    await expect
      .poll(() => smtp.received.some((m) => m.mail.subject === linkSubject), { timeout: 20_000 })
      .toBe(true)
    const linkMail = smtp.received.find((m) => m.mail.subject === linkSubject)
    const link = /(http:\/\/\S+\/manage\/news\/gifts\?token=\S+)/.exec(linkMail?.mail.text ?? '')
    await page.goto(link?.[1] ?? '')
    await shot(page, 'donor-manage-gifts.png')
    await page.locator('input[name=amount][value=other]').check()
    await page.locator('input[name=custom]').fill('20')
    await page.getByRole('button', { name: 'Change the amount' }).click()
    expect(await page.locator('[role=status]').textContent()).toContain('you give $20 a month')
    await shot(page, 'donor-manage-changed.png')

    const subject = 'Thank you for your gift to The Daily News'
    expect(smtp.received.filter((m) => m.mail.subject === subject).length).toBe(2)
    const monthly = smtp.received.filter((m) => m.mail.subject === subject)[1]
    expect(monthly?.mail.html).toBeTruthy()
    await page.setContent(monthly?.mail.html || '')
    await shot(page, 'donor-email.png')
    expect(errors).toEqual([])
    await context.close()
  }, 120_000)

  it('draws the console: settings pages, the ledger with its reverse button, the audit trail', async () => {
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    await page.goto(`${server.url}/admin`)
    await page.fill('input[name=token]', ADMIN_TOKEN)
    await page.click('button:has-text("Sign in")')
    await page.waitForURL(`${server.url}/admin`)

    const gift = page.locator('form[action="/admin/campaigns/news/adjust"]')
    await page.goto(`${server.url}/admin/campaigns/news`)
    await gift.locator('input[name=amount]').fill('12,50')
    await gift.locator('input[name=reason]').fill('Cheque from a reader')
    await gift.locator('button').click()
    expect(await page.textContent('[role=alert]')).toContain('write 12.50 (or 1,250)')
    await gift.locator('input[name=amount]').fill('120')
    await gift.locator('button').click()
    await page.waitForURL(/ok=adjusted$/)
    await shot(page, 'console-campaign.png', { fullPage: false })

    // Checkout: an ambiguous amount is refused in words under its field, then saved.
    await page.goto(`${server.url}/admin/campaigns/news/checkout`)
    await page.fill('textarea[name=presets]', '10\n12,50\n25\n50')
    await page.click('button:has-text("Save checkout")')
    expect(await page.textContent('#problem-presets')).toContain('line 2: is ambiguous')
    await shot(page, 'console-checkout.png')
    await page.fill('textarea[name=presets]', '10\n12.50\n25\n50')
    await page.click('button:has-text("Save checkout")')
    await page.waitForURL(/ok=checkout$/)

    await page.goto(`${server.url}/admin/campaigns/news/bar`)
    await page.getByLabel('monthly supporters').check()
    await page.click('button:has-text("Save the bar")')
    await page.waitForURL(/ok=bar$/)
    await shot(page, 'console-bar.png')
    for (const [path, file] of [
      ['page', 'console-page.png'],
      ['logo', 'console-logo.png'],
    ] as const) {
      await page.goto(`${server.url}/admin/campaigns/news/${path}`)
      await shot(page, file)
    }

    // The ledger and the audit trail are tables: drawn at a desktop's width.
    await page.setViewportSize(DESKTOP)
    await page.goto(`${server.url}/admin/campaigns/news/ledger`)
    const cheque = page.locator('tr', { hasText: 'Cheque from a reader' })
    await cheque.locator('summary:has-text("Reverse")').click()
    await cheque.locator('input[name=reason]').fill('Entered twice')
    await shot(page, 'console-ledger.png')
    await cheque.locator('button:has-text("Reverse this entry")').click()
    await page.waitForURL(/ok=reversed$/)
    await page.goto(`${server.url}/admin/audit`)
    const audit = await page.textContent('table')
    expect(audit).toContain('Entry reversed')
    expect(audit).toContain('12.50')
    await shot(page, 'console-audit.png', { fullPage: false })
    await context.close()
    expect([...taken].sort()).toEqual(DONOR_SHOTS.map((s) => s.file).sort())
  }, 120_000)
})
