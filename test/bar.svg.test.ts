import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderEmbedPage } from '../src/bar/html.js'
import { barModel } from '../src/bar/model.js'
import { renderSvg, renderSvgNotFound, SVG_FONT } from '../src/bar/svg.js'
import { textWidth } from '../src/bar/text-width.js'
import { DARK, LIGHT } from '../src/bar/theme.js'
import { buildProgress, type MonthFacts } from '../src/domain/progress.js'
import { EmbedQuery } from '../src/routes/embed-query.js'

const facts: MonthFacts = {
  slug: 'news',
  name: 'The Daily News',
  currency: 'USD',
  locale: 'en-US',
  timezone: 'UTC',
  bar: {},
  donateUrl: 'https://example.org/donate',
  archived: false,
  month: '2021-06',
  goal: 500000,
  label: null,
  pledged: 136000,
  donations: 12,
  donors: 9,
  updatedAt: null,
}

function svgOf(query: Record<string, string>, over: Partial<MonthFacts> = {}): string {
  const o = EmbedQuery.parse(query)
  return renderSvg(barModel(buildProgress({ ...facts, ...over }), o), o.width)
}

/** Every value of a fill or stroke attribute, and every fill/stroke in a style rule. */
function paints(svg: string): string[] {
  const attrs = [...svg.matchAll(/\s(?:fill|stroke)="([^"]*)"/g)].map((m) => m[1] as string)
  const rules = [...svg.matchAll(/(?:fill|stroke):([^;}]*)/g)].map((m) => m[1] as string)
  return [...attrs, ...rules]
}

const variants: Record<string, string>[] = []
for (const theme of ['light', 'dark', 'auto'])
  for (const compact of ['0', '1'])
    for (const accent of [undefined, 'ff8800'])
      variants.push({ theme, compact, ...(accent ? { accent } : {}) })

describe('SVG that every renderer draws the same', () => {
  it('paints with concrete colours only: no CSS variable anywhere, in any variant or state', () => {
    const states: Partial<MonthFacts>[] = [{}, { goal: 0 }, { pledged: 900000 }, { pledged: 0 }]
    for (const q of variants) {
      for (const state of states) {
        const svg = svgOf(q, state)
        expect(svg).not.toContain('var(')
        const colours = paints(svg)
        expect(colours.length).toBeGreaterThanOrEqual(4)
        for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/)
      }
      const o = EmbedQuery.parse(q)
      const missing = renderSvgNotFound('No campaign "x"', 320, o.theme, o.accent)
      expect(missing).not.toContain('var(')
      for (const c of paints(missing)) expect(c).toMatch(/^#[0-9a-f]{6}$/)
    }
  })

  it('draws the light colours for light and auto, the dark ones for dark', () => {
    const fills = (svg: string) => [...svg.matchAll(/\sfill="([^"]*)"/g)].map((m) => m[1])
    for (const theme of ['light', 'auto']) {
      const f = fills(svgOf({ theme }))
      expect(f).toContain(LIGHT.background)
      expect(f).toContain(LIGHT.text)
      expect(f).not.toContain(DARK.background)
    }
    const dark = fills(svgOf({ theme: 'dark' }))
    expect(dark).toContain(DARK.background)
    expect(dark).not.toContain(LIGHT.background)
  })

  it('adds a dark override that only browsers apply, and only for auto', () => {
    const auto = svgOf({ theme: 'auto' })
    expect(auto).toContain(
      `<style>@media (prefers-color-scheme:dark){.t{fill:${DARK.text}}.m{fill:${DARK.muted}}`,
    )
    expect(auto).toContain(`.b{fill:${DARK.background}}}</style>`)
    expect(svgOf({ theme: 'light' })).not.toContain('<style')
    expect(svgOf({ theme: 'dark' })).not.toContain('<style')
    // The override keeps a site's accent in dark mode too.
    expect(svgOf({ theme: 'auto', accent: 'ff8800' })).toContain('.a{fill:#ff8800}')
  })

  it("names the PNG route's pinned face first, then system faces, ending on the generic family", () => {
    const svg = svgOf({})
    expect(svg).toContain(`font-family="${SVG_FONT.replaceAll("'", '&#39;')}"`)
    expect(SVG_FONT).toMatch(/^'DejaVu Sans',system-ui,/)
    expect(SVG_FONT).toMatch(/'Liberation Sans',sans-serif$/)
  })

  it('keeps the link outside the role="img" group, with its own accessible name', () => {
    const svg = svgOf({})
    const group = svg.slice(svg.indexOf('<g role="img"'), svg.indexOf('</g>'))
    expect(group).toContain('aria-labelledby="sb-title sb-desc"')
    expect(group).not.toContain('<a ')
    expect(svg.indexOf('<a ')).toBeGreaterThan(svg.indexOf('</g>'))
    expect(svg).toMatch(
      /<a href="https:\/\/example.org\/donate"[^>]* aria-label="Support: The Daily News"/,
    )
    expect(svg.slice(0, svg.indexOf('>'))).not.toContain('role=')
  })
})

