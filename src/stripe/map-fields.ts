import type Stripe from 'stripe'
import type { DonorHint, PaymentFact } from '../ingest/facts.js'

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

/**
 * A Stripe amount or count as given, when it is an integer; else NaN, which the checks refuse
 * (`-true` is -1 and `-"5"` is -5 in JavaScript: a field is never coerced into money).
 */
export const int = (v: unknown): number => (Number.isSafeInteger(v) ? (v as number) : Number.NaN)

/**
 * An object's field that older API versions carry and current ones removed (see
 * docs/webhooks.md "API versions"), read without widening the current types.
 */
export const legacyField = (obj: object, name: string): unknown =>
  (obj as Record<string, unknown>)[name]

/** The id an expandable legacy field names, or null. */
export const legacyId = (obj: object, name: string): string | null => {
  const v = legacyField(obj, name)
  if (typeof v === 'string') return v
  if (typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string')
    return (v as { id: string }).id
  return null
}

/** The fact that a payment (`pi_…`/`ch_…`) belongs to an invoice, whoever tells it. */
export const invoiceLinkFact = (paymentRef: string, invoice: string): PaymentFact => ({
  paymentRef,
  source: 'invoice_payment',
  campaign: null,
  donor: null,
  chargeCreated: null,
  link: invoice,
})
