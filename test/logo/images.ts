/** Small real images for the logo tests (each decodes in a browser). */
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'))

/** A 1×1 PNG. */
export const PNG = b64(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
)
/** A 1×1 lossless WebP. */
export const WEBP = b64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==')
/** The start of a JPEG (SOI, APP0/JFIF): what the type check reads. */
export const JPEG_HEAD = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
])
/** An SVG with a script: never taken, whatever it is declared as. */
export const SVG = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
)
