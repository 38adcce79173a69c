import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { type Rig, startRig } from './rig.js'

/**
 * Defects a reader saw (issue 25), each checked where it showed: the compact bar's button cut to
 * "S…" (iframe and web component), the landing page wider than a 390 px phone, and the Arabic
 * SVG's percent drawn against the amount.
 */
describe('visual defects of issue 25, in Chromium', () => {
  let t: TestApp
  let rig: Rig

  beforeAll(async () => {
    // A public address as long as a newsroom's: the landing page prints it in the embed code.
    t = await makeTestApp({
      env: { PUBLIC_URL: 'https://fundraising.thedailynewsroom.org' },
      deps: { clock: fixedClock('2021-06-15T12:00:00Z') },
    })
    for (const body of [
      { ...newsCampaign, isDefault: true, bar: { buttonLabel: 'Support' } },
      { ...newsCampaign, slug: 'ar', locale: 'ar', bar: { buttonLabel: 'ادعمنا' } },
    ]) {
      expect((await t.call('POST', '/api/admin/campaigns', body)).status).toBe(201)
      const gift = { month: '2021-06', amount: 136000, reason: 'offline gifts' }
      const res = await t.call('POST', `/api/admin/campaigns/${body.slug}/adjustments`, gift)
      expect(res.status).toBe(201)
    }
    rig = await startRig((req) => t.app.fetch(req))
  }, 30_000)
  afterAll(async () => {
    await rig?.close()
    await t?.close()
  })

  /** The compact bar's button inside `root` (a document or a shadow root): its text and whether it is cut. */
  const buttonOf = (page: Page, selector: string) =>
    page.evaluate((sel) => {
      const host = document.querySelector(sel)
      const root: ParentNode = host?.shadowRoot ?? document
      const b = root.querySelector('.sb-button') as HTMLElement | null
      if (!b) return null
      return { text: b.textContent, cut: b.scrollWidth > b.clientWidth + 0.5, width: b.clientWidth }
    }, selector)

  for (const [slug, label] of [
    ['news', 'Support'],
    ['ar', 'ادعمنا'],
  ] as const) {
    for (const width of [320, 390, 768]) {
      it(`compact ${slug} at ${width} px: the button says "${label}" whole, in the iframe and the web component`, async () => {
        const { page, errors } = await rig.open(
          `<iframe src="${rig.apiUrl}/embed/${slug}?compact=1" title="bar" style="width:${width}px;height:60px;border:0"></iframe>
           <script src="${rig.apiUrl}/widget.js"></script>
           <div style="width:${width}px"><support-bar id="wc" campaign="${slug}" src="${rig.apiUrl}" compact="1"></support-bar></div>`,
          { width: 1000 },
        )
        const frame = page.frameLocator('iframe')
        await frame.locator('.sb-button').waitFor()
        const inFrame = await frame
          .locator('.sb-button')
          .evaluate((b) => ({ text: b.textContent, cut: b.scrollWidth > b.clientWidth + 0.5 }))
        expect(inFrame).toEqual({ text: label, cut: false })
        await expect.poll(() => buttonOf(page, '#wc')).not.toBeNull()
        const wc = await buttonOf(page, '#wc')
        expect(wc).toMatchObject({ text: label, cut: false })
        expect(errors).toEqual([])
        await page.close()
      })
    }
  }

  it('the landing page fits a 390 px phone: nothing wider than the screen', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 390, height: 844 } })
    await page.goto(`${rig.apiUrl}/`)
    await page.locator('code').waitFor()
    const wide = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      over: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 390.5)
        .map((e) => e.tagName.toLowerCase()),
    }))
    expect(wide).toEqual({ doc: 390, over: [] })
    await page.close()
  })

  it('the Arabic SVG keeps a gap between the amount and the percent', async () => {
    const svg = await (await t.app.request('/embed/ar.svg')).text()
    const page = await rig.browser.newPage()
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`)
    const gap = await page.evaluate(() => {
      const text = [...document.querySelectorAll('text')].find((e) => e.querySelector('tspan'))
      if (!text) return null
      const pct = text.querySelector('tspan') as SVGTSpanElement
      const all = text.getNumberOfChars()
      const split = all - pct.getNumberOfChars()
      const spans = (from: number, to: number) => {
        let left = Number.POSITIVE_INFINITY
        let right = Number.NEGATIVE_INFINITY
        for (let i = from; i < to; i++) {
          const e = text.getExtentOfChar(i)
          if (e.width === 0) continue // the bidi marks
          left = Math.min(left, e.x)
          right = Math.max(right, e.x + e.width)
        }
        return { left, right }
      }
      const amount = spans(0, split)
      const percent = spans(split, all)
      // Right to left: the percent follows the amount on its left.
      return { gap: amount.left - percent.right, text: text.textContent }
    })
    expect(gap?.text).toContain('%')
    expect(gap?.gap).toBeGreaterThanOrEqual(4)
    await page.close()
  })
})
