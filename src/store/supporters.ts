import type { CompiledQuery } from 'kysely'
import { statement } from './sql.js'
import type { Store } from './store.js'

/** A consented display name, written in the unit of the event that brought the consent. */
export function supporterQuery(
  store: Pick<Store, 'dialect'>,
  row: { paymentRef: string; campaign: string; name: string },
  at: string,
): CompiledQuery {
  return statement(
    store.dialect,
    `INSERT INTO supporters (payment_ref, campaign, name, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (payment_ref) DO NOTHING`,
    [row.paymentRef, row.campaign, row.name, at],
  )
}

/** A name on the wall and when it was given. */
export interface Supporter {
  name: string
  at: string
}

/** The campaign's latest consenting names, newest first. */
export async function latestSupporters(
  store: Store,
  campaign: string,
  limit: number,
): Promise<Supporter[]> {
  const rows = await store.db
    .selectFrom('supporters')
    .select(['name', 'created_at'])
    .where('campaign', '=', campaign)
    .orderBy('created_at', 'desc')
    .orderBy('payment_ref', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ name: r.name, at: r.created_at }))
}

/** The consented display names of some payments of a campaign, by payment reference. */
export async function supporterNames(
  store: Store,
  campaign: string,
  paymentRefs: readonly string[],
): Promise<Map<string, string>> {
  if (paymentRefs.length === 0) return new Map()
  const rows = await store.db
    .selectFrom('supporters')
    .select(['payment_ref', 'name'])
    .where('campaign', '=', campaign)
    .where('payment_ref', 'in', [...new Set(paymentRefs)])
    .execute()
  return new Map(rows.map((r) => [r.payment_ref, r.name]))
}
