import type { Context } from 'hono'
import type { Rendered } from '../read/render-cache.js'
import { renderedAnswer, toResponse } from './answer.js'
import type { AppEnv } from './env.js'
import type { HeaderSet } from './header-sets.js'

/** The read routes that answer through `sendRendered` (and set their own X-Request-Id). */
export function isHotRead(method: string, path: string): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    (path.startsWith('/embed/') ||
      path === '/widget.js' ||
      (path.startsWith('/api/campaigns/') && path.endsWith('/progress')))
  )
}

/**
 * Told of every rendering the read path answers with, where a runtime passes one in its env
 * (the Node fast lane, src/node/fast-lane.ts, answers the same URL from then on).
 */
export interface RenderedSink {
  sent(c: Context<AppEnv>, r: Rendered, headerSet: HeaderSet): void
}

/**
 * Sends pre-rendered bytes with a whole header set, or 304 when the client has them
 * (`renderedAnswer`). A plain Response with a plain header object: Hono's `c.body` copies
 * several headers into a Headers object first, which the Node adapter then turns back into a
 * plain object.
 */
export function sendRendered(c: Context<AppEnv>, r: Rendered, headerSet: HeaderSet): Response {
  ;(c.env as { renderedSink?: RenderedSink } | undefined)?.renderedSink?.sent(c, r, headerSet)
  return toResponse(renderedAnswer(r, headerSet, c.get('requestId'), c.req.header('If-None-Match')))
}
