import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { widgetSource } from '../../src/bar/widget.js'
import {
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from '../support/harness.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  unix,
  webhookEnv,
} from '../support/stripe-events.js'
import { type Rig, startRig } from './rig.js'

/** Screenshots land here (CI keeps them as artifacts; docs/bar.png is one of them). */
const SHOTS = join(process.cwd(), 'test-results', 'bar')

describe('the Support bar in headless Chromium', () => {
  let t: TestApp
  let rig: Rig
  let apiUrl: string

  beforeAll(async () => {
    t = await makeTestApp({ env: webhookEnv, deps: { clock: fixedClock('2021-06-15T12:00:00Z') } })
    const create = (body: object) => t.call('POST', '/api/admin/campaigns', body)
    expect((await create({ ...newsCampaign, isDefault: true })).status).toBe(201)
    expect((await create({ ...newsCampaign, slug: 'seed', isDefault: false })).status).toBe(201)
    expect(
      (await create({ ...newsCampaign, slug: 'over', name: 'Over the top', isDefault: false }))
        .status,
    ).toBe(201)
    expect(
      (await create({ ...newsCampaign, slug: 'empty', name: 'Nothing yet', isDefault: false }))
        .status,
    ).toBe(201)
    expect(
      (
        await create({
          ...newsCampaign,
          slug: 'nogoal',
          name: 'No goal',
          defaultGoal: 0,
          isDefault: false,
        })
      ).status,
    ).toBe(201)
    expect(
      (
        await create({
          ...newsCampaign,
          slug: 'evil',
          name: `<img src=x onerror="document.title='pwned'"> ${'A very long campaign name that goes on '.repeat(4)}`,
          isDefault: false,
        })
      ).status,
    ).toBe(201)
    const adjust = (slug: string, amount: number) =>
      t.call('POST', `/api/campaigns/${slug}/adjustments`.replace('/api/', '/api/admin/'), {
        month: '2021-06',
        amount,
        reason: 'offline gifts',
      })
    expect((await adjust('news', 136000)).status).toBe(201)
    expect((await adjust('seed', 136000)).status).toBe(201)
    expect((await adjust('over', 600000)).status).toBe(201)
    expect((await adjust('nogoal', 136000)).status).toBe(201)
    expect((await adjust('evil', 250000)).status).toBe(201)

    rig = await startRig(t.app.fetch)
    apiUrl = rig.apiUrl
    mkdirSync(SHOTS, { recursive: true })
  })

  afterAll(async () => {
    await rig?.close()
    await t?.close()
  })

  /** A page of the host site; every console error and page error is collected. */
  const open = (body: string, width = 960, colorScheme: 'light' | 'dark' = 'light') =>
    rig.open(body, { width, colorScheme })

  const frameText = async (page: Page, name: string) => {
    const frame = page.frame({ name })
    if (!frame) throw new Error(`no frame ${name}`)
    await frame.waitForSelector('.sb')
    return frame
  }

  it('embeds the iframe, the image and the web component on another origin', async () => {
    const { page, errors } = await open(`
      <iframe name="bar" src="${apiUrl}/embed/news?currencyDisplay=after" width="600" height="150" title="Support us"></iframe>
      <img id="img" src="${apiUrl}/embed/news.svg?currencyDisplay=after" alt="Support us">
      <support-bar id="wc" campaign="news" src="${apiUrl}" currency-display="after"></support-bar>
      <script src="${apiUrl}/widget.js"></script>`)

    const frame = await frameText(page, 'bar')
    const ticks = await frame.$$eval('.sb-tick', (els) => els.map((e) => e.textContent))
    expect(ticks).toEqual(['0 $', '2,500 $', '5,000 $'])
    expect(await frame.textContent('.sb-amount')).toBe('1,360 $27.2%')
    expect(await frame.textContent('.sb-label')).toBe('JUNE 2021')
    expect(await frame.getAttribute('.sb-button', 'href')).toBe('https://example.org/donate')
    const bar = frame.locator('[role=progressbar]')
    expect(await bar.getAttribute('aria-valuemin')).toBe('0')
    expect(await bar.getAttribute('aria-valuemax')).toBe('100')
    expect(await bar.getAttribute('aria-valuenow')).toBe('27.2')
    expect(await bar.getAttribute('aria-valuetext')).toBe('1,360 $ of 5,000 $ raised in June 2021')
    // The fill really is 27.2 % of the track, and the amount sits within the bar's width.
    const geometry = await frame.evaluate(() => {
      const box = (s: string) => (document.querySelector(s) as Element).getBoundingClientRect()
      return {
        track: box('.sb-track'),
        fill: box('.sb-fill'),
        amount: box('.sb-amount>span'),
      }
    })
    expect(geometry.fill.width / geometry.track.width).toBeCloseTo(0.272, 2)
    expect(geometry.amount.left).toBeGreaterThanOrEqual(geometry.track.left)
    expect(geometry.amount.right).toBeLessThanOrEqual(geometry.track.right + 0.5)

    await page.waitForFunction(() => {
      const img = document.getElementById('img') as HTMLImageElement
      return img.complete && img.naturalWidth > 0
    })
    expect(await page.$eval('#img', (i) => (i as HTMLImageElement).naturalWidth)).toBe(600)

    const wc = page.locator('#wc')
    await expect.poll(() => wc.locator('.sb-amount').textContent()).toBe('1,360 $27.2%')
    expect(await wc.locator('.sb-tick').allTextContents()).toEqual(['0 $', '2,500 $', '5,000 $'])
    expect(await wc.locator('.sb-label').textContent()).toBe('JUNE 2021')
    const wcBar = wc.locator('[role=progressbar]')
    expect(await wcBar.getAttribute('aria-valuenow')).toBe('27.2')
    expect(await wcBar.getAttribute('aria-valuetext')).toBe(
      '1,360 $ of 5,000 $ raised in June 2021',
    )
    expect(await wc.locator('.sb-button').getAttribute('href')).toBe('https://example.org/donate')

    // A payment arrives through Stripe while the page is open: the component shows it at once.
    const d = donation({ amount: 5000, created: unix('2021-06-20T10:00:00Z'), campaign: 'news' })
    const res = await postEvent(
      (path, init) => fetch(apiUrl + path, init),
      event('payment_intent.succeeded', paymentIntent(d), unix('2021-06-20T10:00:01Z')),
    )
    expect(res.status).toBe(200)
    await wc.locator('.sb-amount', { hasText: '1,410 $' }).waitFor({ timeout: 2000 })
    expect(await wcBar.getAttribute('aria-valuetext')).toBe(
      '1,410 $ of 5,000 $ raised in June 2021',
    )
    await expectTotalsMatchLedger(t.store)
    expect(errors).toEqual([])
    await page.close()
  })

  it('draws every state: over 100 %, nothing yet, no goal, unknown campaign, hostile long names', async () => {
    const { page, errors } = await open(`
      <iframe name="over" src="${apiUrl}/embed/over" width="400" height="150"></iframe>
      <iframe name="empty" src="${apiUrl}/embed/empty" width="400" height="150"></iframe>
      <iframe name="nogoal" src="${apiUrl}/embed/nogoal" width="400" height="150"></iframe>
      <iframe name="missing" src="${apiUrl}/embed/missing" width="400" height="150"></iframe>
      <iframe name="evil" src="${apiUrl}/embed/evil" width="240" height="150"></iframe>
      <img id="evil-img" src="${apiUrl}/embed/evil.svg?width=240" alt="">
      <support-bar id="evil-wc" campaign="evil" src="${apiUrl}" style="width:240px"></support-bar>
      <support-bar id="missing-wc" campaign="missing" src="${apiUrl}"></support-bar>
      <script src="${apiUrl}/widget.js"></script>`)

    const over = await frameText(page, 'over')
    expect(await over.textContent('.sb-amount')).toBe('$6,000120%')
    expect(await over.getAttribute('[role=progressbar]', 'aria-valuenow')).toBe('100')
    expect(await over.getAttribute('[role=progressbar]', 'aria-valuetext')).toBe(
      '$6,000 of $5,000 raised in June 2021',
    )
    const overFill = await over.evaluate(() => {
      const w = (s: string) => (document.querySelector(s) as Element).getBoundingClientRect().width
      return w('.sb-fill') / w('.sb-track')
    })
    expect(overFill).toBeCloseTo(1, 3)

    const empty = await frameText(page, 'empty')
    expect(await empty.textContent('.sb-amount')).toBe('$00%')
    expect(await empty.getAttribute('[role=progressbar]', 'aria-valuetext')).toBe(
      '$0 of $5,000 raised in June 2021',
    )

    // No goal: the amount raised in words, no empty track that would read as 0 %.
    const nogoal = await frameText(page, 'nogoal')
    expect(await nogoal.$$('.sb-tick')).toHaveLength(0)
    expect(await nogoal.$$('[role=progressbar]')).toHaveLength(0)
    expect(await nogoal.textContent('.sb-raised')).toBe('$1,360 raised')

    const missing = await frameText(page, 'missing')
    expect(await missing.textContent('.sb')).toBe('No campaign "missing"')

    // Hostile text stays text; a long name is cut with an ellipsis, never overflowing 240 px.
    const evil = await frameText(page, 'evil')
    expect(await evil.textContent('.sb-name')).toContain('<img src=x onerror=')
    expect(await evil.$$('img')).toHaveLength(0)
    expect(await evil.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(240)
    const name = await evil.evaluate(() => {
      const n = document.querySelector('.sb-name') as HTMLElement
      return {
        scroll: n.scrollWidth,
        client: n.clientWidth,
        overflow: getComputedStyle(n).textOverflow,
      }
    })
    expect(name.scroll).toBeGreaterThan(name.client)
    expect(name.overflow).toBe('ellipsis')
    await page.waitForFunction(
      () => (document.getElementById('evil-img') as HTMLImageElement).naturalWidth === 240,
    )
    const evilWc = page.locator('#evil-wc')
    await evilWc.locator('.sb-name').waitFor()
    expect(await evilWc.locator('.sb-name').textContent()).toContain('<img src=x onerror=')
    expect(await evilWc.locator('img').count()).toBe(0)
    await expect
      .poll(() => page.locator('#missing-wc .sb-note').textContent())
      .toBe('No campaign "missing"')
    // The same words as the iframe's 404 page.
    const missingFrame = await (await fetch(`${apiUrl}/embed/missing`)).text()
    expect(missingFrame).toContain('No campaign &quot;missing&quot;')
    expect(await page.title()).toBe('host')
    // The widget's EventSource meets a 404 and the browser reports the failed load; nothing else.
    expect(errors.filter((e) => !/404/.test(e))).toEqual([])
    await page.close()
  })

  it('lays out from 240 to 1200 px without overlap or overflow', async () => {
    for (const width of [240, 320, 600, 960, 1200]) {
      const { page, errors } = await open(
        `<iframe name="bar" src="${apiUrl}/embed/news?currencyDisplay=after" style="border:0;width:${width}px;height:160px"></iframe>`,
        width + 40,
      )
      const frame = await frameText(page, 'bar')
      const r = await frame.evaluate(() => {
        const rect = (e: Element) => e.getBoundingClientRect()
        const ticks = [...document.querySelectorAll('.sb-tick')].map(rect)
        const sb = rect(document.querySelector('.sb') as Element)
        return {
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          ticksInside: ticks.every((b) => b.left >= sb.left && b.right <= sb.right),
          ticksApart: ticks.every((b, i) => i === 0 || (ticks[i - 1] as DOMRect).right <= b.left),
          button: rect(document.querySelector('.sb-button') as Element).right <= sb.right,
          // The README's iframe is 150 px high: the default bar fits it without a scrollbar.
          fits150: (document.querySelector('.sb') as Element).getBoundingClientRect().height <= 150,
        }
      })
      expect(r, `at ${width} px`).toEqual({
        overflow: 0,
        ticksInside: true,
        ticksApart: true,
        button: true,
        fits150: true,
      })
      expect(errors).toEqual([])
      await page.close()
    }
  })

  it('follows the theme, the accent and reduced motion; screenshots at 320 and 960 px', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of [320, 960]) {
        const { page, errors } = await open(
          `<div id="shot" style="padding:8px;background:${scheme === 'dark' ? '#000' : '#f6f8fa'}">
            <iframe name="bar" src="${apiUrl}/embed/seed?currencyDisplay=after" style="display:block;border:0;width:100%;height:146px"></iframe>
            <img id="img" src="${apiUrl}/embed/seed.svg?currencyDisplay=after&amp;theme=${scheme}&amp;width=${width - 16}" alt="" style="display:block;margin-top:8px">
          </div>`,
          width,
          scheme,
        )
        const frame = await frameText(page, 'bar')
        const bg = await frame.$eval('.sb', (e) => getComputedStyle(e).backgroundColor)
        expect(bg).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)')
        await page.waitForFunction(
          () => (document.getElementById('img') as HTMLImageElement).naturalWidth > 0,
        )
        await page.locator('#shot').screenshot({ path: join(SHOTS, `bar-${scheme}-${width}.png`) })
        expect(errors).toEqual([])
        await page.close()
      }
    }
    const { page } = await open(
      `<support-bar id="wc" campaign="news" src="${apiUrl}" theme="dark" accent="ffd33d" compact></support-bar>
       <script src="${apiUrl}/widget.js"></script>`,
    )
    await page.emulateMedia({ reducedMotion: 'reduce' })
    const wc = page.locator('#wc')
    await wc.locator('.sb-compact .sb-fill').waitFor()
    const style = await wc.locator('.sb-fill').evaluate((e) => {
      const s = getComputedStyle(e)
      return { color: s.backgroundColor, transition: s.transitionDuration }
    })
    expect(style).toEqual({ color: 'rgb(255, 211, 61)', transition: '0s' })
    // A yellow accent gets black button text (AA), a dark one white.
    expect(await wc.locator('.sb-button').evaluate((e) => getComputedStyle(e).color)).toBe(
      'rgb(0, 0, 0)',
    )
    await page.close()
  })

  it('falls back to polling the JSON where EventSource is not available', async () => {
    const { page, errors } = await open(`
      <script>delete window.EventSource</script>
      <support-bar id="wc" campaign="empty" src="${apiUrl}" interval="1"></support-bar>
      <script src="${apiUrl}/widget.js"></script>`)
    const wc = page.locator('#wc')
    await expect.poll(() => wc.locator('.sb-amount').textContent()).toBe('$00%')
    const res = await t.call('POST', '/api/admin/campaigns/empty/adjustments', {
      month: '2021-06',
      amount: 2500,
      reason: 'first gift',
    })
    expect(res.status).toBe(201)
    await wc.locator('.sb-amount', { hasText: '$25' }).waitFor({ timeout: 5000 })
    expect(errors).toEqual([])
    await page.close()
  })

  it('opens one stream per component and follows attribute changes', async () => {
    const { page, errors } = await open(`
      <script>
        // Count the streams the component opens (the browser's own reconnects reuse one).
        window.__streams = []
        const Native = window.EventSource
        window.EventSource = class extends Native {
          constructor(url, init) { super(url, init); window.__streams.push(String(url)) }
        }
      </script>
      <support-bar id="wc" campaign="seed" src="${apiUrl}" theme="light" locale="en-US" currency-display="after"></support-bar>
      <script src="${apiUrl}/widget.js"></script>`)
    const streams = () =>
      page.evaluate(() => (window as unknown as { __streams: string[] }).__streams)
    const wc = page.locator('#wc')
    await expect.poll(() => wc.locator('.sb-amount').textContent()).toBe('1,360 $27.2%')
    expect(await streams()).toHaveLength(1)
    // Two changes in one task: one restart, with both applied.
    await page.evaluate(() => {
      const el = document.getElementById('wc') as HTMLElement
      el.setAttribute('currency-display', 'before')
      el.setAttribute('locale', 'de-DE')
    })
    await expect.poll(() => wc.locator('.sb-amount').textContent()).toMatch(/^\$1\.36027,2\s%$/)
    const opened = await streams()
    expect(opened).toHaveLength(2)
    expect(opened[1]).toContain('locale=de-DE')
    expect(errors).toEqual([])
    await page.close()
  })

  it('polls while the stream is refused, and tries the stream again later', async () => {
    const { page, errors } = await open('<p>host</p>')
    await page.clock.install()
    const stream = `${apiUrl}/api/campaigns/over/stream*`
    // A deployment that cannot hold streams for now: 503 in the one error shape.
    await page.route(stream, (route) =>
      route.fulfill({
        status: 503,
        headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' },
        body: JSON.stringify({ error: { code: 'unavailable', message: 'No streams' } }),
      }),
    )
    await page.setContent(`
      <script>
        window.__streams = 0
        const Native = window.EventSource
        window.EventSource = class extends Native {
          constructor(url, init) { super(url, init); window.__streams++ }
        }
      </script>
      <support-bar id="wc" campaign="over" src="${apiUrl}" month="2021-06" interval="1"></support-bar>
      <script src="${apiUrl}/widget.js"></script>`)
    const streams = () =>
      page.evaluate(() => (window as unknown as { __streams: number }).__streams)
    const wc = page.locator('#wc')
    await expect.poll(() => wc.locator('.sb-amount').textContent()).toBe('$6,000120%')
    expect(await streams()).toBe(1)
    // The stream is back; within the first retry wait (30 s) the widget tries it once more.
    await page.unroute(stream)
    await page.clock.runFor(31_000)
    await expect.poll(streams).toBe(2)
    // From now on changes come over the stream, with the page's clock standing still.
    const res = await t.call('POST', '/api/admin/campaigns/over/adjustments', {
      month: '2021-06',
      amount: 100000,
      reason: 'late gift',
    })
    expect(res.status).toBe(201)
    await expect.poll(() => wc.locator('.sb-amount').textContent()).toBe('$7,000140%')
    expect(errors.filter((e) => !/503|Failed to load resource/.test(e))).toEqual([])
    await page.close()
  })

  it('polling: redraws the bar after an error, and a late answer of an old run changes nothing', async () => {
    const { page, errors } = await open('<p>host</p>')
    const progress = `${apiUrl}/api/campaigns/seed/progress`
    let calls = 0
    await page.route(`${progress}*`, async (route) => {
      calls++
      const url = new URL(route.request().url())
      if (calls === 2) {
        // A passing outage, in the one error shape, readable cross-origin.
        return route.fulfill({
          status: 503,
          headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' },
          body: JSON.stringify({ error: { code: 'unavailable', message: 'Temporarily down' } }),
        })
      }
      // June answers slowly; May (asked after June) answers at once.
      if (url.searchParams.get('month') === '2021-06' && calls > 3) {
        await new Promise((r) => setTimeout(r, 1500))
      }
      return route.continue()
    })
    await page.setContent(`
      <script>delete window.EventSource</script>
      <support-bar id="wc" campaign="seed" src="${apiUrl}" month="2021-06" interval="1"></support-bar>
      <script src="${apiUrl}/widget.js"></script>`)
    const wc = page.locator('#wc')
    await expect.poll(() => wc.locator('.sb-amount').textContent()).toBe('$1,36027.2%')
    await expect.poll(() => wc.locator('.sb-note').textContent()).toBe('Temporarily down')
    // The ETag was forgotten with the error: the next answer redraws the bar.
    await expect.poll(() => wc.locator('.sb-amount').textContent()).toBe('$1,36027.2%')
    // A slow June poll is under way when the month changes; its late answer must not win.
    await expect.poll(() => calls, { timeout: 10_000 }).toBeGreaterThan(3)
    await page.evaluate(() => document.getElementById('wc')?.setAttribute('month', '2021-05'))
    await expect.poll(() => wc.locator('.sb-amount').textContent()).toBe('$00%')
    await page.waitForTimeout(2000)
    expect(await wc.locator('.sb-amount').textContent()).toBe('$00%')
    expect(errors.filter((e) => !/503/.test(e))).toEqual([])
    await page.close()
  })

  it('keeps the widget small', () => {
    const gz = gzipSync(widgetSource()).length
    console.log(`widget.js: ${widgetSource().length} bytes, ${gz} gzipped`)
    expect(gz).toBeLessThan(6 * 1024)
  })
})
