import { formatMoney, type MoneyFormatOptions } from './money.js'
import { addMonths, monthName } from './months.js'

/** One month of a campaign's history: raised against goal. */
export interface HistoryMonth {
  month: string
  label: string | null
  goal: number
  pledged: number
  donors: number
  /** Percent of the goal, floored to one decimal; null without a goal. */
  percent: number | null
  formatted: { goal: string; pledged: string; month: string }
}

/** The public history view: the last N months up to the current one, oldest first. */
export interface History {
  slug: string
  name: string
  currency: string
  locale: string
  months: HistoryMonth[]
}

/** What the store knows of one month (a row of the month list). */
export interface MonthRow {
  month: string
  goal: number
  label: string | null
  pledged: number
  donors: number
}

/**
 * Raised against goal for the `count` months ending at `current`, oldest first; a month
 * nobody touched shows the default goal and nothing raised. Pure.
 */
export function buildHistory(
  campaign: { slug: string; name: string; currency: string; locale: string; defaultGoal: number },
  rows: readonly MonthRow[],
  current: string,
  count: number,
  format: Partial<MoneyFormatOptions> = {},
): History {
  const money = { locale: format.locale ?? campaign.locale, display: format.display ?? 'locale' }
  const fmt = (minor: number) => formatMoney(minor, campaign.currency, money)
  const byMonth = new Map(rows.map((r) => [r.month, r]))
  const months: HistoryMonth[] = []
  for (let i = count - 1; i >= 0; i--) {
    const month = addMonths(current, -i)
    const r = byMonth.get(month)
    const goal = Math.max(0, r?.goal ?? campaign.defaultGoal)
    const pledged = r?.pledged ?? 0
    months.push({
      month,
      label: r?.label ?? null,
      goal,
      pledged,
      donors: r?.donors ?? 0,
      percent: goal > 0 ? Math.floor((pledged * 1000) / goal) / 10 : null,
      formatted: { goal: fmt(goal), pledged: fmt(pledged), month: monthName(month, money.locale) },
    })
  }
  return {
    slug: campaign.slug,
    name: campaign.name,
    currency: campaign.currency,
    locale: money.locale,
    months,
  }
}
