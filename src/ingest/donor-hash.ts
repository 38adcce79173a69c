import { hmacSha256, type Mac, toHex } from '../hash.js'
import type { DonorHint } from './facts.js'

/** HMAC-SHA-256 of a text under the donor key, as hex. */
export type DonorMac = Mac

/** The keyed hash donor ids are made with, from the operator's secret text. */
export function donorMac(secret: string): Promise<DonorMac> {
  return hmacSha256(secret, 'hex')
}

/** A fresh random secret for the donor key (64 hex characters). */
export function newDonorSecret(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(32)))
}

/**
 * Stable donor id: a keyed hash (HMAC-SHA-256, 128 bits shown) of the lower-cased e-mail, else
 * of the customer id. The e-mail first, so a reader who gives monthly (a Stripe customer) and
 * once as a guest (no customer) is one donor. Without the key the id cannot be tied back to a
 * person or a Stripe customer; with it, the same donor always gets the same id.
 */
export async function donorId(mac: DonorMac, hint: DonorHint | null): Promise<string | null> {
  if (!hint) return null
  const email = hint.email?.trim().toLowerCase()
  const subject = email ? `email:${email}` : hint.customer ? `customer:${hint.customer}` : null
  if (subject === null) return null
  return `d_${(await mac(subject)).slice(0, 32)}`
}
