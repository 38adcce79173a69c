import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'
import type { AppEnv, Services } from '../deps.js'
import { matches, renderedAnswer } from '../http/answer.js'
import type { HeaderSet } from '../http/header-sets.js'
import type { RenderedSink } from '../http/rendered.js'
import { type RequestCell, routeOf } from '../http/requests.js'
import type { Held, Rendered } from '../read/render-cache.js'
import { headerLines } from './write-answer.js'

/** URLs the lane remembers; past it the oldest is forgotten and goes through Hono once more. */
const MAX_URLS = 4096

interface Entry {
  /** The render-cache slot; empty once dropped, so the lane never keeps bytes alive. */
  held: Held
  route: string
  path: string
  /** Header lines of the 200 and the 304, as `renderedAnswer` gives them; id filled per request. */
  ok: Template
  notModified: Template
  /** The request counter's cells of this route's 200 and 304, taken on the first of each. */
  okCount: RequestCell | undefined
  notModifiedCount: RequestCell | undefined
}

/** An answer's header lines as a flat [name, value, ...] list, and where the request id goes. */
interface Template {
  lines: string[]
  idAt: number
}

/** The header lines of a rendering's answer (200, or 304 for `ifNoneMatch`), id left blank. */
function template(r: Rendered, headerSet: HeaderSet, ifNoneMatch: string | undefined): Template {
  const lines = headerLines(renderedAnswer(r, headerSet, '', ifNoneMatch))
  let idAt = 1
  while (idAt < lines.length && lines[idAt - 1] !== 'X-Request-Id') idAt += 2
  return { lines, idAt }
}

/** What the lane uses: the render cache (through the reader) and the request log. */
export type FastLaneDeps = Pick<Services, 'reader' | 'requests'>

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
 * answers and teaches it again. Status, body and header lines, in order, are those of the
 * same `renderedAnswer` as `sendRendered`'s, the request id is made the same way, and the request is counted and
 * logged by the same RequestLog as Hono's middleware, under the route pattern Hono matched.
 */
export class FastLane implements RenderedSink {
  readonly #urls = new Map<string, Entry>()

  constructor(private readonly ctx: FastLaneDeps) {}

  /** Answers a GET it knows from fresh cached bytes; false to pass it on to Hono. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || req.url === undefined) return false
    const entry = this.#urls.get(req.url)
    if (!entry) return false
    const r = this.ctx.reader.cache.hit(entry.held)
    if (r === undefined) {
      this.#urls.delete(req.url)
      return false
    }
    const start = this.ctx.requests.logsReads ? performance.now() : 0
    const id = crypto.randomUUID()
    const inm = req.headers['if-none-match']
    let status = 200
    // The exact tag (what browsers and the widget send back) without parsing a list.
    if (inm !== undefined && (inm === r.etag || matches(inm, r.etag))) {
      status = 304
      const t = entry.notModified
      t.lines[t.idAt] = id
      res.writeHead(304, t.lines)
      res.end()
      entry.notModifiedCount ??= this.ctx.requests.cell('GET', 304, entry.route)
    } else {
      const t = entry.ok
      t.lines[t.idAt] = id
      res.writeHead(200, t.lines)
      res.end(r.body)
      entry.okCount ??= this.ctx.requests.cell('GET', 200, entry.route)
    }
    this.ctx.requests.record(
      { requestId: id, method: 'GET', route: entry.route, path: entry.path, status, start },
      status === 304 ? entry.notModifiedCount : entry.okCount,
    )
    return true
  }

  /** Learns a URL from the answer Hono's read route gives (RenderedSink). */
  sent(c: Context<AppEnv>, r: Rendered, headerSet: HeaderSet): void {
    const url = (c.env as Partial<HttpBindings> | undefined)?.incoming?.url
    if (c.req.method !== 'GET' || url === undefined || (r.status ?? 200) !== 200) return
    const held = r.immutable ? forever(r) : this.ctx.reader.cache.holderOf(r)
    if (!held) return
    const route = routeOf(c)
    this.#urls.delete(url)
    this.#urls.set(url, {
      held,
      route,
      path: c.req.path,
      ok: template(r, headerSet, undefined),
      notModified: template(r, headerSet, r.etag),
      okCount: undefined,
      notModifiedCount: undefined,
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
