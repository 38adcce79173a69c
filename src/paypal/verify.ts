import { ApiError } from '../errors.js'
import { VerifyError } from '../stripe/verify.js'
import { type CertCache, CertError } from './certs.js'
import { crc32 } from './crc32.js'

/** The headers PayPal signs a delivery with (lower-case names). */
export interface PaypalHeaders {
  transmissionId: string | undefined
  transmissionTime: string | undefined
  transmissionSig: string | undefined
  certUrl: string | undefined
  authAlgo: string | undefined
}

/** Reads PayPal's signature headers from a header getter. */
export const paypalHeaders = (get: (name: string) => string | undefined): PaypalHeaders => ({
  transmissionId: get('paypal-transmission-id'),
  transmissionTime: get('paypal-transmission-time'),
  transmissionSig: get('paypal-transmission-sig'),
  certUrl: get('paypal-cert-url'),
  authAlgo: get('paypal-auth-algo'),
})

/** A transmission time further than this from now (either way) is refused, as Stripe's is. */
export const PAYPAL_TOLERANCE_S = 300

/** The one algorithm PayPal signs with (PAYPAL-AUTH-ALGO); any other is refused. */
const ALGO = 'SHA256withRSA'

const fromBase64 = (s: string): Uint8Array<ArrayBuffer> | undefined => {
  try {
    return Uint8Array.from(atob(s), (c) => c.charCodeAt(0)) as Uint8Array<ArrayBuffer>
  } catch {
    return undefined
  }
}

/**
 * Verifies a PayPal delivery offline: RSA-SHA256 with the certificate at PAYPAL-CERT-URL over
 * `transmissionId|transmissionTime|webhookId|crc32(raw body)` (CRC-32 as an unsigned decimal).
 * The certificate comes only from PayPal's hosts or PAYPAL_API_URL's, is cached, and must be
 * valid now; a transmission time more than PAYPAL_TOLERANCE_S from now is refused. Returns the
 * parsed body; throws VerifyError (400), or ApiError 503 when the certificate cannot be fetched.
 */
export async function verifyPaypal(
  raw: string,
  h: PaypalHeaders,
  webhookId: string,
  certs: CertCache,
  now: () => Date = () => new Date(),
): Promise<unknown> {
  const { transmissionId, transmissionTime, transmissionSig, certUrl, authAlgo } = h
  if (!transmissionId || !transmissionTime || !transmissionSig || !certUrl) {
    throw new VerifyError('missing_signature', 'Missing PAYPAL-TRANSMISSION-* or PAYPAL-CERT-URL')
  }
  if ((authAlgo ?? ALGO) !== ALGO) {
    throw new VerifyError('invalid_signature', `PAYPAL-AUTH-ALGO ${authAlgo} is not ${ALGO}`)
  }
  const sig = fromBase64(transmissionSig)
  const sentAt = Date.parse(transmissionTime)
  if (!sig || !Number.isFinite(sentAt)) {
    throw new VerifyError('invalid_signature', 'Malformed PAYPAL-TRANSMISSION-SIG or -TIME')
  }
  let cert: Awaited<ReturnType<CertCache['get']>>
  try {
    cert = await certs.get(certUrl)
  } catch (err) {
    if (err instanceof CertError && err.reason === 'refused') {
      throw new VerifyError('invalid_signature', err.message)
    }
    throw new ApiError(503, 'unavailable', (err as Error).message)
  }
  const at = now()
  if (at < cert.notBefore || at > cert.notAfter) {
    throw new VerifyError('invalid_signature', 'PayPal certificate is not valid now')
  }
  const bytes = new TextEncoder().encode(raw)
  const signed = `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(bytes)}`
  const ok = await crypto.subtle.verify(
    'RSASSA-PKCS1-v1_5',
    cert.key,
    sig,
    new TextEncoder().encode(signed),
  )
  if (!ok) throw new VerifyError('invalid_signature', 'Signature does not match')
  // Only a matching signature gets here, so a forged body is never called stale.
  if (Math.abs(sentAt - at.getTime()) > PAYPAL_TOLERANCE_S * 1000) {
    throw new VerifyError('stale_timestamp', 'PAYPAL-TRANSMISSION-TIME outside the tolerance zone')
  }
  try {
    return JSON.parse(raw) as unknown
  } catch {
    throw new VerifyError('invalid_payload', 'Signed body is not JSON')
  }
}
