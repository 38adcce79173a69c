import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  checkLogo,
  fromBase64,
  LOGO_MAX_BYTES,
  logoPath,
  logoVersion,
  parseLogoMeta,
  sniffLogoType,
  toBase64,
} from '../../src/domain/logo.js'

/** A campaign's logo: which uploads are taken by their first bytes, and how they are stored. */

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]
const RIFF = [0x52, 0x49, 0x46, 0x46]
const WEBP = [0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38]
const bytes = (...parts: number[][]) => Uint8Array.from(parts.flat())

describe('logo signatures', () => {
  it('knows PNG, JPEG and WebP by their first bytes', () => {
    expect(sniffLogoType(bytes(PNG, [0]))).toBe('image/png')
    expect(sniffLogoType(bytes(JPEG, [0xe0]))).toBe('image/jpeg')
    expect(sniffLogoType(bytes(RIFF, [1, 2, 3, 4], WEBP, [0x4c]))).toBe('image/webp')
  })

  it('takes no image whose signature is cut short or only half there', () => {
    expect(sniffLogoType(bytes(JPEG.slice(0, 2)))).toBeUndefined()
    expect(sniffLogoType(bytes([0xff, 0xd8, 0x00]))).toBeUndefined()
    // RIFF without WEBP (a WAV file) and WEBP without RIFF are neither.
    expect(sniffLogoType(bytes(RIFF, [1, 2, 3, 4], [0x57, 0x41, 0x56, 0x45]))).toBeUndefined()
    expect(sniffLogoType(bytes([0, 0, 0, 0], [1, 2, 3, 4], WEBP))).toBeUndefined()
    // The WEBP tag must sit at byte 8, not anywhere.
    expect(sniffLogoType(bytes(RIFF, [1, 2, 3], WEBP, [0]))).toBeUndefined()
    expect(sniffLogoType(bytes(RIFF, [1, 2, 3, 4], WEBP.slice(0, 6)))).toBeUndefined()
    expect(sniffLogoType(bytes(Array.from(new TextEncoder().encode('<svg '))))).toBeUndefined()
  })
})

describe('logo uploads', () => {
  it('refuses an empty upload, one over the limit, and one that is no image', () => {
    expect(checkLogo(new Uint8Array(0))).toEqual({ ok: false, problem: 'empty' })
    const big = new Uint8Array(LOGO_MAX_BYTES + 1)
    big.set(PNG)
    expect(checkLogo(big)).toEqual({ ok: false, problem: 'too_large' })
    expect(checkLogo(bytes([1, 2, 3]))).toEqual({ ok: false, problem: 'not_an_image' })
  })

  it('takes an image of exactly the limit and says its type', () => {
    const max = new Uint8Array(LOGO_MAX_BYTES)
    max.set(JPEG)
    expect(checkLogo(max)).toEqual({ ok: true, contentType: 'image/jpeg' })
    expect(checkLogo(bytes(PNG))).toEqual({ ok: true, contentType: 'image/png' })
  })

  it('is versioned by the first 16 hex digits of its SHA-256', async () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223…
    expect(await logoVersion(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea')
    // Each byte is two digits, a leading zero kept: SHA-256 of one zero byte is 6e340b9c….
    expect(await logoVersion(new Uint8Array([0]))).toBe('6e340b9cffb37a98')
    expect(await logoVersion(new Uint8Array([1, 2, 3]))).toBe(
      createHash('sha256')
        .update(new Uint8Array([1, 2, 3]))
        .digest('hex')
        .slice(0, 16),
    )
  })

  it('names its public path by version and extension', () => {
    expect(logoPath('a b', { version: 'abc', contentType: 'image/webp' })).toBe(
      '/logo/a%20b/abc.webp',
    )
    expect(logoPath('x', { version: 'v', contentType: 'image/jpeg' })).toBe('/logo/x/v.jpg')
  })
})

describe('stored logo meta', () => {
  const meta = (contentType: string) => JSON.stringify({ version: 'v1', contentType, bytes: 10 })

  it('reads each of the three types back', () => {
    for (const t of ['image/png', 'image/jpeg', 'image/webp']) {
      expect(parseLogoMeta(meta(t))).toEqual({ version: 'v1', contentType: t, bytes: 10 })
    }
  })

  it('is no logo when the stored JSON is unreadable or names another type', () => {
    expect(parseLogoMeta(null)).toBeNull()
    expect(parseLogoMeta('')).toBeNull()
    expect(parseLogoMeta('{')).toBeNull()
    expect(parseLogoMeta(meta('image/svg+xml'))).toBeNull()
    expect(parseLogoMeta(meta(''))).toBeNull()
    expect(
      parseLogoMeta(JSON.stringify({ version: 1, contentType: 'image/png', bytes: 1 })),
    ).toBeNull()
    expect(
      parseLogoMeta(JSON.stringify({ version: 'v', contentType: 'image/png', bytes: '1' })),
    ).toBeNull()
  })

  it('keeps the bytes through base64 and back, past one chunk', () => {
    const b = new Uint8Array(0x8000 * 2 + 3).map((_, i) => (i * 7) % 256)
    const back = fromBase64(toBase64(b))
    expect(back.length).toBe(b.length)
    expect(Buffer.from(back).equals(Buffer.from(b))).toBe(true)
    expect(toBase64(bytes([0xff, 0]))).toBe('/wA=')
    expect([...fromBase64('/wA=')]).toEqual([0xff, 0])
  })
})
