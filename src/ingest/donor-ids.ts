import { settingOnce } from '../store/generated-settings.js'
import type { Store } from '../store/store.js'
import { type DonorMac, donorId, donorMac, newDonorSecret } from './donor-hash.js'
import type { DonorHint, IncomingEvent } from './facts.js'

/** Gives the donor ids of an event's hints, as a lookup by hint for the decision. */
export type DonorIds = (event: IncomingEvent) => Promise<(hint: DonorHint | null) => string | null>

/**
 * Donor ids under the operator's DONOR_HASH_KEY (`secret`), or else under a key generated once
 * and kept in the store's settings, so every instance hashes alike. The key is loaded on the
 * first event that names a donor; a failed load is retried by the next one.
 */
export function donorIdsOf(store: Store, secret: string | undefined, now: () => string): DonorIds {
  let key: Promise<DonorMac> | undefined
  const donorKeyOnce = () => {
    key ??= (
      secret
        ? donorMac(secret)
        : settingOnce(store, 'donor_hash_key', newDonorSecret, now()).then(donorMac)
    ).catch((err: unknown) => {
      key = undefined
      throw err
    })
    return key
  }
  return async (event) => {
    const hints = [...event.money.map((m) => m.donor), ...event.facts.map((f) => f.donor)]
    const ids = new Map<DonorHint, string | null>()
    // Stryker disable next-line ConditionalExpression: fetching the key for an event with no donor changes no id (it only saves a read)
    if (hints.some((h) => h !== null)) {
      const k = await donorKeyOnce()
      for (const h of hints) if (h) ids.set(h, await donorId(k, h))
    }
    return (h: DonorHint | null) => (h ? (ids.get(h) ?? null) : null)
  }
}
