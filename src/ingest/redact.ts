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
])

/** A customer object's own fields are all personal. */
const CUSTOMER_PERSONAL = new Set(['name', 'description', 'invoice_settings'])

/** A copy of `value` with personal fields nulled (pure). */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (value === null || typeof value !== 'object') return value
  const obj = value as Record<string, unknown>
  const customer = obj.object === 'customer'
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj)) {
    out[k] = PERSONAL.has(k) || (customer && CUSTOMER_PERSONAL.has(k)) ? null : redact(v)
  }
  return out
}
