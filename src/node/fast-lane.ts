import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'
import { byteLength, type Held, type Rendered } from '../cache.js'
import type { AppContext, AppEnv } from '../context.js'
import type { Labels } from '../metrics.js'
import { routeOf } from '../observe.js'
import { type HeaderSet, matches, type RenderedSink } from '../routes/http.js'

/** URLs the lane remembers; past it the oldest is forgotten and goes through Hono once more. */
const MAX_URLS = 4096

interface Entry {
  /** The render-cache slot; empty once dropped, so the lane never keeps bytes alive. */
  held: Held
  route: string
  path: string
  /** Header lines of the 200 and the 304 as flat [name, value, ...] lists; id slot filled per request. */
  ok: string[]
  notModified: string[]
  okMetric: string
  notModifiedMetric: string
  okLabels: () => Labels
  notModifiedLabels: () => Labels
}

/** The counter observeRequests counts every request in, with the same keys and labels. */
const REQUESTS = 'supportbar_http_requests_total'

/** Held forever: the widget script changes only with a deploy. */
const forever = (value: Rendered): Held => ({
  value,
  expires: Number.POSITIVE_INFINITY,
  used: false,
})

/**
 * The Node fast lane of the hot read path (DESIGN.md, Speed). Every GET that the Hono read
 * routes answer with cached bytes (`sendRendered`) teaches the lane its URL; from then on the
 * lane answers that URL from the same render-cache slot, before any Web Request, Hono context
 * or middleware is built, until the slot is dropped (a change, the TTL, eviction) and Hono
 * answers and teaches it again. Status, body and header lines, in order, are those
 * `sendRendered` writes, the request id is made the same way, and the request is counted and
 * logged as `observeRequests` does, under the route pattern Hono matched.
 */
export class FastLane implements RenderedSink {
  readonly #urls = new Map<string, Entry>()

  constructor(private readonly ctx: AppContext) {}

  /** Answers a GET it knows from fresh cached bytes; false to pass it on to Hono. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || req.url === undefined) return false
    const entry = this.#urls.get(req.url)
    if (!entry) return false
    const r = this.ctx.cache.hit(entry.held)
    if (r === undefined) {
      this.#urls.delete(req.url)
      return false
    }
    const log = this.ctx.log.enabled('debug')
    const start = log ? performance.now() : 0
    const id = crypto.randomUUID()
    const inm = req.headers['if-none-match']
    let status = 200
    if (inm !== undefined && matches(inm, r.etag)) {
      status = 304
      entry.notModified[entry.notModified.length - 1] = id
      res.writeHead(304, entry.notModified)
      res.end()
      this.ctx.metrics.incKeyed(REQUESTS, entry.notModifiedMetric, entry.notModifiedLabels)
    } else {
      entry.ok[entry.ok.length - 3] = id
      res.writeHead(200, entry.ok)
      res.end(r.body)
      this.ctx.metrics.incKeyed(REQUESTS, entry.okMetric, entry.okLabels)
    }
    if (log) {
      this.ctx.log.debug('request', {
        requestId: id,
        method: 'GET',
        route: entry.route,
        path: entry.path,
        status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      })
    }
    return true
  }

  /** Learns a URL from the answer Hono's read route gives (RenderedSink). */
  sent(c: Context<AppEnv>, r: Rendered, headerSet: HeaderSet): void {
    const url = (c.env as Partial<HttpBindings> | undefined)?.incoming?.url
    if (c.req.method !== 'GET' || url === undefined || (r.status ?? 200) !== 200) return
    const held = r.immutable ? forever(r) : this.ctx.cache.holderOf(r)
    if (!held) return
    const base = Object.entries(headerSet).flat()
    const route = routeOf(c)
    this.#urls.delete(url)
    this.#urls.set(url, {
      held,
      route,
      path: c.req.path,
      // Same names, values and order as sendRendered's header objects.
      ok: [
        ...base,
        'ETag',
        r.etag,
        'Content-Type',
        r.contentType,
        'X-Request-Id',
        '',
        'Content-Length',
        String(byteLength(r)),
      ],
      notModified: [...base, 'ETag', r.etag, 'X-Request-Id', ''],
      okMetric: `GET 200 ${route}`,
      notModifiedMetric: `GET 304 ${route}`,
      okLabels: () => ({ method: 'GET', route, status: '200' }),
      notModifiedLabels: () => ({ method: 'GET', route, status: '304' }),
    })
    if (this.#urls.size > MAX_URLS) {
      for (const oldest of this.#urls.keys()) {
        this.#urls.delete(oldest)
        break
      }
    }
  }

  /** URLs the lane answers now (tests, metrics). */
  get size(): number {
    return this.#urls.size
  }
}
