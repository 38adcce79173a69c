/**
 * A campaign's logo (pure): which images are taken, how they are recognised and named. Only
 * raster images are taken (PNG, JPEG, WebP), recognised by their first bytes whatever the
 * upload's Content-Type says: an SVG could carry script, and a wrong header must not make a page
 * of one.
 */

/** Largest logo taken, in bytes (256 KiB). */
export const LOGO_MAX_BYTES = 256 * 1024

export type LogoType = 'image/png' | 'image/jpeg' | 'image/webp'

/** The file name extension of each type, used in the logo's public URL. */
export const LOGO_EXTENSIONS: Readonly<Record<LogoType, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
}

/** What a page needs to link a campaign's logo (the bytes are kept apart). */
export interface LogoMeta {
  /** First 16 hex digits of the image's SHA-256: a new image is a new URL. */
  version: string
  contentType: LogoType
  /** Size of the image in bytes. */
  bytes: number
}

/** Past the end a Uint8Array reads undefined, which is no byte: a short upload matches nothing. */
const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  sig.every((v, i) => b[at + i] === v)

/** The image type by its signature (magic bytes), or undefined when it is none of the three. */
export function sniffLogoType(b: Uint8Array): LogoType | undefined {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  // RIFF <size> WEBP VP8(L|X| )
  if (
    startsWith(b, [0x52, 0x49, 0x46, 0x46]) &&
    startsWith(b, [0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38], 8)
  ) {
    return 'image/webp'
  }
  return undefined
}

/** Why an upload is refused, or undefined when it is taken. */
export type LogoProblem = 'empty' | 'too_large' | 'not_an_image'

/** Checks an upload: its size and its signature. */
export function checkLogo(
  b: Uint8Array,
): { ok: true; contentType: LogoType } | { ok: false; problem: LogoProblem } {
  if (b.length === 0) return { ok: false, problem: 'empty' }
  if (b.length > LOGO_MAX_BYTES) return { ok: false, problem: 'too_large' }
  const contentType = sniffLogoType(b)
  return contentType ? { ok: true, contentType } : { ok: false, problem: 'not_an_image' }
}

/** The words of each problem, for the API's message and the console's page. */
export const LOGO_PROBLEMS: Readonly<Record<LogoProblem, string>> = {
  empty: 'The upload is empty: send a PNG, JPEG or WebP image.',
  too_large: `The logo is larger than ${LOGO_MAX_BYTES / 1024} KB: make it smaller (a logo a few hundred pixels wide is plenty).`,
  not_an_image:
    'This is not a PNG, JPEG or WebP image (judged by its content, not its name). SVG and other formats are not taken.',
}

/** The logo's public, versioned path: its bytes never change under it. */
export const logoPath = (slug: string, m: Pick<LogoMeta, 'version' | 'contentType'>) =>
  `/logo/${encodeURIComponent(slug)}/${m.version}.${LOGO_EXTENSIONS[m.contentType]}`

/** Stored JSON (campaigns.logo) to its meta; anything unreadable is no logo. */
export function parseLogoMeta(json: string | null): LogoMeta | null {
  if (!json) return null
  try {
    const v = JSON.parse(json) as Partial<LogoMeta>
    const type = v.contentType
    if (typeof v.version !== 'string' || typeof v.bytes !== 'number') return null
    if (type !== 'image/png' && type !== 'image/jpeg' && type !== 'image/webp') return null
    return { version: v.version, contentType: type, bytes: v.bytes }
  } catch {
    return null
  }
}

/** The first 16 hex digits of the bytes' SHA-256. */
export async function logoVersion(b: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', b))
  return Array.from(digest.subarray(0, 8), (x) => x.toString(16).padStart(2, '0')).join('')
}

/** Bytes to base64 (stored form) and back. */
export function toBase64(b: Uint8Array): string {
  let s = ''
  // Stryker disable next-line EqualityOperator: one more pass adds an empty chunk, nothing
  for (let i = 0; i < b.length; i += 0x8000) {
    s += String.fromCharCode(...b.subarray(i, i + 0x8000))
  }
  return btoa(s)
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}
