import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { AppEnv } from '../deps.js'
import { byteLength, type Rendered } from '../read/render-cache.js'

/** Short browser/CDN caching: bars stay fresh within seconds, and a stale one is served at once. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30'

/** Headers of everything public and embeddable: readable from any origin, never sniffed. */
const OPEN = {
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

/** The read routes that answer through `sendRendered` (and set their own X-Request-Id). */
export function isHotRead(method: string, path: string): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    (path.startsWith('/embed/') ||
      path === '/widget.js' ||
      (path.startsWith('/api/campaigns/') && path.endsWith('/progress')))
  )
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): `W/` does not matter. */
export function matches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch === etag) return true
  const opaque = etag.replace(/^W\//, '')
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim()
    return tag === '*' || tag.replace(/^W\//, '') === opaque
  })
}

/**
 * Told of every rendering the read path answers with, where a runtime passes one in its env
 * (the Node fast lane, src/node/fast-lane.ts, answers the same URL from then on).
 */
export interface RenderedSink {
  sent(c: Context<AppEnv>, r: Rendered, headerSet: HeaderSet): void
}

/**
 * Sends pre-rendered bytes with a whole header set, or 304 when the client has them. A plain
 * Response with a plain header object: Hono's `c.body` copies several headers into a Headers
 * object first, which the Node adapter then turns back into a plain object. Content-Length is
 * given, so every runtime and the Node fast lane write the same header lines in the same order.
 */
export function sendRendered(c: Context<AppEnv>, r: Rendered, headerSet: HeaderSet): Response {
  ;(c.env as { renderedSink?: RenderedSink } | undefined)?.renderedSink?.sent(c, r, headerSet)
  const inm = c.req.header('If-None-Match')
  if (inm !== undefined && (r.status ?? 200) === 200 && matches(inm, r.etag)) {
    return new Response(null, {
      status: 304,
      headers: { ...headerSet, ETag: r.etag, 'X-Request-Id': c.get('requestId') },
    })
  }
  return new Response(r.body, {
    status: r.status ?? 200,
    headers: {
      ...headerSet,
      ETag: r.etag,
      'Content-Type': r.contentType,
      'X-Request-Id': c.get('requestId'),
      'Content-Length': String(byteLength(r)),
    },
  })
}

/**
 * CORS for the public read routes without touching their responses: preflights (the widget
 * sends If-None-Match) go through Hono's cors; an error answer gets the open headers too, so
 * pages can read why.
 */
export function openCors(): MiddlewareHandler<AppEnv> {
  const preflight = cors({ origin: '*', exposeHeaders: ['ETag'], maxAge: 86400 })
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next)
    await next()
    // Errors thrown by a route, and the app's own 404 for unknown paths under these prefixes.
    if (!c.error && c.res.status < 400) return
    for (const [k, v] of Object.entries(OPEN)) c.res.headers.set(k, v)
    c.res.headers.set('X-Request-Id', c.var.requestId)
  }
}
