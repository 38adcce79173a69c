import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../support/harness.js'
import { launchChromium, MONTH, reportCounts, serveApp, validatorApp } from './fixtures.js'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
/** WCAG 2.1 level A and AA: what the embeds promise. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[]
  passes: unknown[]
}

/**
 * axe-core in Debian's Chromium on everything a reader meets: the embed page (light, dark, and
 * auto under a dark system theme; English and German, and Japanese), its 404 view, the web
 * component on a host page of another origin, and the SVG image (inline, as axe reads it, and
 * in an img). Any violation fails; each target reports its counts.
 */
describe('axe-core (WCAG 2.1 AA) in Chromium', () => {
  let t: TestApp
  let api: { url: string; close(): void }
  let host: Server
  let hostUrl: string
  let hostPage = ''
  let browser: Browser
  const counts: string[] = []

  beforeAll(async () => {
    t = await validatorApp()
    api = await serveApp(t)
    host = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(hostPage)
    }).listen(0, '127.0.0.1')
    await new Promise<void>((r) => host.once('listening', () => r()))
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`
    browser = await launchChromium()
  })
  afterAll(async () => {
    reportCounts(`axe-core:\n  ${counts.join('\n  ')}`)
    await browser?.close()
    host?.close()
    api?.close()
    await t?.close()
  })

  /** Opens a URL (CSP bypassed so axe can be injected), runs axe, and closes the page. */
  async function audit(
    name: string,
    url: string,
    colorScheme: 'light' | 'dark' = 'light',
    ready?: (page: Page) => Promise<unknown>,
  ): Promise<AxeResult['violations']> {
    const context = await browser.newContext({ bypassCSP: true, colorScheme })
    try {
      const page = await context.newPage()
      const res = await page.goto(url)
      expect(res, name).toBeTruthy()
      await ready?.(page)
      await page.addScriptTag({ path: AXE })
      const result = (await page.evaluate(
        (tags) =>
          (
            window as unknown as {
              axe: { run(ctx: Document, o: object): Promise<unknown> }
            }
          ).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
        TAGS,
      )) as AxeResult
      counts.push(
        `${name}: ${result.violations.length} violations, ${result.passes.length} rules passed`,
      )
      expect(result.passes.length, name).toBeGreaterThan(5)
      return result.violations
    } finally {
      await context.close()
    }
  }

  const summary = (v: AxeResult['violations']) =>
    v.map((x) => `${x.id} (${x.impact}): ${x.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`)

  it('finds nothing on the embed page in each theme and language', async () => {
    const pages: [string, string, 'light' | 'dark'][] = [
      ['embed en light', `/embed/news?month=${MONTH}&theme=light`, 'light'],
      ['embed en dark', `/embed/news?month=${MONTH}&theme=dark`, 'light'],
      ['embed en auto (dark system)', `/embed/news?month=${MONTH}`, 'dark'],
      ['embed en compact', `/embed/news?month=${MONTH}&compact=1&accent=ff8800`, 'light'],
      ['embed de light', `/embed/zeitung?month=${MONTH}&theme=light`, 'light'],
      ['embed de dark', `/embed/zeitung?month=${MONTH}&theme=dark`, 'dark'],
      ['embed ja auto', `/embed/shimbun?month=${MONTH}`, 'light'],
      ['embed en page in ja', `/embed/news?month=${MONTH}&locale=ja-JP`, 'light'],
      ['embed no goal', `/embed/nogoal?month=${MONTH}`, 'light'],
      ['embed 404', '/embed/unknown?theme=dark', 'dark'],
    ]
    const found: string[] = []
    for (const [name, path, scheme] of pages) {
      for (const line of summary(await audit(name, `${api.url}${path}`, scheme))) {
        found.push(`${name}: ${line}`)
      }
    }
    expect(found).toEqual([])
  })

  it('finds nothing on the web component in a host page', async () => {
    const found: string[] = []
    for (const [name, attrs, scheme] of [
      ['web component en', `campaign="news" month="${MONTH}"`, 'light'],
      ['web component de dark', `campaign="zeitung" month="${MONTH}" theme="dark"`, 'dark'],
    ] as const) {
      hostPage =
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A news site</title>` +
        `</head><body><main><h1>News</h1><support-bar ${attrs} src="${api.url}"></support-bar>` +
        `</main><script src="${api.url}/widget.js"></script></body></html>`
      const ready = (page: Page) =>
        page.waitForFunction(
          () =>
            document.querySelector('support-bar')?.shadowRoot?.querySelector('[role=progressbar]'),
          undefined,
          { timeout: 10_000 },
        )
      for (const line of summary(await audit(name, hostUrl, scheme, ready))) {
        found.push(`${name}: ${line}`)
      }
    }
    expect(found).toEqual([])
  })

  it('finds nothing in the SVG image, inline and in an img', async () => {
    const found: string[] = []
    for (const [name, path] of [
      ['svg en light', `/embed/news.svg?month=${MONTH}&theme=light`],
      ['svg de dark', `/embed/zeitung.svg?month=${MONTH}&theme=dark`],
      ['svg not found', '/embed/unknown.svg'],
    ] as const) {
      const svg = await (await t.app.request(path)).text()
      // Inline: axe reads the image's own structure (roles, names, links) as a page would.
      hostPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Image</title></head><body><main>${svg.replace(/^<\?xml[^>]*>/, '')}<img src="${api.url}${path}" alt="Support bar"></main></body></html>`
      for (const line of summary(await audit(name, hostUrl))) found.push(`${name}: ${line}`)
    }
    expect(found).toEqual([])
  })
})
