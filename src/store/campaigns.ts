import { type CompiledQuery, type Selectable, sql } from 'kysely'
import { type BarSettings, parseBarSettings } from '../domain/bar-settings.js'
import { type CheckoutSettings, checkoutSettings } from '../domain/checkout.js'
import { type PageContent, parsePageContent } from '../domain/donate-page.js'
import type { Claim } from '../domain/keys.js'
import { type LogoMeta, logoPath, parseLogoMeta } from '../domain/logo.js'
import { setSourcesQueries, sourcesBySlug } from './campaign-sources.js'
import type { Store } from './store.js'
import type { BarAmount, CampaignsTable } from './tables.js'

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
  /**
   * The Stripe Connect account (`acct_…`) whose events count here and on which its donate page
   * creates Checkout Sessions; null for the platform's own account.
   */
  stripeAccount: string | null
  /** The donate and thank-you pages' logo, with its public versioned path; null for none. */
  logo: CampaignLogo | null
  /** Which month total the bar shows as `pledged`: gross (default) or net of Stripe's fees. */
  barAmount: BarAmount
  /** Providers whose money it takes when their events name no campaign (`paypal`). */
  sources: string[]
  createdAt: string
  updatedAt: string
}

/** A campaign's logo as the API shows it. */
export interface CampaignLogo extends LogoMeta {
  /** Public path of the image (`/logo/:slug/:version.:ext`), cached for good. */
  url: string
}

const logoOf = (slug: string, json: string | null): CampaignLogo | null => {
  const meta = parseLogoMeta(json)
  return meta && { ...meta, url: logoPath(slug, meta) }
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
    stripeAccount: r.stripe_account ?? null,
    logo: logoOf(r.slug, r.logo ?? null),
    barAmount: r.bar_amount === 'net' ? 'net' : 'gross',
    sources: [],
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
  if (!row) return undefined
  const sources = (await sourcesBySlug(store, slug)).get(slug)
  return { ...toCampaign(row), sources: sources ?? [] }
}

/** Every campaign, archived ones included, by slug. */
export async function listCampaigns(store: Store): Promise<Campaign[]> {
  const rows = await store.db.selectFrom('campaigns').selectAll().orderBy('slug').execute()
  const sources = await sourcesBySlug(store)
  return rows.map((r) => ({ ...toCampaign(r), sources: sources.get(r.slug) ?? [] }))
}

/** `stripe_account` compared with NULL as a value: the platform's own account is ''. */
const accountOf = sql<string>`COALESCE(stripe_account, '')`

/**
 * The campaign marked default among those of one account (`undefined`: the platform's first,
 * else any account's), not archived. One campaign per account is default.
 */
export async function getDefaultCampaign(
  store: Store,
  account?: string | null,
): Promise<Campaign | undefined> {
  let q = store.db
    .selectFrom('campaigns')
    .selectAll()
    .where('is_default', '=', 1)
    .where('archived', '=', 0)
  if (account !== undefined) q = q.where(accountOf, '=', account ?? '')
  const row = await q.orderBy(accountOf).orderBy('created_at').orderBy('slug').executeTakeFirst()
  return row && toCampaign(row)
}

/** The connected accounts campaigns name, each once (backfill lists their events too). */
export async function connectedAccounts(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom('campaigns')
    .select('stripe_account')
    .distinct()
    .where('stripe_account', 'is not', null)
    .orderBy('stripe_account')
    .execute()
  return rows.flatMap((r) => (r.stripe_account ? [r.stripe_account] : []))
}

/** The campaigns that name each of these accounts, by account. */
export async function campaignsOfAccounts(
  store: Store,
  accounts: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  if (accounts.length === 0) return out
  const rows = await store.db
    .selectFrom('campaigns')
    .select(['slug', 'stripe_account'])
    .where('stripe_account', 'in', [...accounts])
    .orderBy('slug')
    .execute()
  for (const r of rows) {
    if (!r.stripe_account) continue
    out.set(r.stripe_account, [...(out.get(r.stripe_account) ?? []), r.slug])
  }
  return out
}

/** What creating a campaign takes; bar and checkout settings default when absent. */
export type NewCampaign = Omit<
  Campaign,
  | 'createdAt'
  | 'updatedAt'
  | 'bar'
  | 'checkout'
  | 'page'
  | 'stripeAccount'
  | 'logo'
  | 'barAmount'
  | 'sources'
> & {
  bar?: BarSettings
  checkout?: CheckoutSettings
  page?: PageContent
  stripeAccount?: string | null
  barAmount?: BarAmount
}

/**
 * One default per account: once `slug` is written, any other default campaign of the account it
 * now names (the platform's when none) stops being default, if `slug` is one. Runs after the
 * write in the same atomic unit, so it sees the campaign's new account and flag.
 */
function keepOneDefault(store: Store, slug: string): CompiledQuery {
  return store.db
    .updateTable('campaigns')
    .set({ is_default: 0 })
    .where('is_default', '=', 1)
    .where('slug', '!=', slug)
    .where(accountOf, '=', (eb) =>
      eb
        .selectFrom('campaigns as me')
        .select(sql<string>`COALESCE(me.stripe_account, '')`.as('account'))
        .where('me.slug', '=', slug),
    )
    .where((eb) =>
      eb(
        eb.selectFrom('campaigns as me').select('me.is_default').where('me.slug', '=', slug),
        '=',
        1,
      ),
    )
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
      stripe_account: c.stripeAccount ?? null,
      bar_amount: c.barAmount ?? 'gross',
      created_at: now,
      updated_at: now,
    })
    .compile()
  await store.atomic([insert, ...(c.isDefault ? [keepOneDefault(store, c.slug)] : []), ...also])
  return {
    ...c,
    stripeAccount: c.stripeAccount ?? null,
    barAmount: c.barAmount ?? 'gross',
    bar: c.bar ?? {},
    checkout: c.checkout ?? checkoutSettings(c.currency, null),
    page: c.page ?? {},
    logo: null,
    sources: [],
    createdAt: now,
    updatedAt: now,
  }
}

/** The fields an update may change (slug and currency are fixed at creation). */
export type CampaignPatch = Partial<Omit<NewCampaign, 'slug' | 'currency'>> & {
  /** Providers it claims from now on (all others released). */
  sources?: Claim[]
}

/** Applies a patch; returns the updated campaign or undefined if the slug is unknown. */
export async function updateCampaign(
  store: Store,
  slug: string,
  patch: CampaignPatch,
  now: string,
  also: readonly CompiledQuery[] = [],
): Promise<Campaign | undefined> {
  const set: Partial<Omit<CampaignsTable, 'bar_amount'>> & { bar_amount?: BarAmount } = {
    updated_at: now,
  }
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
  if (patch.stripeAccount !== undefined) set.stripe_account = patch.stripeAccount
  if (patch.barAmount !== undefined) set.bar_amount = patch.barAmount
  const update = store.db.updateTable('campaigns').set(set).where('slug', '=', slug).compile()
  // A default campaign moved to another account is that account's default from now on.
  const scope = patch.isDefault || patch.stripeAccount !== undefined
  const claims = patch.sources ? setSourcesQueries(store, slug, patch.sources, now) : []
  await store.atomic([update, ...(scope ? [keepOneDefault(store, slug)] : []), ...claims, ...also])
  return getCampaign(store, slug)
}
