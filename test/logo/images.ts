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

/** A logo that looks like one (a wordmark on a rounded square), as a PNG drawn by resvg. */
export async function wordmarkPng(): Promise<Uint8Array<ArrayBuffer>> {
  const { svgToPng } = await import('../../src/node/png.js')
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="64" viewBox="0 0 240 64">' +
    '<rect x="2" y="2" width="60" height="60" rx="12" fill="#0969da"/>' +
    '<text x="32" y="44" font-family="DejaVu Serif, serif" font-size="36" font-weight="bold" fill="#fff" text-anchor="middle">N</text>' +
    '<text x="74" y="42" font-family="DejaVu Serif, serif" font-size="19" fill="#1f2328">The Daily News</text>' +
    '</svg>'
  return svgToPng(svg, 240)
}
