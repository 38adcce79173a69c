import type { Config } from '../config.js'
import { OLDEST_API_VERSION, PINNED_API_VERSION } from './api-version.js'

/** Error texts of events the ingest refuses or ignores for their configuration (LIKE patterns). */
export const SETUP_REASONS = {
  other_mode: 'livemode %',
  unsupported_api_version: 'Event rendered for Stripe API version %',
  unknown_account: 'Connected account % is named by no campaign%',
} as const

export type SetupReason = keyof typeof SETUP_REASONS

export { unknownAccountReason } from '../ingest/accounts.js'

/** The connected account an `unknown_account` reason names, or null. */
export const accountOfReason = (reason: string): string | null =>
  /^Connected account (acct_\w+) /.exec(reason)?.[1] ?? null

/** Which mode counts, from STRIPE_LIVEMODE or the key, and what to say when it is both. */
export function stripeMode(config: Pick<Config, 'stripeLivemode' | 'stripeModeSource'>) {
  const mode =
    config.stripeLivemode === undefined ? 'both' : config.stripeLivemode ? 'live' : 'test'
  return {
    mode,
    source: config.stripeModeSource,
    warning:
      mode === 'both'
        ? 'Neither STRIPE_LIVEMODE nor STRIPE_SECRET_KEY is set: test-mode and live-mode events both count. Set STRIPE_LIVEMODE=true (or false) to count one mode only.'
        : null,
    oldestApiVersion: OLDEST_API_VERSION,
    pinnedApiVersion: PINNED_API_VERSION,
  } as const
}
