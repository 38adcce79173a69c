import { sql } from 'kysely'
import { sourcesBySlug } from './campaign-sources.js'
import { type Campaign, toCampaign } from './campaigns.js'
import type { Store } from './store.js'

/** A page of the campaign list: keyset on the slug (the primary key), optional search. */
export interface CampaignPageQuery {
  limit: number
  /** Slugs after this one (the previous page's last). */
  after?: string | undefined
  /** Slug prefix or part of the name, case-insensitive (ASCII). */
  q?: string | undefined
  /** Only archived (true) or only live (false) campaigns; both when undefined. */
  archived?: boolean | undefined
}

/** `%` and `_` taken literally in a LIKE pattern (escape character `\`). */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * Up to `limit` campaigns by slug, after `after`, matching `q`: one indexed range read
 * whatever the number of campaigns (a name search reads the range's rows, no more than the page
 * needs when matches are common). LIKE is case-insensitive for ASCII on SQLite and not on
 * PostgreSQL, so both sides are lowered.
 */
export async function pageCampaigns(store: Store, page: CampaignPageQuery): Promise<Campaign[]> {
  let query = store.db.selectFrom('campaigns').selectAll()
  if (page.after !== undefined) query = query.where('slug', '>', page.after)
  if (page.archived !== undefined) query = query.where('archived', '=', page.archived ? 1 : 0)
  const q = page.q?.trim().toLowerCase()
  if (q) {
    const pattern = likeLiteral(q)
    // SQLite has no default LIKE escape character, so it is named.
    query = query.where(
      sql<boolean>`(lower(slug) LIKE ${`${pattern}%`} ESCAPE '\\' OR lower(name) LIKE ${`%${pattern}%`} ESCAPE '\\')`,
    )
  }
  const rows = await query.orderBy('slug').limit(page.limit).execute()
  const sources = await sourcesBySlug(store)
  return rows.map((r) => ({ ...toCampaign(r), sources: sources.get(r.slug) ?? [] }))
}

/** How many campaigns there are, live and archived (one aggregate read). */
export async function campaignCounts(store: Store): Promise<{ live: number; archived: number }> {
  const rows = await store.db
    .selectFrom('campaigns')
    .select(['archived', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('archived')
    .execute()
  const count = (a: number) => Number(rows.find((r) => Number(r.archived) === a)?.n ?? 0)
  return { live: count(0), archived: count(1) }
}

/** The named campaigns that exist (any order). */
export async function campaignsBySlug(store: Store, slugs: readonly string[]): Promise<Campaign[]> {
  if (slugs.length === 0) return []
  const rows = await store.db
    .selectFrom('campaigns')
    .selectAll()
    .where('slug', 'in', [...slugs])
    .execute()
  const sources = await sourcesBySlug(store)
  return rows.map((r) => ({ ...toCampaign(r), sources: sources.get(r.slug) ?? [] }))
}
