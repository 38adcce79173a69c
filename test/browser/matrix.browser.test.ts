import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { galleryMarkdown, type Shot } from './gallery.js'
import { checkBar, checkSvg, compactLine, parsesAsXml } from './layout-checks.js'
import { type Rig, startRig } from './rig.js'

/**
 * Every embed (iframe, SVG, web component) at 360, 768 and 1280 px, light and dark,
 * left-to-right (en) and right-to-left (ar): nothing overflows its box, no text is clipped
 * without its ellipsis, the button never covers text, names and roles are there, and every
 * text meets WCAG AA contrast. Screenshots of every variant land in test-results/matrix, or,
 * with GALLERY=1 (`npm run gallery`), in docs/gallery/ with docs/gallery.md listing them.
 */
const GALLERY = process.env.GALLERY === '1'
const SHOTS = GALLERY ? join(process.cwd(), 'docs', 'gallery') : join('test-results', 'matrix')
const WIDTHS = [360, 768, 1280] as const
const SCHEMES = ['light', 'dark'] as const
const LOCALES = [
  { locale: 'en-US', dir: 'ltr', button: 'Give now' },
  { locale: 'ar', dir: 'rtl', button: 'Give now' },
] as const

describe('every embed at 360/768/1280 px, light and dark, left-to-right and right-to-left', () => {
  let t: TestApp
  let rig: Rig
  let apiUrl: string
  let browser: Browser
  const shots: Shot[] = []

  beforeAll(async () => {
    t = await makeTestApp({ deps: { clock: fixedClock('2021-06-15T12:00:00Z') } })
    const create = async (body: object) =>
      expect((await t.call('POST', '/api/admin/campaigns', body)).status).toBe(201)
    const adjust = async (slug: string, amount: number) =>
      expect(
        (
          await t.call('POST', `/api/admin/campaigns/${slug}/adjustments`, {
            month: '2021-06',
            amount,
            reason: 'offline gifts',
          })
        ).status,
      ).toBe(201)
    await create({
      ...newsCampaign,
      bar: {
        buttonLabel: 'Give now',
        tagline: 'Independent news, paid for by its readers',
        show: ['sentence', 'donors', 'days'],
        milestones: [{ amount: 250000, label: 'a new camera' }],
        donorGoal: 100,
      },
    })
    await adjust('news', 136000)
    // The longest texts the API takes: a 140-character name, a 70-character label.
    await create({
      ...newsCampaign,
      slug: 'long',
      name: `${'Wide Words Make Wrapping Worse '.repeat(5)}`.slice(0, 140),
      bar: { buttonLabel: 'W'.repeat(40), tagline: 'M'.repeat(120) },
    })
    await t.call('PUT', '/api/admin/campaigns/long/months/2021-06', {
      goal: 123456789,
      label: 'MWMWMWMWMW'.repeat(7),
    })
    await adjust('long', 98765432)
    await create({ ...newsCampaign, slug: 'nogoal', name: 'No goal', defaultGoal: 0 })
    await adjust('nogoal', 136000)
    await create({
      ...newsCampaign,
      slug: 'over',
      name: 'Over the top',
      bar: { stretchGoals: [750000] },
    })
    await adjust('over', 600000)
    await create({ ...newsCampaign, slug: 'ended', name: 'Last year' })
    await t.call('PATCH', '/api/admin/campaigns/ended', { archived: true })

    rig = await startRig(t.app.fetch)
    apiUrl = rig.apiUrl
    browser = rig.browser
    mkdirSync(SHOTS, { recursive: true })
  })

  afterAll(async () => {
    await rig?.close()
    await t?.close()
    if (GALLERY) writeFileSync(join('docs', 'gallery.md'), galleryMarkdown(shots))
  })

  const open = (body: string, width: number, colorScheme: 'light' | 'dark') =>
    rig.open(body, {
      width,
      height: 900,
      colorScheme,
      bodyStyle: `margin:8px;background:${colorScheme === 'dark' ? '#000' : '#f6f8fa'}`,
    })

  const frame = async (page: Page, name: string): Promise<Frame> => {
    const f = page.frame({ name })
    if (!f) throw new Error(`no frame ${name}`)
    await f.waitForSelector('.sb')
    return f
  }

  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      for (const { locale, dir, button } of LOCALES) {
        it(`${width} px, ${scheme}, ${dir}`, async () => {
          const inner = width - 16
          const q = `locale=${locale}`
          const { page, errors } = await open(
            `<iframe name="news" title="Support us" src="${apiUrl}/embed/news?${q}" style="display:block;border:0;width:100%;height:250px"></iframe>
             <iframe name="long" title="Support us" src="${apiUrl}/embed/long?${q}" style="display:block;border:0;width:100%;height:200px"></iframe>
             <img id="img" alt="" src="${apiUrl}/embed/news.svg?${q}&amp;width=${Math.min(inner, 1200)}" style="display:block;max-width:100%;height:auto">
             <support-bar id="wc" campaign="news" locale="${locale}" src="${apiUrl}"></support-bar>
             <support-bar id="wc-long" campaign="long" locale="${locale}" src="${apiUrl}"></support-bar>
             <script src="${apiUrl}/widget.js"></script>`,
            width,
            scheme,
          )
          // The iframe: the whole document is the bar.
          for (const name of ['news', 'long']) {
            const f = await frame(page, name)
            const report = await f.evaluate(checkBar, { selector: 'html', expectLang: locale, dir })
            expect(report.problems, `iframe ${name}`).toEqual([])
            expect(report.dark).toBe(scheme === 'dark')
            await expect
              .poll(() => f.getByRole('progressbar').first().getAttribute('aria-valuetext'))
              .toBeTruthy()
          }
          const news = await frame(page, 'news')
          expect(await news.getByRole('link', { name: button }).count()).toBe(1)

          // The web component: the same checks inside its shadow root.
          for (const id of ['wc', 'wc-long']) {
            await page.locator(`#${id} .sb-button`).waitFor()
            const report = await page.evaluate(checkBar, {
              selector: `#${id}`,
              expectLang: locale,
              dir,
            })
            expect(report.problems, id).toEqual([])
            expect(report.dark).toBe(scheme === 'dark')
          }
          expect(await page.locator('#wc').getByRole('link', { name: button }).count()).toBe(1)
          expect(await page.locator('#wc').getByRole('progressbar').count()).toBe(2)

          // The image scales to the phone: never wider than the page.
          await page.waitForFunction(
            () => (document.getElementById('img') as HTMLImageElement).complete,
          )
          const img = await page.$eval('#img', (i) => i.getBoundingClientRect().width)
          expect(img).toBeLessThanOrEqual(inner + 0.5)
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth),
          ).toBeLessThanOrEqual(width)

          const file = `bar-${width}-${scheme}-${dir}.jpg`
          await page.screenshot({
            path: join(SHOTS, file),
            fullPage: true,
            type: 'jpeg',
            quality: 80,
          })
          shots.push({
            file,
            title: `${width} px, ${scheme}, ${dir === 'rtl' ? 'Arabic (right to left)' : 'English'}`,
            group: 'matrix',
          })
          expect(errors).toEqual([])
          await page.close()

          // The SVG opened on its own, at the width it would take on this page.
          for (const slug of ['news', 'long']) {
            const svgPage = await browser.newPage({
              viewport: { width, height: 400 },
              colorScheme: scheme,
            })
            const url = `${apiUrl}/embed/${slug}.svg?${q}&width=${Math.min(Math.max(inner, 240), 1200)}`
            const source = await (await fetch(url)).text()
            expect(await svgPage.evaluate(parsesAsXml, source)).toBe(true)
            await svgPage.goto(url)
            const r = await svgPage.evaluate(checkSvg)
            expect(r.problems, `svg ${slug}`).toEqual([])
            expect(r.dark).toBe(scheme === 'dark')
            await svgPage.close()
          }
        })
      }
    }
  }

  it('draws compact mode on one line, in the same order, in HTML, SVG and the web component', async () => {
    for (const width of [360, 1280]) {
      const { page, errors } = await open(
        `<iframe name="c" title="Support us" src="${apiUrl}/embed/news?compact=1" style="display:block;border:0;width:100%;height:80px"></iframe>
         <support-bar id="wc" campaign="news" compact src="${apiUrl}"></support-bar>
         <script src="${apiUrl}/widget.js"></script>`,
        width,
        'light',
      )
      const f = await frame(page, 'c')
      await page.locator('#wc .sb-button').waitFor()
      const want = { oneLine: true, inOrder: true, hidden: true }
      expect(await f.evaluate(compactLine, 'html'), `iframe at ${width}`).toEqual(want)
      expect(await page.evaluate(compactLine, '#wc'), `component at ${width}`).toEqual(want)
      expect(errors).toEqual([])
      await page.close()
      // The SVG: one line of track, amount and button (the image is one button high).
      const svg = await (
        await fetch(`${apiUrl}/embed/news.svg?compact=1&width=${Math.min(width, 1200)}`)
      ).text()
      expect(svg).toMatch(/height="54"/)
      const x = (re: RegExp) => Number(re.exec(svg)?.[1])
      const track = x(/<rect class="k" fill="[^"]+" x="([\d.]+)"/)
      const amount = x(/<text class="t" fill="[^"]+" x="([\d.]+)"/)
      const button = x(/<a [^>]*><rect class="a" fill="[^"]+" x="([\d.]+)"/)
      expect(track < amount && amount < button, `svg at ${width}`).toBe(true)
      expect(svg).not.toContain('JUNE 2021</text>')
    }
  })

  it('web component says what the iframe says for an ended or unknown campaign', async () => {
    const { page } = await open(
      `<iframe name="ended" title="Support us" src="${apiUrl}/embed/ended?locale=fr"></iframe>
       <support-bar id="ended" campaign="ended" locale="fr" src="${apiUrl}"></support-bar>
       <support-bar id="nope" campaign="nope" locale="de" src="${apiUrl}"></support-bar>
       <script src="${apiUrl}/widget.js"></script>`,
      768,
      'light',
    )
    const f = await frame(page, 'ended')
    const said = (await f.textContent('.sb-note'))?.trim()
    expect(said).toBe('Last year: cette campagne est terminée')
    await expect.poll(() => page.locator('#ended .sb-note').textContent()).toBe(said)
    expect(await page.locator('#ended .sb').getAttribute('lang')).toBe('fr')
    expect(await page.locator('#ended [role=progressbar]').count()).toBe(0)
    const missing = await (await fetch(`${apiUrl}/embed/nope?locale=de`)).text()
    expect(missing).toContain('Keine Kampagne „nope“')
    await expect
      .poll(() => page.locator('#nope .sb-note').textContent())
      .toBe('Keine Kampagne „nope“')
    await page.close()
  })

  it('draws the states and options a site can pick (gallery)', async () => {
    const variants: [string, string, string][] = [
      ['compact', 'news?compact=1', 'compact (one line)'],
      ['compact-svg', 'news.svg?compact=1&width=600', 'compact SVG'],
      ['nogoal', 'nogoal?show=donors', 'no goal: the amount raised in words'],
      ['over', 'over', 'stretch goal took over, first goal marked'],
      ['ended', 'ended?locale=fr', 'ended campaign (French)'],
      ['missing', 'missing.svg?theme=dark&locale=ja', 'unknown campaign, dark image (Japanese)'],
      ['bad', 'news.svg?width=5', 'bad option: an error image, status 400'],
      ['history', 'news/history.svg?months=12&width=600', 'history: raised against goal per month'],
      ['de', 'news?locale=de-DE', 'German'],
      ['ja', 'news?locale=ja-JP&currencyDisplay=after', 'Japanese'],
      ['accent', 'news.svg?accent=c2185b&theme=light', 'a site accent colour'],
    ]
    for (const [name, path, title] of variants) {
      const page = await browser.newPage({ viewport: { width: 640, height: 300 } })
      const res = await page.goto(`${apiUrl}/embed/${path}`)
      expect(res?.status(), path).toBeLessThan(
        name === 'bad' ? 500 : name === 'ended' || name === 'missing' ? 405 : 300,
      )
      const file = `variant-${name}.png`
      await page.screenshot({
        path: join(SHOTS, file),
        fullPage: false,
        clip: { x: 0, y: 0, width: 640, height: 200 },
      })
      shots.push({ file, title, group: 'variants' })
      await page.close()
    }
  })
})
