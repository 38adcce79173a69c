import type { Rendered } from '../read/render-cache.js'
import { byteLength } from '../read/render-cache.js'
import type { HeaderSet } from './header-sets.js'

/**
 * An HTTP answer, built once in one place: its status, its header lines in the order they are
 * written, and its body. Hono turns it into a Response (`toResponse`); the Node lanes write the
 * very same lines (src/node/), so no header order is known twice.
 */
export interface Answer {
  status: number
  /** Header names and values, in order (a plain object keeps its insertion order). */
  headers: Record<string, string>
  body: string | null
}

/**
 * The answer as a Response. A plain header object: @hono/node-server writes it as given, while
 * a Headers object is copied twice on the way (and loses the names' case and order).
 */
export function toResponse(a: Answer): Response {
  return new Response(a.body, { status: a.status, headers: a.headers })
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
 * Pre-rendered bytes with a whole header set, or 304 when the client has them (`ifNoneMatch`).
 * Content-Length is given, so every runtime writes the same header lines in the same order.
 */
export function renderedAnswer(
  r: Rendered,
  headerSet: HeaderSet,
  requestId: string,
  ifNoneMatch: string | undefined,
): Answer {
  const status = r.status ?? 200
  if (ifNoneMatch !== undefined && status === 200 && matches(ifNoneMatch, r.etag)) {
    return {
      status: 304,
      headers: { ...headerSet, ETag: r.etag, 'X-Request-Id': requestId },
      body: null,
    }
  }
  return {
    status,
    headers: {
      ...headerSet,
      ETag: r.etag,
      'Content-Type': r.contentType,
      'X-Request-Id': requestId,
      'Content-Length': String(byteLength(r)),
    },
    body: r.body,
  }
}

const byName = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * A JSON answer with the header lines Hono's own JSON answers have once a middleware edited
 * them (the Headers of a Response: names in lower case, sorted), then Content-Length as
 * @hono/node-server adds it.
 */
export function jsonAnswer(
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>>,
): Answer {
  const body = JSON.stringify(value)
  const lines = Object.entries({ 'content-type': 'application/json', ...headers })
    .map(([name, v]): [string, string] => [name.toLowerCase(), v])
    .sort(byName)
  const out: Record<string, string> = Object.fromEntries(lines)
  out['Content-Length'] = String(new TextEncoder().encode(body).byteLength)
  return { status, headers: out, body }
}
