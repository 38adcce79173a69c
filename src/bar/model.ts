import type { Progress } from '../domain/progress.js'
import type { EmbedOptions } from './options.js'

/** The bar as every renderer draws it: texts, positions and ARIA values, computed once. */
export interface BarModel {
  name: string
  label: string
  /** One line under the name, set by the campaign; empty for none. */
  tagline: string
  pledged: string
  percent: string | null
  /** 0..100, clamped: an over-funded month shows a full bar. */
  fill: number
  ticks: { text: string; position: number }[]
  hasGoal: boolean
  over: boolean
  donateUrl: string | null
  button: string
  /** Percent of the goal, clamped to 0..100; the valuetext says the amounts in words. */
  aria: { min: number; max: number; now: number | undefined; text: string }
  /** One line for `<title>`, `<desc>` and screen readers. */
  summary: string
  /** "1,360 $ raised of 5,000 $": drawn instead of the track when there is no goal. */
  sentence: string
  /** The extra facts asked for (sentence, donors, days left), in order, as words. */
  facts: string[]
  /** Milestones and passed goals: a mark on the track and words in a legend. */
  markers: {
    position: number
    reached: boolean
    /** The whole legend entry, for the SVG's one line. */
    text: string
    /** Its parts, so HTML can isolate the amount and give the label its own lang. */
    amount: string
    /** The milestone's label (campaign language), or the catalog's "reached" for a goal. */
    words: string
    wordsLang: string
  }[]
  /** A donor-count goal as a second, thinner bar; null without one. */
  donors: { fill: number; text: string } | null
  compact: boolean
  theme: EmbedOptions['theme']
  accent: string | undefined
  /** Languages (BCP 47): of the page, of the fixed words, of the name, label and button. */
  lang: { page: string; ui: string; name: string; label: string; button: string }
  /** Writing direction of the page's language: `rtl` draws the bar mirrored. */
  dir: 'ltr' | 'rtl'
}

/**
 * The `lang` attribute an element needs inside a page in `page`'s language: its own language
 * when that differs (WCAG 3.1.2, so a screen reader speaks it right), else none.
 */
export function langIf(lang: string, page: string): string | undefined {
  const base = (tag: string) => tag.split('-')[0]?.toLowerCase()
  return base(lang) === base(page) ? undefined : lang
}

/**
 * Text a user typed, made safe for XML 1.0 and HTML: C0/C1 controls (but tab and newlines),
 * lone surrogates and the noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, U+nFFFE/F) are
 * dropped, and bidi embeddings, overrides and isolates are removed: an unclosed one would
 * flip the text after it (the HTML also isolates each user text with dir="auto").
 */
export function cleanText(text: string): string {
  let out = ''
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) continue
    if (c >= 0x7f && c <= 0x9f) continue
    if (c >= 0xd800 && c <= 0xdfff) continue
    if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) === 0xfffe) continue
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) continue
    out += ch
  }
  return out
}

/** Builds the model of the bar for a month's progress, in the progress's own locale. */
export function barModel(progress: Progress, options: EmbedOptions): BarModel {
  const p = progress
  const t = p.texts
  const name = cleanText(p.name)
  const hasGoal = p.goal > 0
  const over = hasGoal && p.pledged > p.goal
  const percent = p.formatted.percent
  const summary = `${name}: ${t.valuetext}${percent && hasGoal ? ` (${percent})` : ''}`
  return {
    name,
    label: cleanText(p.label),
    tagline: cleanText(p.tagline ?? ''),
    pledged: p.formatted.pledged,
    percent,
    fill: p.fill,
    ticks: p.ticks.map((tick) => ({ text: tick.formatted, position: tick.position })),
    hasGoal,
    over,
    donateUrl: p.donateUrl,
    button: cleanText(t.button),
    aria: {
      min: 0,
      max: 100,
      // Without a goal there is no "how far": an indeterminate bar; the valuetext says the sum.
      now: hasGoal ? p.fill : undefined,
      text: t.valuetext,
    },
    summary,
    sentence: t.sentence,
    facts: (options.show ?? p.show).flatMap((item) => {
      // Without a goal the sentence already stands in for the track.
      if (item === 'sentence') return hasGoal ? [t.sentence] : []
      if (item === 'donors') return [t.donors]
      // Monthly supporters only where recurring figures exist: never a made-up zero.
      if (item === 'monthly') return t.monthly ? [t.monthly] : []
      // Names only of donors who agreed to show one; none, no line.
      if (item === 'supporters') return t.wall ? [cleanText(t.wall)] : []
      return t.daysLeft ? [t.daysLeft] : []
    }),
    markers: p.markers.map((mk) => {
      const goal = mk.kind === 'goal'
      const words = goal ? t.reached : cleanText(mk.label)
      const amount = `${!goal && mk.reached ? '✓ ' : ''}${mk.formatted}`
      return {
        position: mk.position,
        reached: mk.reached,
        text: goal ? `${amount} ${words}` : `${amount}: ${words}`,
        amount: goal ? amount : `${amount}:`,
        words,
        wordsLang: goal ? t.lang : p.campaignLocale,
      }
    }),
    donors: p.donorGoal && t.supporters ? { fill: p.donorGoal.fill, text: t.supporters } : null,
    compact: options.compact ?? false,
    theme: options.theme,
    accent: options.accent,
    lang: {
      page: p.locale,
      ui: t.lang,
      name: p.campaignLocale,
      label: p.labelLocale,
      button: t.buttonLang,
    },
    dir: t.dir,
  }
}
