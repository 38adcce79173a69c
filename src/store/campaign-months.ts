import type { CompiledQuery } from 'kysely'
import { parseBarSettings } from '../domain/bar-settings.js'
import { checkoutSettings } from '../domain/checkout.js'
import type { MonthFacts } from '../domain/progress.js'
import { totalsBySource } from './by-source.js'
import type { Campaign } from './campaigns.js'
import type { Store } from './store.js'
import { recurringOf } from './subscriptions.js'

// A campaign's months: the goal and label an admin set for each, and the per-month views read
// from them with the month totals (progress, history).

/** Sets a month's goal and/or label (null clears the label back to the locale default). */
export async function setMonth(
  store: Store,
  slug: string,
  month: string,
  values: { goal: number; label: string | null },
  now: string,
  also: readonly CompiledQuery[] = [],
): Promise<void> {
  await store.atomic([
    store.db
      .insertInto('campaign_months')
      .values({ campaign: slug, month, goal: values.goal, label: values.label, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['campaign', 'month'])
          .doUpdateSet({ goal: values.goal, label: values.label, updated_at: now }),
      )
      .compile(),
    ...also,
  ])
}

/** A month's stored goal and label, if an admin ever set them. */
export async function getMonthSettings(store: Store, slug: string, month: string) {
  const row = await store.db
    .selectFrom('campaign_months')
    .select(['goal', 'label'])
    .where('campaign', '=', slug)
    .where('month', '=', month)
    .executeTakeFirst()
  return row && { goal: row.goal === null ? null : Number(row.goal), label: row.label }
}

/** How many of the latest consenting names the bar may show (`show=supporters`). */
const WALL = [0, 1, 2] as const

/** Everything a progress view needs about one month, in one query; undefined if no such slug. */
export async function getMonthFacts(
  store: Store,
  slug: string,
  month: string,
): Promise<MonthFacts | undefined> {
  const row = await store.db
    .selectFrom('campaigns as c')
    .leftJoin('campaign_months as cm', (j) =>
      j.onRef('cm.campaign', '=', 'c.slug').on('cm.month', '=', month),
    )
    .leftJoin('month_totals as t', (j) =>
      j.onRef('t.campaign', '=', 'c.slug').on('t.month', '=', month),
    )
    .select([
      'c.slug',
      'c.name',
      'c.currency',
      'c.locale',
      'c.timezone',
      'c.bar',
      'c.checkout',
      'c.donate_url',
      'c.archived',
      'c.default_goal',
      'c.bar_amount',
      'c.updated_at as campaign_updated_at',
      'cm.goal',
      'cm.label',
      'cm.updated_at as month_updated_at',
      't.pledged',
      't.fees',
      't.donations',
      't.donors',
      't.updated_at',
    ])
    // The donor wall's latest three names, in the same statement: each an indexed lookup
    // (supporters_campaign) of one row, portable to SQLite, PostgreSQL and D1.
    .select((eb) =>
      WALL.map((k) =>
        eb
          .selectFrom('supporters as s')
          .select('s.name')
          .whereRef('s.campaign', '=', 'c.slug')
          .orderBy('s.created_at', 'desc')
          .orderBy('s.payment_ref', 'desc')
          .limit(1)
          .offset(k)
          .as(`wall${k}`),
      ),
    )
    .where('c.slug', '=', slug)
    .executeTakeFirst()
  if (!row) return undefined
  // Monthly supporters are the subscriptions' state now, whichever month is read.
  const recurring = await recurringOf(store, row.slug, row.currency)
  const bySource = await totalsBySource(store, row.slug, month)
  const times = [row.updated_at, row.month_updated_at, row.campaign_updated_at].filter(
    (t): t is string => typeof t === 'string',
  )
  return {
    slug: row.slug,
    name: row.name,
    currency: row.currency,
    locale: row.locale,
    timezone: row.timezone,
    bar: parseBarSettings(row.bar),
    donateUrl: row.donate_url,
    checkoutEnabled: checkoutSettings(row.currency, row.checkout).enabled,
    archived: Number(row.archived) === 1,
    month,
    goal: Number(row.goal ?? row.default_goal),
    label: row.label ?? null,
    pledged: Number(row.pledged ?? 0),
    fees: Number(row.fees ?? 0),
    barAmount: row.bar_amount === 'net' ? 'net' : 'gross',
    donations: Number(row.donations ?? 0),
    donors: Number(row.donors ?? 0),
    recurring,
    bySource,
    monthlySupporters: recurring.supporters,
    supporters: [row.wall0, row.wall1, row.wall2].filter((n): n is string => typeof n === 'string'),
    updatedAt: times.sort().at(-1) ?? null,
  }
}

/** One month of a campaign's history: its goal and label, and the totals of its ledger. */
export interface MonthSummary {
  month: string
  goal: number
  label: string | null
  /** Gross: the month's gifts. */
  pledged: number
  /** Stripe's fees known so far; net = pledged - fees. */
  fees: number
  net: number
  donations: number
  donors: number
  updatedAt: string | null
}

/** Every month that has a goal, a label or money, newest first. */
export async function listMonths(
  store: Store,
  slug: string,
  defaultGoal: number,
): Promise<MonthSummary[]> {
  const [settings, totals] = await Promise.all([
    store.db.selectFrom('campaign_months').selectAll().where('campaign', '=', slug).execute(),
    store.db.selectFrom('month_totals').selectAll().where('campaign', '=', slug).execute(),
  ])
  const months = new Map<string, MonthSummary>()
  const blank = (month: string): MonthSummary => ({
    month,
    goal: defaultGoal,
    label: null,
    pledged: 0,
    fees: 0,
    net: 0,
    donations: 0,
    donors: 0,
    updatedAt: null,
  })
  for (const s of settings) {
    months.set(s.month, { ...blank(s.month), goal: Number(s.goal ?? defaultGoal), label: s.label })
  }
  for (const t of totals) {
    const m = months.get(t.month) ?? blank(t.month)
    months.set(t.month, {
      ...m,
      pledged: Number(t.pledged),
      fees: Number(t.fees),
      net: Number(t.pledged) - Number(t.fees),
      donations: Number(t.donations),
      donors: Number(t.donors),
      updatedAt: t.updated_at,
    })
  }
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month))
}

/** Month history, newest first, with the current month listed even before anyone acts on it. */
export async function monthHistory(
  store: Store,
  campaign: Pick<Campaign, 'slug' | 'defaultGoal'>,
  currentMonth: string,
): Promise<MonthSummary[]> {
  const months = await listMonths(store, campaign.slug, campaign.defaultGoal)
  if (!months.some((m) => m.month === currentMonth)) {
    months.push({
      month: currentMonth,
      goal: campaign.defaultGoal,
      label: null,
      pledged: 0,
      fees: 0,
      net: 0,
      donations: 0,
      donors: 0,
      updatedAt: null,
    })
    months.sort((a, b) => b.month.localeCompare(a.month))
  }
  return months
}
