import { Resvg } from '@resvg/resvg-js'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PINNED_FAMILY, pinnedFontFiles } from '../../src/node/png.js'
import type { TestApp } from '../support/harness.js'
import { launchChromium, reportCounts, SVG_VARIANTS, validatorApp } from './fixtures.js'

/**
 * The SVG render check: every SVG variant rasterised with resvg (as e-mail image proxies,
 * chat previews and the PNG route do) must not be one flat colour, and must match Chromium's
 * rendering of the same SVG closely. Both are composited over white, pixel for pixel.
 *
 * This is the check for the theme-colour issue (fills as CSS variables, which only browsers
 * resolve: resvg draws them black); it fails until the SVG carries concrete colours.
 */

interface Raster {
  width: number
  height: number
  /** RGB over white, 3 bytes a pixel. */
  rgb: Uint8Array
}

/** RGBA (straight alpha) over white. */
function overWhite(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Raster {
  const rgb = new Uint8Array(width * height * 3)
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    const a = (rgba[i + 3] ?? 0) / 255
    for (let c = 0; c < 3; c++) rgb[j + c] = Math.round((rgba[i + c] ?? 0) * a + 255 * (1 - a))
  }
  return { width, height, rgb }
}

/**
 * Both renderers draw with the same pinned font files (the ones the PNG route uses), so the
 * check compares renderers, not the fonts a machine happens to have: resvg loads no system
 * font, and Chromium runs with a fontconfig that knows only those files (fixtures.ts).
 */
function withResvg(svg: string): Raster {
  const font = {
    loadSystemFonts: false,
    fontFiles: pinnedFontFiles(),
    defaultFontFamily: PINNED_FAMILY,
  }
  const image = new Resvg(svg, { font, logLevel: 'off' }).render()
  return overWhite(new Uint8Array(image.pixels), image.width, image.height)
}

/** Share of the commonest colour, and how many colours cover at least 1% of the pixels each. */
function colourSpread(r: Raster): { dominant: number; significant: number } {
  const counts = new Map<number, number>()
  const n = r.width * r.height
  for (let j = 0; j < r.rgb.length; j += 3) {
    // Quantised a little, so anti-aliasing does not count as colours of its own.
    const key =
      ((r.rgb[j] ?? 0) >> 3) * 1024 + ((r.rgb[j + 1] ?? 0) >> 3) * 32 + ((r.rgb[j + 2] ?? 0) >> 3)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const sorted = [...counts.values()].sort((a, b) => b - a)
  return {
    dominant: (sorted[0] ?? 0) / n,
    significant: sorted.filter((c) => c / n >= 0.01).length,
  }
}

/** Mean absolute difference per channel (0..255), and the share of pixels off by more than 64. */
function difference(a: Raster, b: Raster): { mean: number; off: number } {
  let sum = 0
  let off = 0
  for (let j = 0; j < a.rgb.length; j += 3) {
    let worst = 0
    for (let c = 0; c < 3; c++) {
      const d = Math.abs((a.rgb[j + c] ?? 0) - (b.rgb[j + c] ?? 0))
      sum += d
      worst = Math.max(worst, d)
    }
    if (worst > 64) off++
  }
  return { mean: sum / a.rgb.length, off: off / (a.width * a.height) }
}

/** Limits of "closely": fonts and anti-aliasing differ between the two renderers. */
const MAX_MEAN = 4
const MAX_OFF = 0.02
/** An image whose commonest colour covers more than this is one flat colour. */
const FLAT = 0.99

describe('SVG render check: resvg and Chromium draw the same bar', () => {
  let t: TestApp
  let browser: Browser

  beforeAll(async () => {
    t = await validatorApp()
    browser = await launchChromium({ pinnedFonts: true })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  async function withChromium(svg: string, width: number, height: number): Promise<Raster> {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 })
    try {
      const url = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
      const b64 = await page.evaluate(
        async ({ url, width, height }) => {
          const img = new Image()
          img.src = url
          await img.decode()
          const canvas = document.createElement('canvas')
          canvas.width = width
          canvas.height = height
          const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
          ctx.drawImage(img, 0, 0, width, height)
          const data = ctx.getImageData(0, 0, width, height).data
          let bin = ''
          for (let i = 0; i < data.length; i += 0x8000) {
            bin += String.fromCharCode(...data.subarray(i, i + 0x8000))
          }
          return btoa(bin)
        },
        { url, width, height },
      )
      return overWhite(new Uint8Array(Buffer.from(b64, 'base64')), width, height)
    } finally {
      await page.close()
    }
  }

  // 17 variants through two renderers: over a minute on a loaded 2-core machine.
  it('draws every variant in colour, and as Chromium does', { timeout: 180_000 }, async () => {
    const problems: string[] = []
    const lines: string[] = []
    for (const path of SVG_VARIANTS) {
      const res = await t.app.request(path)
      expect([200, 404], path).toContain(res.status)
      const svg = await res.text()
      const resvg = withResvg(svg)
      const spread = colourSpread(resvg)
      const chrome = await withChromium(svg, resvg.width, resvg.height)
      const diff = difference(resvg, chrome)
      lines.push(
        `${path}: ${resvg.width}x${resvg.height}, commonest colour ${(spread.dominant * 100).toFixed(1)}%, ` +
          `${spread.significant} colours >=1%, vs Chromium: mean ${diff.mean.toFixed(2)}, ` +
          `${(diff.off * 100).toFixed(2)}% pixels off`,
      )
      if (spread.dominant > FLAT) {
        problems.push(`${path}: one flat colour under resvg`)
      }
      if (diff.mean > MAX_MEAN || diff.off > MAX_OFF) {
        problems.push(`${path}: resvg and Chromium differ (${lines.at(-1)})`)
      }
    }
    reportCounts(
      `svg render check: ${SVG_VARIANTS.length} variants, ${problems.length} problems\n  ${lines.join('\n  ')}`,
    )
    expect(problems).toEqual([])
  })

  it('tells a flat image from a drawn one, and a different drawing from the same', () => {
    const flat = withResvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20"><rect width="100" height="20" fill="var(--sb-bg)"/><text x="4" y="14" font-size="12" fill="var(--sb-text)">Support</text></svg>',
    )
    // CSS variables: resvg paints both the background and the text black.
    expect(colourSpread(flat).dominant).toBeGreaterThan(FLAT)
    const drawn = withResvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20"><rect width="100" height="20" fill="#fff"/><rect width="40" height="20" fill="#0969da"/></svg>',
    )
    expect(colourSpread(drawn).significant).toBe(2)
    expect(difference(drawn, drawn)).toEqual({ mean: 0, off: 0 })
    expect(difference(flat, drawn).off).toBeGreaterThan(MAX_OFF)
  })
})
