import type { BarSettings, ShowItem } from './bar-settings.js'
import { goalsOf, type Marker } from './goals.js'
import { VERIFIED } from './keys.js'
import { boundedMemo } from './memo.js'
import { type ProgressTexts, progressTexts } from './messages/texts.js'
import { formatMoney, type MoneyFormatOptions } from './money.js'
import { daysLeftInMonth, defaultMonthLabel } from './months.js'

/** What the store knows about a campaign's month, as one row. */
export interface MonthFacts {
  slug: string
  name: string
  currency: string
  locale: string
  /** IANA timezone the campaign's months are counted in. */
  timezone: string
  bar: BarSettings
  donateUrl: string | null
  /** Checkout is on: the Support button may open this service's donate page. */
  checkoutEnabled?: boolean
  archived: boolean
  month: string
  /** Goal in minor units; 0 means no goal set. */
  goal: number
  label: string | null
  /** The month's gross total (what donors gave), minor units. */
  pledged: number
  /** Stripe's fees on it known so far; absent: none. */
  fees?: number
  /** Which total the bar shows as `pledged` (default gross). */
  barAmount?: 'gross' | 'net'
  /** The month's counted money by provider (adjustments name none); absent: none known. */
  bySource?: Record<string, { gross: number; fees: number; donations: number }>
  donations: number
  donors: number
  /**
   * Recurring supporters this month, where the store has recurring figures (subscriptions);
   * absent until then, and the bar then draws nothing for it rather than a guess.
   */
  monthlySupporters?: number
  /** Active monthly subscriptions now and their sum per month (minor units); see Progress. */
  recurring?: { supporters: number; monthly: number }
  /** The latest display names donors agreed to show (at most three), newest first. */
  supporters?: string[]
  updatedAt: string | null
}

export interface Tick {
  /** Minor units. */
  value: number
  formatted: string
  /** Position along the bar, 0..100. */
  position: number
}

/** The public progress object: the JSON contract and the input of every renderer. */
export interface Progress {
  slug: string
  name: string
  month: string
  label: string
  currency: string
  /** The locale the formatted strings and the default label are in. */
  locale: string
  /** The campaign's own locale: the language its name (and a label it set) are written in. */
  campaignLocale: string
  /** The language of `label`: the campaign's when it set one, else the display locale. */
  labelLocale: string
  /** The campaign's own button text (in `campaignLocale`); null for the catalog's. */
  buttonLabel: string | null
  /** One line under the name (in `campaignLocale`), or null. */
  tagline: string | null
  /** The facts the campaign shows by default under the amount. */
  show: ShowItem[]
  goal: number
  /** What the bar shows: `gross` or `net`, as the campaign's `barAmount` says. */
  pledged: number
  /** The month's totals (minor units): gross - fees = net. */
  gross: number
  fees: number
  net: number
  barAmount: 'gross' | 'net'
  /**
   * Each provider's share (`stripe`, `paypal`): `pledged` as `barAmount` says, and its
   * donations. Manual adjustments belong to no provider, so the shares may not add up to
   * `pledged`; the bar shows the one total.
   */
  bySource: Record<string, { pledged: number; donations: number; verified: boolean }>
  /** Percent of the goal, floored to one decimal (27.2); may exceed 100; null without a goal. */
  percent: number | null
  donations: number
  donors: number
  /**
   * Monthly supporters now: subscriptions of the campaign that still give (active, trialing,
   * past_due) and their sum per month in minor units of the campaign's currency.
   */
  recurring: { supporters: number; monthly: number }
  /**
   * The latest display names donors chose to show on Checkout (at most three, newest first);
   * never a donor who did not agree. Text typed by the public: escape it.
   */
  supporters: string[]
  donateUrl: string | null
  updatedAt: string | null
  archived: boolean
  /** Width of the fill, 0..100: clamped, so an over-funded month shows a full bar. */
  fill: number
  ticks: Tick[]
  /** The month's own goal; `goal` is the stretch goal in force once this one is passed. */
  baseGoal: number
  /** Milestones and passed goals on the track, with their amounts formatted. */
  markers: (Marker & { formatted: string })[]
  /** A donor-count goal: donors so far against it, 0..100 fill; null when none is set. */
  donorGoal: { goal: number; fill: number } | null
  /** Days left in the month in the campaign's timezone, today included; null outside it. */
  daysLeft: number | null
  /** The bar's words in the display locale (catalogs, plurals), for every renderer. */
  texts: ProgressTexts
  formatted: {
    goal: string
    pledged: string
    half: string
    percent: string | null
  }
}

