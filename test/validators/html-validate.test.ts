import { HtmlValidate } from 'html-validate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../support/harness.js'
import { MONTH, validatorApp } from './fixtures.js'

/**
 * html-validate (recommended rules) on every HTML page the app serves: the embed page in each
 * theme, language and state, its 404 views, and the app's other pages (API docs, and the
 * landing page, console and donate page where this build serves them).
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
/** Pages other parts of the app may serve (checked where this build serves them as HTML). */
const OPTIONAL_PAGES = ['/', '/docs', '/admin', '/admin/login', '/donate/news']

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

  it('finds no error and no warning', async () => {
    const report: string[] = []
    let checked = 0
    for (const path of [...PAGES, ...OPTIONAL_PAGES]) {
      const res = await t.app.request(path)
      const type = res.headers.get('content-type') ?? ''
      // Not HTML here: a JSON 404 where this build has no such page, or a redirect (/admin).
      if (!type.startsWith('text/html')) {
        expect(OPTIONAL_PAGES, `${path} answered ${type}`).toContain(path)
        continue
      }
      const html = await res.text()
      const result = await validator.validateString(html, path)
      checked++
      for (const r of result.results) {
        for (const m of r.messages) {
          report.push(`${path}:${m.line}:${m.column} ${m.ruleId} ${m.message}`)
        }
      }
    }
    console.log(`html-validate: ${checked} pages, ${report.length} problems`)
    expect(checked).toBeGreaterThanOrEqual(PAGES.length)
    expect(report).toEqual([])
  })
})