/** XML 1.0 Char, without the noncharacters that make a strict parser or renderer balk. */
function xmlSafe(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0
    const legal =
      c === 9 ||
      c === 10 ||
      c === 13 ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      (c >= 0x10000 && c <= 0x10ffff)
    if (!legal || (c >= 0x7f && c <= 0x9f) || (c >= 0xfdd0 && c <= 0xfdef)) return false
    if ((c & 0xfffe) === 0xfffe) return false
  }
  return true
}

describe('any text a user can type', () => {
  it('renders as valid XML and HTML: noncharacters, lone surrogates and bidi overrides go', () => {
    const name = 'A\uFFFEB\uFFFFC\uD800D\uDC00E\u202EF\u2066G\u0085H\u0007I\uFDD0J\u{1FFFE}K 😀 é'
    const html = renderEmbedPage(
      barModel(
        buildProgress({ ...facts, name, label: name, bar: { tagline: name } }),
        EmbedQuery.parse({}),
      ),
      'en-US',
    )
    const svg = svgOf({}, { name, label: name, bar: { tagline: name, buttonLabel: name } })
    for (const out of [svg, html]) {
      expect(xmlSafe(out)).toBe(true)
      expect(out).toContain('ABCDEFGHIJK 😀 é')
    }
  })

  it('never lets any string make the SVG or the page invalid (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const over = { name: text, label: text, bar: { tagline: text, buttonLabel: text } }
        expect(xmlSafe(svgOf({}, over))).toBe(true)
        expect(xmlSafe(svgOf({ compact: '1', locale: 'ar' }, over))).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})

/** Each `<text>` of an SVG with its extent along x, as the metrics measure it. */
function textBoxes(svg: string) {
  const out: { text: string; left: number; right: number }[] = []
  for (const m of svg.matchAll(/<text ([^>]*)>(.*?)<\/text>/g)) {
    const attrs = m[1] as string
    const body = (m[2] as string).replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, 'x')
    const x = Number(/ x="([\d.-]+)"/.exec(attrs)?.[1])
    const size = Number(/font-size="([\d.]+)"/.exec(attrs)?.[1])
    const bold = /font-weight="[67]00"/.test(attrs)
    const spacing = /letter-spacing/.test(attrs) ? 1.06 : 1
    const w = textWidth(body, size * spacing, bold)
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start'
    const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2
    out.push({ text: body, left, right: left + w })
  }
  return out
}

describe('SVG text fits from 240 to 1200 px', () => {
  const long = {
    name: 'N'.repeat(140),
    label: 'L'.repeat(70),
    bar: { tagline: 'T'.repeat(120), buttonLabel: 'W'.repeat(40) },
  }
  it('with a 140-character name and a 70-character label: inside the image, clear of the button', () => {
    for (let width = 240; width <= 1200; width += 40) {
      for (const compact of ['0', '1']) {
        const svg = svgOf({ width: String(width), compact, show: 'sentence,donors,days' }, long)
        const button =
          /<a [^>]*><rect class="a" fill="[^"]+" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/.exec(
            svg,
          )
        expect(button).not.toBeNull()
        const [bx, by] = [Number(button?.[1]), Number(button?.[2])]
        for (const box of textBoxes(svg)) {
          expect(box.left, `${width} ${box.text}`).toBeGreaterThanOrEqual(12 - 0.01)
          expect(box.right, `${width} ${box.text}`).toBeLessThanOrEqual(width - 12 + 0.01)
        }
        // The label (on the button's line) ends before the button starts.
        const onButtonLine = [
          ...svg.matchAll(/<text [^>]*y="([\d.]+)"[^>]*>([^<]*)<\/text>/g),
        ].filter((m) => Number(m[1]) === by + 20 && !(m[2] as string).startsWith('W'))
        for (const m of onButtonLine) {
          const [box] = textBoxes(m[0])
          expect(box?.right ?? 0).toBeLessThanOrEqual(bx)
        }
        // Cut text shows its ellipsis.
        if (compact === '0') expect(svg).toMatch(/N+…<\/text>/)
      }
    }
  })
})

describe('monthly supporters (hook for recurring figures)', () => {
  it('are drawn only where the store has recurring figures, never as a made-up zero', () => {
    const o = EmbedQuery.parse({ show: 'monthly,donors' })
    const without = barModel(buildProgress(facts), o)
    expect(without.facts).toEqual(['9 donors'])
    const withFigures = barModel(buildProgress({ ...facts, monthlySupporters: 12 }), o)
    expect(withFigures.facts).toEqual(['12 monthly supporters', '9 donors'])
    const ja = barModel(buildProgress({ ...facts, monthlySupporters: 1 }, { locale: 'ja' }), o)
    expect(ja.facts[0]).toBe('毎月の支援者1人')
  })
})
