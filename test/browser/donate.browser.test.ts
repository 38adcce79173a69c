import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Demo, startDemo } from '../../src/demo.js'

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

  afterAll(async () => {
    await browser?.close()
    host?.close()
    await demo?.stop()
  })

  it('Support opens the donate page in a new tab; once paid, the embedding page updates', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(hostUrl)
    const bar = page.locator('support-bar')
    const button = bar.locator('a.sb-button')
    await expect.poll(() => button.getAttribute('href')).toBe(`${demo.server.url}/donate/demo`)
    expect(await button.getAttribute('target')).toBe('_blank')
    expect(await bar.locator('.sb-amount').textContent()).toMatch(/^0\s\$/)

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

    await donate.getByRole('button', { name: 'Pay (demo)' }).click()
    await donate.waitForURL(`${demo.server.url}/donate/demo/thanks?session_id=*`)
    expect(await donate.locator('h1').textContent()).toBe('Thank you!')

    // The publisher's page, untouched since, shows the gift through its live stream.
    await expect
      .poll(() => bar.locator('.sb-amount').textContent(), { timeout: 15_000 })
      .toMatch(/^15\s\$/)
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
    expect(errors).toEqual([])
    await context.close()
  }, 60_000)
})
