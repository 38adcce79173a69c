import type { CompiledQuery } from 'kysely'
import type { Claim } from '../domain/keys.js'
import type { Store } from './store.js'

/**
 * Providers a campaign claims (schema/0018): their money goes to it when their events name no
 * campaign. One provider, one campaign at most (the table's primary key).
 */

/** The providers each campaign claims, by slug (only those that claim any). */
export async function sourcesBySlug(store: Store, slug?: string): Promise<Map<string, string[]>> {
  let q = store.db
    .selectFrom('campaign_sources')
    .select(['provider', 'campaign'])
    .orderBy('provider')
  if (slug !== undefined) q = q.where('campaign', '=', slug)
  const out = new Map<string, string[]>()
  for (const r of await q.execute())
    out.set(r.campaign, [...(out.get(r.campaign) ?? []), r.provider])
  return out
}

/** Claims of these providers held by another campaign than `slug`. */
export async function claimedElsewhere(
  store: Store,
  slug: string,
  providers: readonly string[],
): Promise<{ provider: string; campaign: string }[]> {
  if (providers.length === 0) return []
  return store.db
    .selectFrom('campaign_sources')
    .select(['provider', 'campaign'])
    .where('provider', 'in', [...providers])
    .where('campaign', '<>', slug)
    .execute()
}

/** Statements that make `slug` claim exactly these providers. */
export function setSourcesQueries(
  store: Store,
  slug: string,
  providers: readonly Claim[],
  now: string,
): CompiledQuery[] {
  return [
    store.db.deleteFrom('campaign_sources').where('campaign', '=', slug).compile(),
    ...providers.map((provider) =>
      store.db
        .insertInto('campaign_sources')
        .values({ provider, campaign: slug, created_at: now })
        .compile(),
    ),
  ]
}

/** The campaign holding a claim (`donorbox:12345`), if any. */
export async function campaignOfClaim(store: Store, claim: string): Promise<string | null> {
  const row = await store.db
    .selectFrom('campaign_sources')
    .select('campaign')
    .where('provider', '=', claim)
    .executeTakeFirst()
  return row?.campaign ?? null
}

/** The ids claimed under a platform (`opencollective:<slug>` → slug), in order. */
export async function claimedIds(store: Store, provider: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('campaign_sources')
    .select('provider')
    .where('provider', 'like', `${provider}:%`)
    .orderBy('provider')
    .execute()
  return rows.map((r) => r.provider.slice(provider.length + 1))
}
