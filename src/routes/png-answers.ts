import { JSON_HEADERS } from '../http/header-sets.js'

/** The PNG route's pattern, as Hono matches it and as requests are counted under. */
export const PNG_ROUTE = '/embed/:name{[^/]+\\.png}'

/** A path (query included) that `PNG_ROUTE` answers, for a lane that answers before Hono. */
export const PNG_PATH = /^\/embed\/[^/?]+\.png(?:\?|$)/

/** A transparent 1x1 PNG: the body of a refusal, an image like every answer of the route. */
export const BLANK_PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
  ),
  (ch) => ch.charCodeAt(0),
)

/**
 * The header lines of a refused PNG (429: the client's rendering budget is spent; 503: the
 * rasteriser is full), in order: readable from any origin like every image, never cached, and
 * when to come back. The Hono route and the Node lane (src/node/png-gate.ts) write the same.
 */
export function refusedImageHeaders(retryAfterS: number, requestId: string) {
  return {
    ...JSON_HEADERS,
    'Content-Type': 'image/png',
    'Content-Length': String(BLANK_PNG.byteLength),
    'Cache-Control': 'no-store',
    'Retry-After': String(retryAfterS),
    'X-Request-Id': requestId,
  }
}
