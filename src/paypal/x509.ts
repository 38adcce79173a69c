/**
 * The little of an X.509 certificate that verifying PayPal's signature needs, read from its DER
 * without node:crypto (the Worker bundle has no node:* modules): its validity and its public key
 * (SubjectPublicKeyInfo, which WebCrypto imports as `spki`). Pure.
 */
export interface CertificateFacts {
  notBefore: Date
  notAfter: Date
  spki: Uint8Array<ArrayBuffer>
}

/** One DER element: its tag, where its content starts and ends, and where the element ends. */
interface Tlv {
  /** Where the element (its tag) starts. */
  at: number
  tag: number
  start: number
  end: number
}

function readTlv(der: Uint8Array, at: number): Tlv {
  const tag = der[at]
  let len = der[at + 1]
  if (tag === undefined || len === undefined) throw new Error('truncated certificate')
  let start = at + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4) throw new Error('unsupported length in certificate')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + (der[start + i] ?? 0)
    start += n
  }
  const end = start + len
  if (end > der.length) throw new Error('truncated certificate')
  return { at, tag, start, end }
}

/** The children of a constructed element. */
function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = []
  for (let at = parent.start; at < parent.end; ) {
    const t = readTlv(der, at)
    out.push(t)
    at = t.end
  }
  return out
}

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) as a Date. */
function timeOf(der: Uint8Array, t: Tlv): Date {
  const s = new TextDecoder().decode(der.subarray(t.start, t.end))
  const m =
    t.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
  if (!m) throw new Error('unreadable time in certificate')
  const year = t.tag === 0x17 ? (Number(m[1]) >= 50 ? 1900 : 2000) + Number(m[1]) : Number(m[1])
  return new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])),
  )
}

/** The DER bytes of the first certificate in a PEM text. */
export function pemToDer(pem: string): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)
  if (!m?.[1]) throw new Error('no certificate in PEM')
  const bin = atob(m[1].replace(/\s+/g, ''))
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0))
}

/** Validity and public key of a certificate (PEM); throws on anything it cannot read. */
export function certificateFacts(pem: string): CertificateFacts {
  const der = pemToDer(pem)
  const cert = readTlv(der, 0)
  const [tbs] = children(der, cert)
  if (tbs?.tag !== 0x30) throw new Error('not a certificate')
  const fields = children(der, tbs)
  // version is an explicit [0] tag, present from v2 on.
  const i = fields[0]?.tag === 0xa0 ? 1 : 0
  const validity = fields[i + 3]
  const spki = fields[i + 5]
  if (!validity || !spki || validity.tag !== 0x30 || spki.tag !== 0x30) {
    throw new Error('not a certificate')
  }
  const [nb, na] = children(der, validity)
  if (!nb || !na) throw new Error('no validity in certificate')
  // The SPKI element whole, header included: WebCrypto's `spki` format.
  return {
    notBefore: timeOf(der, nb),
    notAfter: timeOf(der, na),
    spki: der.slice(spki.at, spki.end) as Uint8Array<ArrayBuffer>,
  }
}
