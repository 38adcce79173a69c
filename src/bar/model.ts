import type { Progress } from '../domain/progress.js'
import type { EmbedOptions } from './options.js'

/** The bar as every renderer draws it: texts, positions and ARIA values, computed once. */
export interface BarModel {
  name: string
  label: string
  /** "June 2021", for sentences (the label is the campaign's own, often upper case). */
  monthName: string
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
  aria: { min: number; max: number; now: number; text: string }
  /** One line for `<title>`, `<desc>` and screen readers. */
  summary: string
  compact: boolean
  theme: EmbedOptions['theme']
  accent: string | undefined
}

const monthFormatters = new Map<string, Intl.DateTimeFormat>()

/** "June 2021" in the display locale (cached formatter). */
export function monthName(month: string, locale: string): string {
  let f = monthFormatters.get(locale)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' })
    monthFormatters.set(locale, f)
  }
  return f.format(new Date(`${month}-01T00:00:00Z`))
}

/** Builds the model of the bar for a month's progress, in the options' locale. */
export function barModel(p: Progress, options: EmbedOptions, locale: string): BarModel {
  const hasGoal = p.goal > 0
  const pledged = p.formatted.pledged
  const name = monthName(p.month, locale)
  const text = hasGoal
    ? `${pledged} of ${p.formatted.goal} raised in ${name}`
    : `${pledged} raised in ${name}`
  const over = hasGoal && p.pledged > p.goal
  const percent = p.formatted.percent
  const summary = `${p.name}: ${text}${percent && hasGoal ? ` (${percent})` : ''}`
  return {
    name: p.name,
    label: p.label,
    monthName: name,
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
      now: p.fill,
      text,
    },
    summary,
    compact: options.compact ?? false,
    theme: options.theme,
    accent: options.accent,
  }
}
