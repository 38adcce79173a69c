import type { DonorHint } from './facts.js'

const encoder = new TextEncoder()
const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/** The HMAC key donor ids are made with, from the operator's secret text. */
export function donorKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
}

/** A fresh random secret for the donor key (64 hex characters). */
export function newDonorSecret(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)))
}

/**
 * Stable donor id: a keyed hash (HMAC-SHA-256, 128 bits shown) of the customer id, else of the
 * lower-cased e-mail. Without the key the id cannot be tied back to a person or a Stripe
 * customer; with it, the same donor always gets the same id, so monthly donor counts work.
 */
export async function donorId(key: CryptoKey, hint: DonorHint | null): Promise<string | null> {
  if (!hint) return null
  const subject = hint.customer
    ? `customer:${hint.customer}`
    : hint.email
      ? `email:${hint.email.trim().toLowerCase()}`
      : null
  if (subject === null) return null
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(subject)))
  return `d_${hex(mac.slice(0, 16))}`
}
