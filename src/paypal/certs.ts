import { type CertificateFacts, certificateFacts } from './x509.js'

/** A certificate PayPal signs with, ready to verify: its key and validity. */
export interface SigningCert {
  key: CryptoKey
  notBefore: Date
  notAfter: Date
}

/** Why a certificate URL gives no key: not PayPal's (`refused`), or not reachable (`unavailable`). */
export class CertError extends Error {
  constructor(
    readonly reason: 'refused' | 'unavailable',
    message: string,
  ) {
    super(message)
    this.name = 'CertError'
  }
}

/** Certificates kept at most (PayPal rotates rarely; one URL is the common case). */
const MAX_CERTS = 16

/**
 * True when a certificate may be fetched from `url`: https on a host under paypal.com, or the
 * very origin of PAYPAL_API_URL (the sandbox, or a local fake in tests). Anything else is
 * refused before any request, so a forged header cannot make the service fetch an attacker's key.
 */
export function certUrlAllowed(url: string, apiUrl: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.username || u.password) return false
  const api = new URL(apiUrl)
  if (u.origin === api.origin) return true
  const host = u.hostname.toLowerCase()
  return u.protocol === 'https:' && (host === 'paypal.com' || host.endsWith('.paypal.com'))
}

/**
 * PayPal's signing certificates by URL, fetched once (only from allowed hosts) and kept; a
 * failed fetch is not kept, so the next delivery tries again.
 */
export class CertCache {
  readonly #certs = new Map<string, Promise<SigningCert>>()
  constructor(
    private readonly apiUrl: string,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  get(url: string): Promise<SigningCert> {
    if (!certUrlAllowed(url, this.apiUrl)) {
      return Promise.reject(new CertError('refused', 'PAYPAL-CERT-URL is not a PayPal host'))
    }
    let got = this.#certs.get(url)
    if (!got) {
      got = this.#load(url)
      got.catch(() => this.#certs.delete(url))
      if (this.#certs.size >= MAX_CERTS) this.#certs.clear()
      this.#certs.set(url, got)
    }
    return got
  }

  async #load(url: string): Promise<SigningCert> {
    let pem: string
    try {
      const res = await this.fetcher(url, {
        // A redirect is not followed (it could lead off PayPal's hosts): any answer but 200 is a
        // failure. Workers know no redirect 'error', so 'manual' and the status.
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      })
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`)
      pem = await res.text()
    } catch (err) {
      throw new CertError(
        'unavailable',
        `PayPal certificate not fetched: ${(err as Error).message}`,
      )
    }
    let facts: CertificateFacts
    let key: CryptoKey
    try {
      facts = certificateFacts(pem)
      key = await crypto.subtle.importKey(
        'spki',
        facts.spki,
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        false,
        ['verify'],
      )
    } catch (err) {
      throw new CertError('refused', `PayPal certificate unreadable: ${(err as Error).message}`)
    }
    return { key, notBefore: facts.notBefore, notAfter: facts.notAfter }
  }
}
