/** Header sets of whole answers, built once and given whole to the response. */

/** Short browser/CDN caching: bars stay fresh within seconds, and a stale one is served at once. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30'

/** Headers of everything public and embeddable: readable from any origin, never sniffed. */
export const OPEN = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
} as const

export type HeaderSet = Readonly<Record<string, string>>

/**
 * Header sets of the read path, built once. The read path is the hot one (DESIGN.md, Speed):
 * headers given whole to the response cost nothing more, while middleware that edits a
 * finished response (cors, secure-headers) makes the Node adapter build a full Response,
 * which measured about 3x slower. Admin routes keep Hono's secure-headers.
 */
export const JSON_HEADERS: HeaderSet = { ...OPEN, 'Cache-Control': PUBLIC_CACHE_CONTROL }
export const SVG_HEADERS: HeaderSet = {
  ...JSON_HEADERS,
  // An SVG opened on its own runs no script and loads nothing.
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
}
export const WIDGET_HEADERS: HeaderSet = {
  ...OPEN,
  // The widget changes only with a deploy: cache it for minutes, revalidate for a day.
  'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
}

/** The iframe page: no script, and framed only by the allowed origins. */
export function pageHeaders(frameAncestors: string[]): HeaderSet {
  // `*` means anyone: no directive at all, since `frame-ancestors *` still refuses parents
  // with opaque origins (file: pages, sandboxed frames, about:blank).
  const ancestors = frameAncestors.includes('*')
    ? ''
    : `; frame-ancestors ${frameAncestors.length === 0 ? "'none'" : frameAncestors.join(' ')}`
  return {
    ...JSON_HEADERS,
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; " +
      `base-uri 'none'; form-action 'none'${ancestors}`,
  }
}

/**
 * The security headers Hono's secure-headers middleware writes with `OPEN_SECURE_OPTIONS` (as
 * its Headers give them: lower case, sorted). The webhook route's answers carry them whole
 * (src/routes/webhook-answer.ts); test/http-headers.test.ts holds them to Hono's.
 */
export const OPEN_SECURE_HEADERS: HeaderSet = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'cross-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
}

/** Secure headers of everything but the admin API and console (embeddable from any origin). */
export const OPEN_SECURE_OPTIONS = { crossOriginResourcePolicy: 'cross-origin' } as const
