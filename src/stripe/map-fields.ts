import type Stripe from 'stripe'
import type { DonorHint } from '../ingest/facts.js'

// Field readers shared by the payment mappers (map.ts) and the billing mappers (map-billing.ts).

/** The id of an expandable Stripe field, whether it arrived as an id or an expanded object. */
export const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === 'string' ? v : v.id

/** The campaign slug an object's metadata names, or null when it names none. */
export const campaignOf = (metadata: Stripe.Metadata | null | undefined): string | null => {
  const slug = metadata?.campaign?.trim()
  return slug ? slug : null
}

/** A donor hint when either the customer or the email is known. */
export const donor = (
  customer: string | null,
  email: string | null | undefined,
): DonorHint | null => (customer || email ? { customer, email: email ?? null } : null)
