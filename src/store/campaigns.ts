import type { CompiledQuery, Selectable } from 'kysely'
import { type BarSettings, parseBarSettings } from '../domain/bar-settings.js'
import { type CheckoutSettings, checkoutSettings } from '../domain/checkout.js'
import type { MonthFacts } from '../domain/progress.js'
import type { Store } from './store.js'
import { recurringOf } from './subscriptions.js'
import type { CampaignsTable } from './tables.js'

export type CampaignRow = Selectable<CampaignsTable>

/** A campaign as the API shows it. */
export interface Campaign {
  slug: string
  name: string
  currency: string
  defaultGoal: number
  timezone: string
  locale: string
  donateUrl: string | null
  isDefault: boolean
  archived: boolean
  /** The bar's own texts and display settings. */
  bar: BarSettings
  /** Giving through Stripe Checkout from the donate page. */
  checkout: CheckoutSettings
  createdAt: string
  updatedAt: string
}

/** Stored form of the bar settings: NULL when there are none. */
function barJson(bar: BarSettings | undefined): string | null {
  return bar && Object.keys(bar).length > 0 ? JSON.stringify(bar) : null
}

export function toCampaign(r: CampaignRow): Campaign {
  return {
    slug: r.slug,
    name: r.name,
    currency: r.currency,
    defaultGoal: Number(r.default_goal),
    timezone: r.timezone,
    locale: r.locale,
    donateUrl: r.donate_url,
    isDefault: Number(r.is_default) === 1,
    archived: Number(r.archived) === 1,
    bar: parseBarSettings(r.bar),
    checkout: checkoutSettings(r.currency, r.checkout),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export async function getCampaign(store: Store, slug: string): Promise<Campaign | undefined> {
  const row = await store.db
    .selectFrom('campaigns')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst()
  return row && toCampaign(row)
}

export async function listCampaigns(store: Store): Promise<Campaign[]> {
  const rows = await store.db.selectFrom('campaigns').selectAll().orderBy('slug').execute()
  return rows.map(toCampaign)
}

/** The campaign that takes money without `metadata.campaign`, if one is marked default. */
export async function getDefaultCampaign(store: Store): Promise<Campaign | undefined> {
  const row = await store.db
    .selectFrom('campaigns')
    .selectAll()
    .where('is_default', '=', 1)
    .where('archived', '=', 0)
    .executeTakeFirst()
  return row && toCampaign(row)
}

export type NewCampaign = Omit<Campaign, 'createdAt' | 'updatedAt' | 'bar' | 'checkout'> & {
  bar?: BarSettings
  checkout?: CheckoutSettings
}

function clearDefault(store: Store, except: string): CompiledQuery {
  return store.db
    .updateTable('campaigns')
    .set({ is_default: 0 })
    .where('is_default', '=', 1)
    .where('slug', '!=', except)
    .compile()
}

/**
 * Inserts a campaign; only one campaign is default at a time. Throws on a duplicate slug.
 * `also` runs in the same atomic unit (the audit record).
 */
export async function insertCampaign(
  store: Store,
  c: NewCampaign,
  now: string,
  also: readonly CompiledQuery[] = [],
): Promise<Campaign> {
  const insert = store.db
    .insertInto('campaigns')
    .values({
      slug: c.slug,
      name: c.name,
      currency: c.currency,
      default_goal: c.defaultGoal,
      timezone: c.timezone,
      locale: c.locale,
      donate_url: c.donateUrl,
      is_default: c.isDefault ? 1 : 0,
      archived: c.archived ? 1 : 0,
      bar: barJson(c.bar),
      checkout: c.checkout ? JSON.stringify(c.checkout) : null,
      created_at: now,
      updated_at: now,
    })
    .compile()
  await store.atomic([...(c.isDefault ? [clearDefault(store, c.slug)] : []), insert, ...also])
  return {
    ...c,
    bar: c.bar ?? {},
    checkout: c.checkout ?? checkoutSettings(c.currency, null),
    createdAt: now,
    updatedAt: now,
  }
}

export type CampaignPatch = Partial<Omit<NewCampaign, 'slug' | 'currency'>>

/** Applies a patch; returns the updated campaign or undefined if the slug is unknown. */
export async function updateCampaign(
  store: Store,
  slug: string,
  patch: CampaignPatch,
  now: string,
  also: readonly CompiledQuery[] = [],
): Promise<Campaign | undefined> {
  const set: Partial<CampaignsTable> = { updated_at: now }
  if (patch.name !== undefined) set.name = patch.name
  if (patch.defaultGoal !== undefined) set.default_goal = patch.defaultGoal
  if (patch.timezone !== undefined) set.timezone = patch.timezone
  if (patch.locale !== undefined) set.locale = patch.locale
  if (patch.donateUrl !== undefined) set.donate_url = patch.donateUrl
  if (patch.isDefault !== undefined) set.is_default = patch.isDefault ? 1 : 0
  if (patch.archived !== undefined) set.archived = patch.archived ? 1 : 0
  if (patch.bar !== undefined) set.bar = barJson(patch.bar)
  if (patch.checkout !== undefined) set.checkout = JSON.stringify(patch.checkout)
  const update = store.db.updateTable('campaigns').set(set).where('slug', '=', slug).compile()
  await store.atomic([...(patch.isDefault ? [clearDefault(store, slug)] : []), update, ...also])
  return getCampaign(store, slug)
}

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
      'c.updated_at as campaign_updated_at',
      'cm.goal',
      'cm.label',
      'cm.updated_at as month_updated_at',
      't.pledged',
      't.donations',
      't.donors',
      't.updated_at',
    ])
    .where('c.slug', '=', slug)
    .executeTakeFirst()
  if (!row) return undefined
  // Monthly supporters are the subscriptions' state now, whichever month is read.
  const recurring = await recurringOf(store, row.slug, row.currency)
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
    donations: Number(row.donations ?? 0),
    donors: Number(row.donors ?? 0),
    recurring,
    monthlySupporters: recurring.supporters,
    updatedAt: times.sort().at(-1) ?? null,
  }
}

export interface MonthSummary {
  month: string
  goal: number
  label: string | null
  pledged: number
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
      donations: 0,
      donors: 0,
      updatedAt: null,
    })
    months.sort((a, b) => b.month.localeCompare(a.month))
  }
  return months
}