/** Percent of `goal` reached by `pledged`, floored to one decimal, in exact integer arithmetic. */
export function percentOf(pledged: number, goal: number): number | null {
  if (goal <= 0) return null
  return Math.floor((pledged * 1000) / goal) / 10
}

const percentFormatter = boundedMemo<Intl.NumberFormat>()

function formatPercent(percent: number, locale: string): string {
  const f = percentFormatter(
    locale,
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
  )
  return f.format(percent / 100)
}

/** Builds the progress view of a month: pure, so every renderer and the JSON agree. */
export function buildProgress(
  facts: MonthFacts,
  options: Partial<MoneyFormatOptions> & { now?: Date } = {},
): Progress {
  const gross = facts.pledged
  const fees = facts.fees ?? 0
  const barAmount = facts.barAmount ?? 'gross'
  const pledged = barAmount === 'net' ? gross - fees : gross
  const money = { locale: options.locale ?? facts.locale, display: options.display ?? 'locale' }
  const fmt = (minor: number) => formatMoney(minor, facts.currency, money)
  const { goal, markers } = goalsOf(pledged, Math.max(0, facts.goal), facts.bar)
  const donorGoal = facts.bar.donorGoal
    ? {
        goal: facts.bar.donorGoal,
        fill: Math.min(100, Math.floor((facts.donors * 1000) / facts.bar.donorGoal) / 10),
      }
    : null
  const percent = percentOf(pledged, goal)
  // Half the goal, rounded down to a whole minor unit: ticks never show fractions of a cent.
  const half = Math.floor(goal / 2)
  const fill = Math.min(100, Math.max(0, percent ?? 0))
  const ticks: Tick[] =
    goal > 0
      ? [
          { value: 0, formatted: fmt(0), position: 0 },
          { value: half, formatted: fmt(half), position: 50 },
          { value: goal, formatted: fmt(goal), position: 100 },
        ]
      : []
  const daysLeft = options.now ? daysLeftInMonth(facts.month, options.now, facts.timezone) : null
  const texts = progressTexts({
    locale: money.locale,
    month: facts.month,
    pledged: fmt(pledged),
    goal: goal > 0 ? fmt(goal) : null,
    donors: facts.donors,
    daysLeft,
    buttonLabel: facts.bar.buttonLabel ?? null,
    campaignLocale: facts.locale,
    donorGoal: donorGoal?.goal ?? null,
    monthlySupporters: facts.monthlySupporters ?? null,
    supporters: facts.supporters,
  })
  return {
    slug: facts.slug,
    name: facts.name,
    month: facts.month,
    label: facts.label ?? defaultMonthLabel(facts.month, money.locale),
    currency: facts.currency,
    locale: money.locale,
    campaignLocale: facts.locale,
    labelLocale: facts.label ? facts.locale : money.locale,
    buttonLabel: facts.bar.buttonLabel ?? null,
    tagline: facts.bar.tagline ?? null,
    show: facts.bar.show ?? [],
    goal,
    baseGoal: Math.max(0, facts.goal),
    markers: markers.map((m) => ({ ...m, formatted: fmt(m.value) })),
    donorGoal,
    pledged,
    gross,
    fees,
    net: gross - fees,
    barAmount,
    bySource: Object.fromEntries(
      Object.entries(facts.bySource ?? {}).map(([p, t]) => [
        p,
        {
          pledged: barAmount === 'net' ? t.gross - t.fees : t.gross,
          donations: t.donations,
          verified: (VERIFIED as Record<string, boolean>)[p] ?? false,
        },
      ]),
    ),
    percent,
    donations: facts.donations,
    donors: facts.donors,
    recurring: facts.recurring ?? { supporters: 0, monthly: 0 },
    supporters: facts.supporters ?? [],
    donateUrl: facts.donateUrl,
    updatedAt: facts.updatedAt,
    archived: facts.archived,
    fill,
    ticks,
    daysLeft,
    texts,
    formatted: {
      goal: fmt(goal),
      pledged: fmt(pledged),
      half: fmt(half),
      percent: percent === null ? null : formatPercent(percent, money.locale),
    },
  }
}
