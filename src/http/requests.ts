import type { MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import type { AppEnv } from './env.js'

/** The counter every answered request is counted in. */
const REQUESTS = 'supportbar_http_requests_total'

/** The route pattern that answered (`/api/campaigns/:slug/progress`), never the raw path. */
export function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]
    if (r && r.method !== 'ALL') return r.path
  }
  return 'unmatched'
}

/** One answered request, as it is counted and logged. */
export interface AnsweredRequest {
  requestId: string
  method: string
  route: string
  path: string
  status: number
  /** performance.now() when the request arrived. */
  start: number
  actor?: string | undefined
  /** Refused on purpose to hold under load (counted as such): logged at debug, not as a 5xx. */
  shed?: boolean | undefined
}

/** A counter cell of one (method, status, route), for a caller that counts it again and again. */
export type RequestCell = { value: number }

/**
 * Counts every request by method, route pattern and status (bounded label values: patterns,
 * not paths) and writes one log line: debug for successful reads (the bar is read far more
 * than anything else), info for writes and 4xx, error for 5xx (debug for work shed under load,
 * which its own metric counts). No headers, no query strings.
 * The one place requests are counted, whoever answered them (Hono, or a runtime's lane).
 */
export class RequestLog {
  /**
   * A successful read gets a log line (the logger's level is fixed when it is made): a lane
   * that answers reads need not time one otherwise.
   */
  readonly logsReads: boolean

  constructor(
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.logsReads = log.enabled('debug')
  }

  /**
   * The counter cell of one series, made at 0 if new: a caller that answers the same route
   * and status over and over (the Node fast lane) keeps it, and passes it to `record`.
   */
  cell(method: string, status: number, route: string): RequestCell {
    return this.metrics.cell(REQUESTS, `${method} ${status} ${route}`, () => ({
      method,
      route,
      status: String(status),
    }))
  }

  /** Counts a request and writes its log line; `cell` is its counter cell when kept. */
  record(r: AnsweredRequest, cell?: RequestCell): void {
    const { method, route, status } = r
    ;(cell ?? this.cell(method, status, route)).value++
    const level = r.shed
      ? 'debug'
      : status >= 500
        ? 'error'
        : status >= 400 || !(method === 'GET' || method === 'HEAD')
          ? 'info'
          : 'debug'
    if (!this.log.enabled(level)) return
    this.log[level]('request', {
      requestId: r.requestId,
      method,
      route,
      path: r.path,
      status,
      ms: Math.round((performance.now() - r.start) * 10) / 10,
      ...(r.actor ? { actor: r.actor } : {}),
    })
  }
}

/** The middleware that records every request Hono answers. */
export function observeRequests(requests: RequestLog): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now()
    await next()
    requests.record({
      requestId: c.var.requestId,
      method: c.req.method,
      route: routeOf(c),
      path: c.req.path,
      status: c.res.status,
      start,
      actor: c.var.actor,
      shed: c.var.shed,
    })
  }
}
