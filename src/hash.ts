/**
 * Hashes that give the same text on every runtime: node:crypto's synchronous ones where the
 * runtime has it, found without an import (Workers have no `process`), else Web Crypto. On
 * Node the synchronous ones cost a few microseconds where Web Crypto's trip through a thread
 * pool took an eighth of a webhook's time, and its SHA-1 a sixth of an uncached embed's CPU.
 */

type Encoding = 'hex' | 'base64url'

interface NodeCrypto {
  createHash(alg: 'sha1'): { update(s: string): { digest(enc: Encoding): string } }
  createHmac(alg: 'sha256', key: string): { update(s: string): { digest(enc: Encoding): string } }
}

const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined

const encoder = new TextEncoder()

/** Bytes as lower-case hex. */
export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/** Bytes as unpadded base64url. */
export function toBase64url(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

const encode = (bytes: Uint8Array, enc: Encoding) =>
  enc === 'hex' ? toHex(bytes) : toBase64url(bytes)

/** A text's HMAC-SHA-256 under a key. */
export type Mac = (data: string) => Promise<string>

/** The one HMAC of the service: HMAC-SHA-256 under `key`, as hex or unpadded base64url. */
export async function hmacSha256(key: string, enc: Encoding): Promise<Mac> {
  const node = nodeCrypto
  if (node) return async (data) => node.createHmac('sha256', key).update(data).digest(enc)
  const k = await crypto.subtle.importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return async (data) =>
    encode(new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(data))), enc)
}

/** A text's SHA-1 as hex. */
export async function sha1Hex(text: string): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash('sha1').update(text).digest('hex')
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-1', encoder.encode(text))))
}
