import type { CompiledQuery, Selectable } from 'kysely'
import { type BarSettings, parseBarSettings } from '../domain/bar-settings.js'
import { type CheckoutSettings, checkoutSettings } from '../domain/checkout.js'
import { type PageContent, parsePageContent } from '../domain/donate-page.js'
import type { Store } from './store.js'
import type { CampaignsTable } from './tables.js'

/** A `campaigns` row as stored. */
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
  /** The donate page's content: appeal, impact lines, privacy and contact links. */
  page: PageContent
  createdAt: string
  updatedAt: string
}

/** Stored form of the bar settings: NULL when there are none. */
function barJson(bar: BarSettings | undefined): string | null {
  return bar && Object.keys(bar).length > 0 ? JSON.stringify(bar) : null
}

/** Stored form of the page content: NULL when there is none. */
function pageJson(page: PageContent | undefined): string | null {
  return page && Object.keys(page).length > 0 ? JSON.stringify(page) : null
}

/** The API's view of a stored campaign row. */
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
    page: parsePageContent(r.page),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/** The campaign with this slug, or undefined. */
export async function getCampaign(store: Store, slug: string): Promise<Campaign | undefined> {
  const row = await store.db
    .selectFrom('campaigns')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst()
  return row && toCampaign(row)
}

/** Every campaign, archived ones included, by slug. */
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

/** What creating a campaign takes; bar and checkout settings default when absent. */
export type NewCampaign = Omit<
  Campaign,
  'createdAt' | 'updatedAt' | 'bar' | 'checkout' | 'page'
> & {
  bar?: BarSettings
  checkout?: CheckoutSettings
  page?: PageContent
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
      page: pageJson(c.page),
      created_at: now,
      updated_at: now,
    })
    .compile()
  await store.atomic([...(c.isDefault ? [clearDefault(store, c.slug)] : []), insert, ...also])
  return {
    ...c,
    bar: c.bar ?? {},
    checkout: c.checkout ?? checkoutSettings(c.currency, null),
    page: c.page ?? {},
    createdAt: now,
    updatedAt: now,
  }
}

/** The fields an update may change (slug and currency are fixed at creation). */
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
  if (patch.page !== undefined) set.page = pageJson(patch.page)
  const update = store.db.updateTable('campaigns').set(set).where('slug', '=', slug).compile()
  await store.atomic([...(patch.isDefault ? [clearDefault(store, slug)] : []), update, ...also])
  return getCampaign(store, slug)
}
