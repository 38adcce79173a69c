import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { AppEnv } from './env.js'
import { OPEN } from './header-sets.js'

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
