import { toBase64url } from '../hash.js'

/**
 * The outbox's addresses at rest: AES-256-GCM through Web Crypto (Node 20 and Workers alike),
 * under the operator's MAIL_KEY (base64 of 32 random bytes). The row's id is the additional
 * data, so a ciphertext copied into another row does not open. Format: `v1.<iv>.<ciphertext>`,
 * both unpadded base64url; a fresh 96-bit IV per message.
 */

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const plain = text.replaceAll('-', '+').replaceAll('_', '/')
  const bin = atob(plain + '='.repeat((4 - (plain.length % 4)) % 4))
  return Uint8Array.from(bin, (c) => c.charCodeAt(0))
}

/** The 32 bytes of a MAIL_KEY, or null when it is not base64 of exactly 32 bytes. */
export function mailKeyBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/_-]{42,43}=?$/.test(text.trim())) return null
  try {
    const bytes = fromBase64(text.trim().replace(/=+$/, ''))
    return bytes.length === 32 ? bytes : null
  } catch {
    return null
  }
}

/** Seals and opens addresses under one key. */
export interface Sealer {
  seal(text: string, rowId: string): Promise<string>
  open(sealed: string, rowId: string): Promise<string>
}

/** A sealer under MAIL_KEY (already validated by the configuration). */
export function sealer(mailKey: string): Sealer {
  const bytes = mailKeyBytes(mailKey)
  if (!bytes) throw new Error('MAIL_KEY must be base64 of 32 bytes')
  let key: Promise<CryptoKey> | undefined
  const keyOnce = () => {
    key ??= crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt'])
    return key
  }
  return {
    async seal(text, rowId) {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const data = encoder.encode(rowId)
      const ct = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: data },
        await keyOnce(),
        encoder.encode(text),
      )
      return `v1.${toBase64url(iv)}.${toBase64url(new Uint8Array(ct))}`
    },
    async open(sealed, rowId) {
      const [v, iv, ct] = sealed.split('.')
      if (v !== 'v1' || !iv || !ct) throw new Error('not a sealed address')
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(iv), additionalData: encoder.encode(rowId) },
        await keyOnce(),
        fromBase64(ct),
      )
      return decoder.decode(plain)
    },
  }
}

/** The ingest's address sealer when mail is configured, else undefined (no address is kept). */
export function addressSealer(
  mail: { key: string } | undefined,
): ((address: string, rowId: string) => Promise<string>) | undefined {
  if (!mail) return undefined
  const s = sealer(mail.key)
  return (address, rowId) => s.seal(address, rowId)
}
