import type { Store } from './store.js'

/** A session remembered under an Idempotency-Key. */
export interface RememberedSession {
  fingerprint: string
  id: string
  url: string
}

/** The row an Idempotency-Key holds: 'pending' while its creator asks Stripe, then 'done'. */
export interface CheckoutClaim extends RememberedSession {
  state: 'pending' | 'done'
}

/** Whether this request holds the key (and must ask Stripe), or the row another request made. */
export type ClaimResult = { mine: true } | { mine: false; row: CheckoutClaim | undefined }

/**
 * Claims `key` for one request before Stripe is asked: rows older than `since` are forgotten
 * (a forgotten key may be used again), as is a claim still pending from before `staleBefore`
 * (its request died; Stripe's own idempotency gives the same session to whoever takes over).
 * The insert is the claim: of requests racing with one key, exactly one inserts.
 */
export async function claimCheckoutRequest(
  store: Store,
  key: string,
  value: { fingerprint: string; campaign: string },
  times: { now: string; since: string; staleBefore: string },
): Promise<ClaimResult> {
  const results = await store.atomic([
    store.db.deleteFrom('checkout_requests').where('created_at', '<', times.since).compile(),
    store.db
      .deleteFrom('checkout_requests')
      .where('idempotency_key', '=', key)
      .where('state', '=', 'pending')
      .where('created_at', '<', times.staleBefore)
      .compile(),
    store.db
      .insertInto('checkout_requests')
      .values({
        idempotency_key: key,
        fingerprint: value.fingerprint,
        campaign: value.campaign,
        session_id: '',
        url: '',
        created_at: times.now,
        state: 'pending',
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .compile(),
  ])
  if (Number(results[2]?.numAffectedRows ?? 0n) === 1) return { mine: true }
  return { mine: false, row: await readCheckoutRequest(store, key) }
}

/** The row `key` holds now, if any. */
export async function readCheckoutRequest(
  store: Store,
  key: string,
): Promise<CheckoutClaim | undefined> {
  const row = await store.db
    .selectFrom('checkout_requests')
    .select(['fingerprint', 'session_id', 'url', 'state'])
    .where('idempotency_key', '=', key)
    .executeTakeFirst()
  return (
    row && {
      fingerprint: row.fingerprint,
      id: row.session_id,
      url: row.url,
      state: row.state === 'pending' ? 'pending' : 'done',
    }
  )
}

/** Records the session a claimed key made: later requests with the key replay it. */
export async function completeCheckoutRequest(
  store: Store,
  key: string,
  session: { id: string; url: string },
): Promise<void> {
  await store.atomic([
    store.db
      .updateTable('checkout_requests')
      .set({ state: 'done', session_id: session.id, url: session.url })
      .where('idempotency_key', '=', key)
      .where('state', '=', 'pending')
      .compile(),
  ])
}

/** Gives a claimed key back (Stripe failed, or the client was over its limit): it may be used again. */
export async function releaseCheckoutRequest(store: Store, key: string): Promise<void> {
  await store.atomic([
    store.db
      .deleteFrom('checkout_requests')
      .where('idempotency_key', '=', key)
      .where('state', '=', 'pending')
      .compile(),
  ])
}
