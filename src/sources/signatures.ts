import { hmac } from '@noble/hashes/hmac.js'
import { md5 } from '@noble/hashes/legacy.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { timingSafeEqual } from 'hono/utils/buffer'
import { VerifyError } from '../stripe/verify.js'

/**
 * The ways a source proves a delivery is its own, over the raw body: an HMAC of it (hex, as
 * GitHub, Buy Me a Coffee and Donorbox send), or a shared token in the body (Ko-fi). Each takes
 * several secrets (a rotation: the old and the new one both pass) and compares in constant time.
 */

const encoder = new TextEncoder()
const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

/** Hex HMAC-SHA256 of `message` under `secret` (Web Crypto: Node and Workers alike). */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(message)))
}

/**
 * Hex HMAC-MD5 (Patreon's signature): Web Crypto has no MD5, so @noble/hashes' audited one, the
 * same on Node and Workers.
 */
export const hmacMd5Hex = (secret: string, message: string): string =>
  bytesToHex(hmac(md5, utf8ToBytes(secret), utf8ToBytes(message)))

/**
 * Passes when `sent` (hex, any case) is the HMAC (SHA-256, or MD5 for Patreon) of `message`
 * under one of `secrets`;
 * else throws VerifyError (missing_signature / invalid_signature).
 */
export async function checkHmacHex(
  message: string,
  sent: string | undefined,
  secrets: readonly string[],
  header: string,
  algorithm: 'sha256' | 'md5' = 'sha256',
): Promise<void> {
  if (!sent) throw new VerifyError('missing_signature', `No ${header} header`)
  const given = sent.trim().toLowerCase()
  const digits = algorithm === 'md5' ? 32 : 64
  if (!new RegExp(`^[0-9a-f]{${digits}}$`).test(given)) {
    throw new VerifyError(
      'invalid_signature',
      `${header} is not a hex HMAC-${algorithm.toUpperCase()}`,
    )
  }
  for (const secret of secrets) {
    const expected =
      algorithm === 'md5' ? hmacMd5Hex(secret, message) : await hmacSha256Hex(secret, message)
    if (await timingSafeEqual(given, expected)) return
  }
  throw new VerifyError('invalid_signature', `${header} does not match the raw body`)
}

/** Passes when `sent` equals one of `tokens`, compared in constant time; else throws. */
export async function checkToken(
  sent: unknown,
  tokens: readonly string[],
  what: string,
): Promise<void> {
  if (typeof sent !== 'string' || sent.length === 0) {
    throw new VerifyError('missing_signature', `No ${what}`)
  }
  for (const token of tokens) {
    if (await timingSafeEqual(sent, token)) return
  }
  throw new VerifyError('invalid_signature', `${what} does not match`)
}
