import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Services } from '../deps.js'
import { clientAddressOf } from '../http/client-address.js'
import { REFUSED_METRIC } from '../metrics.js'
import { BLANK_PNG, PNG_PATH, PNG_ROUTE, refusedImageHeaders } from '../routes/png-answers.js'
import { headerLines } from './write-answer.js'

/** What the gate uses: the budget, who the client is, and the request log and metrics. */
export type PngGateDeps = Pick<Services, 'pngBudget' | 'config' | 'requests' | 'metrics'>

/**
 * How long a refused client waits for its 429, at least. Answered at once, a client that sends
 * its next request as soon as it has an answer (a flood on keep-alive connections) would have
 * the main thread write refusals as fast as it can, and everyone else's reads wait behind them;
 * held a second, each of its connections (HTTP_MAX_CONNECTIONS_PER_ADDRESS at most) costs one
 * refusal a second. Up to half as long again at random, so that refusals given together are not
 * answered together, and the flood's next requests do not arrive in one burst either.
 */
export const HOLD_MS = 1000
const holdMs = () => HOLD_MS + Math.floor(Math.random() * (HOLD_MS / 2))

/** One value of a request header as Node gives it (repeated headers joined, as Fetch does). */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(', ') : v
}

/**
 * The Node lane of refused PNGs: a client whose budget of renderings is spent
 * (PNG_RENDERS_PER_ADDRESS) gets the PNG route's 429 (a blank image, Retry-After) before any
 * Web Request, routing or middleware exists, held `HOLD_MS` or a little longer first, so that a client asking for
 * a new image on every request costs the main thread little while it is refused. The answer,
 * its count and its log line are the route's own (src/routes/png.routes.ts), which still
 * refuses where this lane does not run (Workers, tests through `app.request`).
 */
export class PngGate {
  constructor(private readonly ctx: PngGateDeps) {}

  /** Takes a PNG request of a client over its budget (answered later); false to pass it on. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const { pngBudget, config } = this.ctx
    if (!pngBudget.limited || req.method !== 'GET') return false
    const url = req.url
    if (url === undefined || !PNG_PATH.test(url)) return false
    const client = clientAddressOf(req.socket.remoteAddress, (n) => headerOf(req, n), config)
    const wait = pngBudget.retryAfter(client)
    if (wait === 0) return false
    const start = this.ctx.requests.logsReads ? performance.now() : 0
    this.ctx.metrics.inc(REFUSED_METRIC, { reason: 'png_per_address' })
    const hold = holdMs()
    const held = setTimeout(() => this.#refuse(res, url, wait - hold / 1000, start), hold)
    // A client that leaves meanwhile is not answered.
    res.once('close', () => clearTimeout(held))
    return true
  }

  /** Writes the 429; `wait` is the seconds left of the client's wait once held. */
  #refuse(res: ServerResponse, url: string, wait: number, start: number): void {
    const id = crypto.randomUUID()
    const headers = refusedImageHeaders(Math.max(1, Math.ceil(wait)), id)
    res.writeHead(429, headerLines({ status: 429, headers, body: null }))
    res.end(BLANK_PNG)
    const q = url.indexOf('?')
    this.ctx.requests.record({
      requestId: id,
      method: 'GET',
      route: PNG_ROUTE,
      path: q === -1 ? url : url.slice(0, q),
      status: 429,
      start,
      shed: true,
    })
  }
}
