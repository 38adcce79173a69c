import type { Context } from 'hono'
import type { Rendered } from '../cache.js'

/** Short browser/CDN caching: bars stay fresh within seconds, and a stale one is served at once. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30'

/** Sends pre-rendered bytes, or 304 when the client already has them. */
export function sendRendered(
  c: Context,
  r: Rendered,
  cacheControl = PUBLIC_CACHE_CONTROL,
): Response {
  const headers = { ETag: r.etag, 'Cache-Control': cacheControl }
  const inm = c.req.header('If-None-Match')
  if (inm?.split(',').some((t) => t.trim() === r.etag || t.trim() === '*')) {
    return c.body(null, 304, headers)
  }
  return c.body(r.body, r.status ?? 200, { ...headers, 'Content-Type': r.contentType })
}
