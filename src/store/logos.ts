import type { CompiledQuery } from 'kysely'
import { fromBase64, type LogoMeta, toBase64 } from '../domain/logo.js'
import type { Store } from './store.js'

/**
 * Sets a campaign's logo: the image row and the campaign's meta in one atomic unit with `also`
 * (the audit record), so a page never links an image that is not there. False when the campaign
 * is unknown (nothing written).
 */
export async function putLogo(
  store: Store,
  slug: string,
  logo: LogoMeta & { data: Uint8Array },
  now: string,
  also: readonly CompiledQuery[] = [],
): Promise<boolean> {
  const known = await store.db
    .selectFrom('campaigns')
    .select('slug')
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (!known) return false
  const meta: LogoMeta = { version: logo.version, contentType: logo.contentType, bytes: logo.bytes }
  const row = {
    campaign: slug,
    version: logo.version,
    content_type: logo.contentType,
    data: toBase64(logo.data),
    created_at: now,
  }
  await store.atomic([
    store.db.deleteFrom('campaign_logos').where('campaign', '=', slug).compile(),
    store.db.insertInto('campaign_logos').values(row).compile(),
    store.db
      .updateTable('campaigns')
      .set({ logo: JSON.stringify(meta), updated_at: now })
      .where('slug', '=', slug)
      .compile(),
    ...also,
  ])
  return true
}

/** Removes a campaign's logo (image and meta) in one atomic unit with `also`. */
export async function deleteLogo(
  store: Store,
  slug: string,
  now: string,
  also: readonly CompiledQuery[] = [],
): Promise<void> {
  await store.atomic([
    store.db.deleteFrom('campaign_logos').where('campaign', '=', slug).compile(),
    store.db
      .updateTable('campaigns')
      .set({ logo: null, updated_at: now })
      .where('slug', '=', slug)
      .compile(),
    ...also,
  ])
}

/** A logo's image as stored. */
export interface LogoImage {
  version: string
  contentType: string
  data: Uint8Array
}

/** The campaign's logo image, or undefined when it has none. */
export async function getLogoImage(store: Store, slug: string): Promise<LogoImage | undefined> {
  const row = await store.db
    .selectFrom('campaign_logos')
    .select(['version', 'content_type', 'data'])
    .where('campaign', '=', slug)
    .executeTakeFirst()
  return row && { version: row.version, contentType: row.content_type, data: fromBase64(row.data) }
}
