import { Resvg } from '@resvg/resvg-js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_SVG_WIDTH } from '../src/bar/options.js'
import { forRasterizer } from '../src/bar/svg-raster.js'
import { resvgOptions, svgToPng } from '../src/node/png.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** Width and height from a PNG's IHDR chunk (after the signature and the chunk header). */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  expect(new TextDecoder().decode(bytes.slice(12, 16))).toBe('IHDR')
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

describe('GET /embed/:slug.png', () => {
  let t: TestApp
  let rasterised: number
  const clock = fixedClock('2021-06-15T12:00:00Z')
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await t.app.request(path, { headers })
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) }
  }

  beforeEach(async () => {
    rasterised = 0
    t = await makeTestApp({
      deps: {
        clock,
        rasterize: (svg, width) => {
          rasterised++
          return svgToPng(svg, width)
        },
      },
    })
    await t.call('POST', '/api/admin/campaigns', newsCampaign)
    await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 136000,
      reason: 'gifts',
    })
  })
  afterEach(() => t.close())

  it('rasterises exactly the SVG of the same options, at width x density pixels', async () => {
    const query = 'month=2021-06&theme=dark&width=480&locale=de-DE'
    const svg = await (await t.app.request(`/embed/news.svg?${query}`)).text()
    const one = await get(`/embed/news.png?${query}`)
    expect(one.res.status).toBe(200)
    expect(one.res.headers.get('content-type')).toBe('image/png')
    expect(one.res.headers.get('access-control-allow-origin')).toBe('*')
    expect(one.res.headers.get('x-request-id')).toBeTruthy()
    const size = pngSize(one.bytes)
    expect(size.width).toBe(480)
    expect(one.bytes).toEqual(await svgToPng(svg, 480))
    const two = await get(`/embed/news.png?${query}&density=2`)
    expect(pngSize(two.bytes)).toEqual({ width: 960, height: size.height * 2 })
    expect(two.res.headers.get('etag')).not.toBe(one.res.headers.get('etag'))
    // Default width: the SVG's 600 px.
    expect(pngSize((await get('/embed/news.png')).bytes).width).toBe(600)
  })

  it('is rasterised once per change, with an ETag and 304', async () => {
    const first = await get('/embed/news.png?month=2021-06')
    const etag = first.res.headers.get('etag') ?? ''
    expect(etag).toMatch(/^W\/"/)
    const again = await get('/embed/news.png?month=2021-06')
    expect(again.res.headers.get('etag')).toBe(etag)
    expect(again.bytes).toEqual(first.bytes)
    expect(rasterised).toBe(1)
    const notModified = await get('/embed/news.png?month=2021-06', { 'If-None-Match': etag })
    expect(notModified.res.status).toBe(304)
    expect(notModified.bytes.length).toBe(0)
    await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 5000,
      reason: 'cheque',
    })
    const changed = await get('/embed/news.png?month=2021-06', { 'If-None-Match': etag })
    expect(changed.res.status).toBe(200)
    expect(changed.res.headers.get('etag')).not.toBe(etag)
    expect(rasterised).toBe(2)
  })

  it('answers bad options and unknown campaigns with an image, never JSON', async () => {
    const bad = await get('/embed/news.png?density=3')
    expect(bad.res.status).toBe(400)
    expect(bad.res.headers.get('content-type')).toBe('image/png')
    expect(pngSize(bad.bytes).width).toBe(600)
    const missing = await get('/embed/nope.png?width=300')
    expect(missing.res.status).toBe(404)
    expect(missing.res.headers.get('content-type')).toBe('image/png')
    expect(pngSize(missing.bytes).width).toBe(300)
    expect(missing.res.headers.get('cache-control')).toBe('no-store')
    await t.call('PATCH', '/api/admin/campaigns/news', { archived: true })
    const ended = await get('/embed/news.png')
    expect(ended.res.status).toBe(404)
    expect(ended.res.headers.get('content-type')).toBe('image/png')
  })

  it('is the og:image and Twitter card of the embed page, with its options', async () => {
    const page = await (
      await t.app.request('http://bar.test/embed/news?width=480&utm=x%22&theme=dark')
    ).text()
    const meta = (key: string) =>
      page.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`))?.[1]
    const image = meta('og:image')
    // Without PUBLIC_URL: root-relative, never the Host a request names; the page ignores
    // width (one cached page for every width), so its image has the default width.
    expect(image).toBe('/embed/news.png?theme=dark')
    expect(meta('twitter:card')).toBe('summary_large_image')
    expect(meta('twitter:image')).toBe(image)
    expect(meta('og:image:alt')).toMatch(/\$1,360/)
    const png = await get((image ?? '').replaceAll('&amp;', '&'))
    expect(png.res.status).toBe(200)
    expect(pngSize(png.bytes).width).toBe(DEFAULT_SVG_WIDTH)
    // With PUBLIC_URL: absolute, as link previews want it, whatever Host the request named.
    const pub = await makeTestApp({ env: { PUBLIC_URL: 'https://bar.example.org/' } })
    try {
      await pub.call('POST', '/api/admin/campaigns', newsCampaign)
      const html = await (await pub.app.request('http://evil.test/embed/news')).text()
      expect(html).toContain('content="https://bar.example.org/embed/news.png"')
    } finally {
      await pub.close()
    }
  })

  it('draws a right-to-left bar inside the image, the percentage clear of the amount', async () => {
    for (const q of ['locale=ar', 'locale=ar&compact=true', 'locale=ar&width=360']) {
      const svg = await (await t.app.request(`/embed/news.svg?month=2021-06&${q}`)).text()
      const width = Number(/width="(\d+)"/.exec(svg)?.[1])
      // What resvg draws, as the PNG route hands it over: every mark within the image.
      const box = new Resvg(forRasterizer(svg), resvgOptions(width)).getBBox()
      expect(box, q).toBeDefined()
      expect(box?.x ?? -1, q).toBeGreaterThanOrEqual(0)
      expect((box?.x ?? 0) + (box?.width ?? Infinity), q).toBeLessThanOrEqual(width)
      const png = await get(`/embed/news.png?month=2021-06&${q}`)
      expect(png.bytes, q).toEqual(await svgToPng(forRasterizer(svg), width))
    }
    const svg = await (await t.app.request('/embed/news.svg?month=2021-06&locale=ar')).text()
    const drawn = forRasterizer(svg)
    // The amount's run ends at its anchor; the gap before the percentage points right.
    expect(drawn).toMatch(/<tspan[^>]* dx="6"/)
    expect(drawn).not.toMatch(/[\u200e\u200f]/)
    // Left to right, the SVG is drawn as it is.
    const ltr = await (await t.app.request('/embed/news.svg?month=2021-06')).text()
    expect(forRasterizer(ltr)).toBe(ltr)
  })

  it('says so in an image where no rasteriser is configured (Workers)', async () => {
    const bare = await makeTestApp()
    try {
      const res = await bare.app.request('/embed/news.png')
      expect(res.status).toBe(501)
      expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
      expect(await res.text()).toContain('PNG images are not available here')
    } finally {
      await bare.close()
    }
  })
})
