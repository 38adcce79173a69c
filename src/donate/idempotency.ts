import type { Services } from '../deps.js'
import { ApiError } from '../errors.js'
import {
  type CheckoutClaim,
  claimCheckoutRequest,
  completeCheckoutRequest,
  readCheckoutRequest,
  releaseCheckoutRequest,
} from '../store/checkout.js'
import type { CreatedSession } from '../stripe/checkout.js'

/** How long an Idempotency-Key answers the same session (Stripe keeps its keys a day). */
const KEY_TTL_MS = 24 * 60 * 60 * 1000
/** How often a request that finds its key pending looks again. */
const POLL_MS = 50

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** What holding a key gives: the session to answer again, or the right to create one. */
export type KeyHold = { replay: CreatedSession } | { claim: KeyClaim }

/** A key this request holds: record its session, or give the key back. */
export interface KeyClaim {
  done(s: CreatedSession): Promise<void>
  release(): Promise<void>
}

const inProgress = () =>
  new ApiError(
    409,
    'idempotency_in_progress',
    'A checkout with this Idempotency-Key is still being created; try again in a moment',
    { headers: { 'Retry-After': '1' } },
  )

const conflict = () =>
  new ApiError(
    409,
    'idempotency_conflict',
    'This Idempotency-Key was used for another gift; use a new key for a new gift',
  )

/**
 * One Checkout Session per Idempotency-Key, even when requests with it arrive together: the
 * key is claimed in the database before Stripe is asked. Another gift under a held key is 409
 * `idempotency_conflict`; the same gift waits for the holder (up to the checkout timeout) and
 * answers its session, or 409 `idempotency_in_progress` if it is still not there.
 */
export async function holdKey(
  ctx: Pick<Services, 'store' | 'config' | 'now'>,
  key: string,
  fingerprint: string,
  campaign: string,
): Promise<KeyHold> {
  const timeoutMs = ctx.config.checkoutTimeoutMs
  // Real time, not the service's clock (which tests may stop): how long this request waits.
  const deadline = Date.now() + timeoutMs
  for (let attempt = 0; ; attempt++) {
    const t = ctx.now().getTime()
    const claim = await claimCheckoutRequest(
      ctx.store,
      key,
      { fingerprint, campaign },
      {
        now: new Date(t).toISOString(),
        since: new Date(t - KEY_TTL_MS).toISOString(),
        // A holder gets its whole checkout timeout and as long again before it counts as dead.
        staleBefore: new Date(t - 2 * timeoutMs).toISOString(),
      },
    )
    if (claim.mine) {
      return {
        claim: {
          done: (s) => completeCheckoutRequest(ctx.store, key, s),
          release: () => releaseCheckoutRequest(ctx.store, key),
        },
      }
    }
    let row: CheckoutClaim | undefined = claim.row
    while (row?.state === 'pending' && row.fingerprint === fingerprint) {
      if (Date.now() >= deadline) throw inProgress()
      await pause(POLL_MS)
      row = await readCheckoutRequest(ctx.store, key)
    }
    if (row && row.fingerprint !== fingerprint) throw conflict()
    if (row?.state === 'done') return { replay: { id: row.id, url: row.url } }
    // The holder gave the key back (Stripe failed): claim it again, once.
    if (attempt > 0) throw inProgress()
  }
}
