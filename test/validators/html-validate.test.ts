import { HtmlValidate } from 'html-validate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type TestApp } from '../support/harness.js'
import { MONTH, reportCounts, validatorApp } from './fixtures.js'

/**
 * html-validate on every HTML page the app serves: the embed page in each theme, language and
 * state and its 404 views, then every page reachable by links from the landing page, the docs
 * and the admin console (signed in with the admin token where the build has a console).
 */
const PAGES = [
  ...['light', 'dark', 'auto'].flatMap((theme) => [
    `/embed/news?month=${MONTH}&theme=${theme}`,
    `/embed/news?month=${MONTH}&theme=${theme}&compact=1&accent=ff8800`,
  ]),
  `/embed/zeitung?month=${MONTH}`,
  `/embed/shimbun?month=${MONTH}&theme=dark`,
  `/embed/news?month=${MONTH}&locale=ja-JP`,
  `/embed/nogoal?month=${MONTH}`,
  `/embed/over?month=${MONTH}`,
  '/embed/ended',
  '/embed/unknown',
]
/** Where the crawl starts; a page this build does not serve as HTML is skipped. */
const START = ['/', '/docs', '/admin/login', '/admin', '/donate/news']
/** Not pages, or covered above, or changing state: never followed. */
const NOT_FOLLOWED = /^\/(api|embed|webhooks|metrics|healthz|openapi\.json|widget\.js)\b|logout/
const MAX_PAGES = 80

describe('html-validate on every HTML page', () => {
  let t: TestApp
  // The standard (validity), a11y and document presets. One rule is off on purpose: the bar is
  // a div with role=progressbar and aria-valuetext, because a native <progress> cannot carry
  // the ticks, the pinned amount and a no-goal (indeterminate) state styled alike in every
  // browser; axe checks that ARIA in Chromium (axe.test.ts).
  const validator = new HtmlValidate({
    extends: ['html-validate:standard', 'html-validate:a11y', 'html-validate:document'],
    rules: {
      'prefer-native-element': ['error', { exclude: ['progressbar'] }],
      // Integrity hashes guard what another origin serves; the app's own files need none.
      'require-sri': ['error', { target: 'crossorigin' }],
    },
  })

  beforeAll(async () => {
    t = await validatorApp()
  })
  afterAll(() => t?.close())

  /** The console's session cookie, where the build has a console that takes the token. */
  async function signIn(): Promise<string | undefined> {
    const res = await t.app.request('http://localhost/admin/login', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'http://localhost',
      },
      body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
    })
    return res.headers.get('set-cookie')?.split(';')[0]
  }

  /** GET with the session, following same-origin redirects. */
  async function get(path: string, cookie: string | undefined) {
    let url = path
    for (let hops = 0; hops < 5; hops++) {
      const res = await t.app.request(url, { headers: cookie ? { Cookie: cookie } : {} })
      const location = res.headers.get('location')
      if (res.status < 300 || res.status >= 400 || !location?.startsWith('/')) return { url, res }
      url = location
    }
    throw new Error(`${path}: too many redirects`)
  }

  it('finds no error and no warning', async () => {
    const report: string[] = []
    const cookie = await signIn()
    const seen = new Set<string>()
    const queue = [...PAGES, ...START]
    let checked = 0
    while (queue.length > 0 && seen.size < MAX_PAGES) {
      const path = queue.shift() as string
      if (seen.has(path)) continue
      seen.add(path)
      const { url, res } = await get(path, cookie)
      const type = res.headers.get('content-type') ?? ''
      // Not a page: a JSON 404 where this build has no such page, a CSV download, ...
      if (!type.startsWith('text/html')) continue
      const html = await res.text()
      const result = await validator.validateString(html, url)
      checked++
      for (const r of result.results) {
        for (const m of r.messages)
          report.push(`${url}:${m.line}:${m.column} ${m.ruleId} ${m.message}`)
      }
      for (const [, href] of html.matchAll(/<a\s[^>]*href="(\/[^"#]*)"/g)) {
        const link = (href ?? '').replaceAll('&amp;', '&')
        if (!NOT_FOLLOWED.test(link) && !seen.has(link)) queue.push(link)
      }
    }
    reportCounts(
      `html-validate: ${checked} pages (${cookie ? 'console signed in' : 'no console'}), ` +
        `${report.length} problems`,
    )
    expect(checked).toBeGreaterThanOrEqual(PAGES.length)
    expect(report).toEqual([])
  })
})
