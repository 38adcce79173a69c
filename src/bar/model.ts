import { monthName } from '../domain/months.js'
import type { Progress } from '../domain/progress.js'
import type { EmbedOptions } from './options.js'

/** The bar as every renderer draws it: texts, positions and ARIA values, computed once. */
export interface BarModel {
  name: string
  label: string
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
  compact: boolean
  theme: EmbedOptions['theme']
  accent: string | undefined
  /** Languages (BCP 47): of the page, of the fixed words, of the name, of the label. */
  lang: { page: string; ui: string; name: string; label: string }
}

/**
 * The `lang` attribute an element needs inside a page in `page`'s language: its own language
 * when that differs (WCAG 3.1.2, so a screen reader speaks it right), else none.
 */
export function langIf(lang: string, page: string): string | undefined {
  const base = (tag: string) => tag.split('-')[0]?.toLowerCase()
  return base(lang) === base(page) ? undefined : lang
}

/** C0 controls other than tab and newlines are not allowed in XML: an SVG with one breaks. */
function clean(text: string): string {
  const allowed = (c: number) => c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127)
  return Array.from(text)
    .filter((ch) => allowed(ch.codePointAt(0) ?? 0))
    .join('')
}

/** Builds the model of the bar for a month's progress, in the progress's own locale. */
export function barModel(progress: Progress, options: EmbedOptions): BarModel {
  const p = { ...progress, name: clean(progress.name), label: clean(progress.label) }
  const hasGoal = p.goal > 0
  const pledged = p.formatted.pledged
  // "June 2021" for sentences: the label is the campaign's own, often upper case.
  const name = monthName(p.month, p.locale)
  const text = hasGoal
    ? `${pledged} of ${p.formatted.goal} raised in ${name}`
    : `${pledged} raised in ${name}`
  const over = hasGoal && p.pledged > p.goal
  const percent = p.formatted.percent
  const summary = `${p.name}: ${text}${percent && hasGoal ? ` (${percent})` : ''}`
  return {
    name: p.name,
    label: p.label,
    pledged,
    percent,
    fill: p.fill,
    ticks: p.ticks.map((t) => ({ text: t.formatted, position: t.position })),
    hasGoal,
    over,
    donateUrl: p.donateUrl,
    button: 'Support',
    aria: {
      min: 0,
      max: 100,
      // Without a goal there is no "how far": an indeterminate bar; the valuetext says the sum.
      now: hasGoal ? p.fill : undefined,
      text,
    },
    summary,
    compact: options.compact ?? false,
    theme: options.theme,
    accent: options.accent,
    // The fixed words are English until the message catalogs speak the page's language.
    lang: { page: p.locale, ui: 'en', name: p.campaignLocale, label: p.labelLocale },
  }
}
