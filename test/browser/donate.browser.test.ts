import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Demo, startDemo } from '../../src/cli/demo.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** The reader gives monthly: the subscription's first payment counts to its campaign. */
const MONTHLY = true

/**
 * The whole gift in a real browser, against the demo (the real service on a SQLite file and the
 * local stand-in for Stripe Checkout that sends signed events): a publisher's page embeds the
 * bar, the reader presses Support, gives on the donate page, "pays", and the bar on the
 * publisher's page moves live.
 */
/** The text a web component shows, from inside its shadow root. */
function textOf(el: Element): string | null {
  return (el.shadowRoot ?? el).textContent
}

interface Progress {
  month: string
  pledged: number
  donations: number
  donors: number
  recurring: { supporters: number; monthly: number }
}

/** `2026-12` after `2026-11`. */
function nextMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7)
}

describe('giving from the Support button in headless Chromium', () => {
  let demo: Demo
  let browser: Browser
  let host: Server
  let hostUrl: string

  beforeAll(async () => {
    demo = await startDemo({ PORT: '0', LOG_LEVEL: 'silent' })
    const u = demo.server.url
    host = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>news site</title></head><body><script src="${u}/widget.js"></script><support-bar campaign="demo" src="${u}" show="monthly"></support-bar></body></html>`,
      )
    }).listen(0, '127.0.0.1')
    await new Promise((r) => host.once('listening', r))
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 30_000)

  /** The demo campaign's progress JSON: this month's, or a given month's. */
  async function progressOf(month?: string): Promise<Progress> {
    const q = month ? `?month=${month}` : ''
    return (await (
      await fetch(`${demo.server.url}/api/campaigns/demo/progress${q}`)
    ).json()) as Progress
  }

  afterAll(async () => {
    await browser?.close()
    host?.close()
    await demo?.stop()
  })

  it('Support opens the donate page in a new tab; once paid, the embedding page updates; a renewal a month later counts in that month', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(hostUrl)
    const bar = page.locator('support-bar')
    const button = bar.locator('a.sb-button')
    await expect.poll(() => button.getAttribute('href')).toBe(`${demo.server.url}/donate/demo`)
    expect(await button.getAttribute('target')).toBe('_blank')
    expect(await bar.locator('.sb-amount').textContent()).toMatch(/^1,360\s\$/)

    const [donate] = await Promise.all([context.waitForEvent('page'), button.click()])
    await donate.waitForLoadState()
    expect(donate.url()).toBe(`${demo.server.url}/donate/demo`)
    await donate.getByLabel(MONTHLY ? 'Monthly' : 'Once').check()
    await donate.locator('input[name=amount][value=other]').check()
    await donate.locator('input[name=custom]').fill('15')
    await donate.getByRole('button', { name: 'Give' }).click()
    await donate.waitForURL(`${demo.checkout.url}/pay/**`)
    expect(await donate.locator('.demo').textContent()).toContain('DEMO')
    expect(await donate.locator('body').textContent()).toContain(
      MONTHLY ? '$15.00 every month' : '$15.00',
    )

    const payUrl = donate.url()
    await donate.getByRole('button', { name: 'Pay (demo)' }).click()
    await donate.waitForURL(`${demo.server.url}/donate/demo/thanks?session_id=*`)
    expect(await donate.locator('h1').textContent()).toBe('Thank you!')
    // The demo's stand-in answers the session read as Stripe does: the page states the gift.
    expect(await donate.locator('.db-gift').textContent()).toMatch(
      MONTHLY ? /^You give (\$15|15\s\$) a month to / : /^You gave (\$15|15\s\$) to /,
    )

    // The publisher's page, untouched since, shows the gift through its live stream.
    await expect
      .poll(() => bar.locator('.sb-amount').textContent(), { timeout: 15_000 })
      .toMatch(/^1,375\s\$/)
    // …and one monthly supporter, in its words and in the progress JSON.
    await expect
      .poll(async () => (await page.locator('support-bar').evaluate(textOf)) ?? '', {
        timeout: 15_000,
      })
      .toContain('1 monthly supporter')
    const progress = (await (
      await fetch(`${demo.server.url}/api/campaigns/demo/progress`)
    ).json()) as { recurring?: { supporters: number; monthly: number } }
    expect(progress.recurring).toEqual({ supporters: 1, monthly: 1500 })

    // A month later Stripe renews the subscription. The stand-in's page of the paid gift
    // simulates it: the renewal's events are dated a month after the payment, so the gift
    // counts in the next month (the demo campaign's timezone is UTC) and this month stays.
    const month = await progressOf()
    const nextMonth = nextMonthOf(month.month)
    expect(await progressOf(nextMonth)).toMatchObject({ pledged: 0, donations: 0 })
    await donate.goto(payUrl)
    expect(await donate.locator('.demo').textContent()).toContain('DEMO')
    await donate.getByRole('button', { name: "Simulate next month's renewal" }).click()
    await donate.waitForURL(payUrl)
    expect(await donate.locator('.renewals').textContent()).toBe('Renewals simulated: 1.')
    expect(await progressOf(nextMonth)).toMatchObject({
      month: nextMonth,
      pledged: 1500,
      donations: 1,
      donors: 1,
      recurring: { supporters: 1, monthly: 1500 },
    })
    expect(await progressOf(month.month)).toEqual(month)
    // The bar on the publisher's page shows this month: the demo's seed and still the one gift.
    expect(await bar.locator('.sb-amount').textContent()).toMatch(/^1,375\s\$/)
    expect(errors).toEqual([])
    await context.close()
  }, 60_000)
})
