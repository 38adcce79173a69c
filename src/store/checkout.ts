import type { Store } from './store.js'

/** A session remembered under an Idempotency-Key. */
export interface RememberedSession {
  fingerprint: string
  id: string
  url: string
}

/** The session created under `key` since `since` (ISO time), if any. */
export async function findCheckoutRequest(
  store: Store,
  key: string,
  since: string,
): Promise<RememberedSession | undefined> {
  const row = await store.db
    .selectFrom('checkout_requests')
    .select(['fingerprint', 'session_id', 'url'])
    .where('idempotency_key', '=', key)
    .where('created_at', '>=', since)
    .executeTakeFirst()
  return row && { fingerprint: row.fingerprint, id: row.session_id, url: row.url }
}

/**
 * Remembers a session under `key`, replacing a row older than `since` (a forgotten key may be
 * used again) and dropping other forgotten rows. Two requests racing with one key both reach
 * Stripe with that key and get the same session, so either row is right.
 */
export async function rememberCheckoutRequest(
  store: Store,
  key: string,
  value: RememberedSession & { campaign: string },
  now: string,
  since: string,
): Promise<void> {
  const row = {
    idempotency_key: key,
    fingerprint: value.fingerprint,
    campaign: value.campaign,
    session_id: value.id,
    url: value.url,
    created_at: now,
  }
  await store.atomic([
    store.db.deleteFrom('checkout_requests').where('created_at', '<', since).compile(),
    store.db
      .insertInto('checkout_requests')
      .values(row)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .compile(),
  ])
}
