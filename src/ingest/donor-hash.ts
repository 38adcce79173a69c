import type { DonorHint } from './facts.js'

const encoder = new TextEncoder()
const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/** HMAC-SHA-256 of a text under the donor key, as hex. */
export type DonorMac = (subject: string) => Promise<string>

interface NodeCrypto {
  createHmac(alg: 'sha256', key: string): { update(s: string): { digest(enc: 'hex'): string } }
}

/**
 * node:crypto when the runtime has it, found without an import (Workers have no node:crypto
 * here): Node's synchronous HMAC costs a few microseconds, WebCrypto's a trip through a thread
 * pool that took an eighth of a webhook's time.
 */
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined

/** The keyed hash donor ids are made with, from the operator's secret text. */
export async function donorMac(secret: string): Promise<DonorMac> {
  const node = nodeCrypto
  if (node) return async (s) => node.createHmac('sha256', secret).update(s).digest('hex')
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return async (s) => hex(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(s))))
}

/** A fresh random secret for the donor key (64 hex characters). */
export function newDonorSecret(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)))
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
