/**
 * Bumped whenever PERSONAL grows: payloads stored under an older list are scrubbed again
 * (ingest/payloads.ts keeps one cursor per version in `settings`).
 */
export const REDACTION_VERSION = 4

/**
 * Fields of Stripe objects that name or reach a person. Stored event payloads keep their
 * structure and every money field, with these set to null: replays and backfills re-map them
 * exactly, and no e-mail, name, phone or address is kept at rest.
 */
const PERSONAL = new Set([
  'email',
  'receipt_email',
  'customer_email',
  'customer_name',
  'customer_phone',
  'customer_address',
  'customer_shipping',
  'customer_tax_ids',
  'billing_details',
  'customer_details',
  'shipping',
  'shipping_details',
  'phone',
  'address',
  // Version 2: every other path Stripe's types give a name, e-mail, address, IP or free text the
  // donor typed (node_modules/stripe/esm/resources/*.d.ts; docs/privacy.md lists them by object).
  'individual_name',
  'business_name',
  'collected_information',
  'custom_fields',
  'verified_name',
  'cardholder_name',
  'payer_email',
  'payer_name',
  'payer_id',
  'buyer_id',
  'account_holder_name',
  'billing_address',
  'shipping_address',
  'customer_email_address',
  'customer_purchase_ip',
  'ip_address',
  'user_agent',
  'tax_ids',
  'evidence',
  'masterpass',
  'visa_checkout',
  // Checkout's custom fields: a donor wall name is kept only with consent (table supporters).
  'custom_fields',
  // Version 3: PayPal's (paypal-rest-api-specifications): a refund's payer, a subscription's
  // subscriber, a dispute's buyer and the texts exchanged about it.
  'payer',
  'subscriber',
  'buyer',
  'email_address',
  'messages',
  'supporting_info',
  'communication_details',
  // Version 4: the receive-only sources' people (docs/sources.md): GitHub's sponsor and sender,
  // Ko-fi's name, message and plaintext token, Buy Me a Coffee's supporter and note,
  'sponsor',
  'sender',
  'from_name',
  'message',
  'verification_token',
  'supporter_name',
  'supporter_email',
  'support_note',
  // Donorbox's donor (name, address) and comment; Patreon's member's name and note.
  'donor',
  'comment',
  // Patreon's member.
  'full_name',
  'note',
])

/** A customer object's own fields are all personal. */
const CUSTOMER_PERSONAL = new Set(['name', 'description', 'invoice_settings'])

/**
 * `value` as JSON with personal fields set to null, at any depth (pure), in one pass without
 * building a copy: every webhook's payload is stored this way.
 */
export function redactedJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    if (PERSONAL.has(key)) return null
    if (CUSTOMER_PERSONAL.has(key) && this.object === 'customer') return null
    return v
  })
}
