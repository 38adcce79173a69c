import { describe, expect, it } from 'vitest'
import { barModel } from '../src/bar/model.js'
import { EmbedQuery } from '../src/bar/options.js'
import { renderSvg, renderSvgNotFound, SVG_FONT } from '../src/bar/svg.js'
import { DARK, LIGHT } from '../src/bar/theme.js'
import { buildProgress, type MonthFacts } from '../src/domain/progress.js'

const facts: MonthFacts = {
  slug: 'news',
  name: 'The Daily News',
  currency: 'USD',
  locale: 'en-US',
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
        expect(colours.length).toBeGreaterThanOrEqual(5)
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

  it('names fonts with fallbacks that exist outside browsers, ending on the generic family', () => {
    const svg = svgOf({})
    expect(svg).toContain(`font-family="${SVG_FONT.replaceAll("'", '&#39;')}"`)
    expect(SVG_FONT).toMatch(/'Liberation Sans','DejaVu Sans',sans-serif$/)
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
