import type Stripe from 'stripe'
import { MalformedEvent } from './incoming-error.js'

/**
 * The oldest API version whose event shapes the mapping knows (docs/webhooks.md): from
 * 2024-06-20 an invoice still names `subscription`, `subscription_details` and `payment_intent`
 * at its top level and a charge or PaymentIntent its `invoice`; 2025-03-31.basil moved them.
 */
export const OLDEST_API_VERSION = '2024-06-20'
/** The version the installed stripe package pins (test/stripe-versions.test.ts checks it). */
export const PINNED_API_VERSION = '2026-10-28.endive'

/** A signed event rendered for an API version older than the mapping knows: refused, not guessed. */
export class UnsupportedApiVersion extends MalformedEvent {
  constructor(readonly version: string) {
    super(
      `Event rendered for Stripe API version ${version}, older than ${OLDEST_API_VERSION}: ` +
        `set the webhook endpoint to version ${PINNED_API_VERSION} in Stripe's Dashboard ` +
        '(Developers > Webhooks > the endpoint > API version)',
    )
    this.name = 'UnsupportedApiVersion'
  }
}

/** `YYYY-MM-DD` of a version string such as `2025-03-31.basil`, or null when not one. */
export function versionDate(version: unknown): string | null {
  if (typeof version !== 'string') return null
  const m = /^(\d{4}-\d{2}-\d{2})(?:\.[a-z]{1,32})?$/.exec(version)
  return m?.[1] ?? null
}

/** Refuses an event whose `api_version` is null, unreadable or older than the oldest known. */
export function checkApiVersion(event: Stripe.Event): void {
  const date = versionDate(event.api_version)
  if (date === null || date < OLDEST_API_VERSION) {
    throw new UnsupportedApiVersion(
      typeof event.api_version === 'string' ? event.api_version.slice(0, 40) : 'null',
    )
  }
}
