import { mkdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { type ServerType, serve } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeDocsAssets } from '../../src/node/docs-assets.js'
import {
  ADMIN_TOKEN,
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from '../support/harness.js'

/**
 * Screenshots of the console. `npm run docs:screenshots` writes them into docs/img for
 * docs/admin.md; a plain test run keeps them under test-results/.
 */
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(process.cwd(), 'docs', 'img')
  : join(process.cwd(), 'test-results', 'console')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** A phone's viewport: the console must be usable there. */
const PHONE = { width: 390, height: 844 }

function listen(server: Server | ServerType): Promise<number> {
  return new Promise((resolve) => {
    const done = () => resolve((server.address() as AddressInfo).port)
    if (server.listening) done()
    else server.once('listening', done)
  })
}

describe('the admin console in headless Chromium', () => {
  let t: TestApp
  let api: ServerType
  let attacker: Server
  let apiUrl: string
  let attackerPort: number
  let browser: Browser
  let attackPage = ''

  beforeAll(async () => {
    const docsAssets = nodeDocsAssets()
    t = await makeTestApp({
      deps: { clock: fixedClock('2021-06-15T12:00:00Z'), ...(docsAssets ? { docsAssets } : {}) },
    })
    api = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' })
    apiUrl = `http://127.0.0.1:${await listen(api)}`
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(attackPage)
    }).listen(0, '127.0.0.1')
    attackerPort = await listen(attacker)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    mkdirSync(SHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    attacker?.close()
    api?.close()
    await t?.close()
  })

  async function newPage() {
    const context = await browser.newContext({ viewport: PHONE, acceptDownloads: true })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (m) => {
      // A refused form answers its page with 400/401, which Chromium also logs as an error.
      if (m.type() === 'error' && !/status of 40[01]/.test(m.text())) errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    return { page, errors }
  }

  /**
   * The text of the bar image the page shows, once the browser has drawn it. The page's CSP
   * forbids fetch, so the same URL is read from here.
   */
  const barText = async (page: Page) => {
    const img = page.locator('main img').first()
    await expect
      .poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0)
    return (await fetch(`${apiUrl}${await img.getAttribute('src')}`)).text()
  }

  const signIn = async (page: Page) => {
    await page.goto(`${apiUrl}/admin`)
    await page.fill('input[name=token]', ADMIN_TOKEN)
    await page.click('button:has-text("Sign in")')
    await page.waitForURL(`${apiUrl}/admin`)
  }

  it('signs in, creates a campaign, sets a goal, adds a gift, sees the bar change, downloads the CSV, signs out', async () => {
    const { page, errors } = await newPage()
    await page.goto(`${apiUrl}/admin`)
    expect(page.url()).toBe(`${apiUrl}/admin/login?why=signin`)
    await page.fill('input[name=token]', 'wrong-token-0123456789')
    await page.click('button:has-text("Sign in")')
    expect(await page.textContent('[role=alert]')).toContain('not one of the admin tokens')
    await page.screenshot({ path: join(SHOTS, 'admin-sign-in.png') })
    await signIn(page)

    await page.click('text=New campaign')
    await page.fill('input[name=slug]', 'news')
    await page.fill('input[name=name]', 'The Daily News')
    await page.fill('input[name=currency]', 'USD')
    await page.fill('input[name=goal]', '5000')
    await page.fill('input[name=timezone]', 'America/New_York')
    await page.check('input[name=isDefault]')
    await page.click('button:has-text("Create")')
    await page.waitForURL(/\/admin\/campaigns\/news\?ok=created$/)
    expect(await page.textContent('[role=status]')).toContain('Campaign created.')
    expect(await barText(page)).toContain('$5,000')

    const monthForm = page.locator('form[action="/admin/campaigns/news/month"]')
    await monthForm.locator('input[name=goal]').fill('2500')
    await monthForm.locator('input[name=label]').fill('JUNE 2021')
    await monthForm.locator('button').click()
    await page.waitForURL(/ok=month$/)
    const before = await barText(page)
    const srcBefore = await page.getAttribute('main img', 'src')
    expect(before).toContain('$2,500')
    expect(before).toContain('JUNE 2021')
    expect(before).toContain('$0')

    const gift = page.locator('form[action="/admin/campaigns/news/adjust"]')
    await gift.locator('input[name=amount]').fill('13.60x')
    await gift.locator('input[name=reason]').fill('Cheque from a reader')
    await gift.locator('button').click()
    expect(await page.textContent('[role=alert]')).toContain('is not an amount: write it like')
    await gift.locator('input[name=amount]').fill('1360')
    await gift.locator('input[name=donor]').fill('reader-1')
    await gift.locator('button').click()
    await page.waitForURL(/ok=adjusted$/)
    const after = await barText(page)
    expect(after).toContain('$1,360')
    expect(after).not.toEqual(before)
    // The page shows the new bar, not the browser's cached copy of the old one.
    expect(await page.getAttribute('main img', 'src')).not.toBe(srcBefore)
    expect(await page.textContent('.figures')).toContain('$1,360')
    await page.screenshot({ path: join(SHOTS, 'admin-campaign.png'), fullPage: true })

    await page.goto(`${apiUrl}/admin`)
    await page.waitForSelector('main img')
    await page.screenshot({ path: join(SHOTS, 'admin-campaigns.png'), fullPage: true })

    await page.goto(`${apiUrl}/admin/campaigns/news/ledger`)
    expect(await page.textContent('table')).toContain('Cheque from a reader')
    await page.screenshot({ path: join(SHOTS, 'admin-ledger.png'), fullPage: true })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('text=Download CSV'),
    ])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    const file = await download.path()
    const csv = readFileSync(file, 'utf8')
    expect(csv.split('\n')[0]).toMatch(/^\ufeffrecorded_at,/)
    // Gross, fee and net: an admin adjustment has no fee.
    expect(csv).toMatch(/adjustment,1360\.00,,,USD/)

    // Checkout from the console alone: a refusal in words under its field, then saved.
    await page.goto(`${apiUrl}/admin/campaigns/news/checkout`)
    await page.check('input[name=enabled]')
    await page.fill('textarea[name=presets]', '5\n12,50')
    await page.click('button:has-text("Save checkout")')
    expect(await page.textContent('#problem-presets')).toContain('line 2: is ambiguous')
    await page.fill('textarea[name=presets]', '5\n12.50')
    await page.click('button:has-text("Save checkout")')
    await page.waitForURL(/ok=checkout$/)
    expect(await page.inputValue('textarea[name=presets]')).toBe('5.00\n12.50')

    // Reverse the gift from the ledger: the counter-entry lands and the bar goes back to $0.
    await page.goto(`${apiUrl}/admin/campaigns/news/ledger`)
    await page.click('summary:has-text("Reverse")')
    await page.fill('form[action$="/reverse"] input[name=reason]', 'Entered twice')
    await page.click('button:has-text("Reverse this entry")')
    await page.waitForURL(/ok=reversed$/)
    expect(await page.textContent('table')).toContain('Entered twice')
    expect(await page.locator('form[action$="/reverse"]').count()).toBe(0)

    await page.goto(`${apiUrl}/admin/audit`)
    const audit = await page.textContent('table')
    expect(audit).toContain('Gift or correction added')
    expect(audit).toContain('Entry reversed')
    expect(audit).toContain('Monthly goal')
    await page.screenshot({ path: join(SHOTS, 'admin-audit.png'), fullPage: true })

    await page.click('button:has-text("Sign out")')
    await page.waitForURL(`${apiUrl}/admin/login?ok=signedout`)
    expect(await page.textContent('[role=status]')).toContain('Signed out.')
    await page.goto(`${apiUrl}/admin`)
    expect(page.url()).toContain('/admin/login')
    await expectTotalsMatchLedger(t.store)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('refuses a form posted from another site, even with a valid form token, and changes nothing', async () => {
    // The first test made it; alone, this test makes it (a 409 when it exists is fine).
    await t.call('POST', '/api/admin/campaigns', newsCampaign)
    const { page } = await newPage()
    await signIn(page)
    await page.goto(`${apiUrl}/admin/campaigns/news`)
    const csrf = await page.getAttribute('input[name=_csrf]', 'value')
    const before = await snapshot(t.store)
    const forged = (host: string) => {
      attackPage = `<!doctype html><form id="f" method="post" action="${apiUrl}/admin/campaigns/news/adjust">
        <input name="_csrf" value="${csrf}"><input name="month" value="2021-06">
        <input name="amount" value="-1000"><input name="reason" value="forged">
        </form><script>document.getElementById('f').submit()</script>`
      return `http://${host}:${attackerPort}/`
    }
    // Same site (another port of 127.0.0.1): the SameSite cookie is sent; the Origin check refuses.
    await page.goto(forged('127.0.0.1'))
    await page.waitForURL(`${apiUrl}/admin/campaigns/news/adjust`)
    expect(await page.textContent('main')).toContain('cross-site request')
    // Another site (localhost): the SameSite=Strict cookie is not sent at all.
    await page.goto(forged('localhost'))
    await page.waitForURL(`${apiUrl}/admin/campaigns/news/adjust`)
    expect(await page.textContent('main')).toMatch(/cross-site request|not signed in/)
    expect(await snapshot(t.store)).toEqual(before)
    await page.context().close()
  })

  it('draws the API docs with no network but this service, under its CSP', async () => {
    const { page, errors } = await newPage()
    const elsewhere: string[] = []
    // Offline: any request to another host fails, and is listed.
    await page.context().route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(apiUrl) || url.startsWith('data:')) return route.continue()
      elsewhere.push(url)
      return route.abort()
    })
    await page.goto(`${apiUrl}/docs`)
    await page.waitForSelector('.swagger-ui .info .title')
    expect(await page.textContent('.swagger-ui .info .title')).toContain('supportbar')
    await page.waitForSelector('.opblock-tag')
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10)
    // Opening an operation draws its schemas and examples: still nothing refused by the CSP.
    await page.locator('.opblock-summary').first().click()
    await page.waitForSelector('.opblock-body .responses-wrapper')
    await page.screenshot({ path: join(SHOTS, 'admin-docs.png') })
    expect(elsewhere).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })
})
