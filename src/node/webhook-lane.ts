import type { IncomingMessage, ServerResponse } from 'node:http'
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { OPEN_SECURE_HEADERS } from '../app.js'
import type { Services } from '../deps.js'
import { errorAnswer, incomingClosed } from '../errors.js'
import { readIncoming, refuseDeclared } from '../routes/raw-body.js'
import { WEBHOOK_BODY_LIMIT } from '../stripe/receive.js'

/** The route it serves, as Hono's route pattern names it in metrics and logs. */
const ROUTE = '/webhooks/stripe'

/** As @hono/node-server does with a body left unread: read and drop it, for so long and so much. */
const DRAIN_TIMEOUT_MS = 500
const MAX_DRAIN_BYTES = 64 * 1024 * 1024

/** What the lane uses: the receive step, the request log and the logger. */
export type WebhookLaneDeps = Pick<Services, 'receiveWebhook' | 'requests' | 'log'>

/**
 * The Node lane of `POST /webhooks/stripe` (DESIGN.md, Speed). It reads the raw body from the
 * IncomingMessage with the route's limit (src/routes/raw-body.ts), runs the very same
 * `receiveWebhook` as the Hono route, and answers errors through the same `errorAnswer` as the
 * app's one `onError`, with no Web Request, Response, Hono context or middleware built. Status,
 * JSON body and header lines (Hono's: names lower case and sorted, then Content-Length) are
 * those the Hono route answers with, and the request is counted and logged by `recordRequest`,
 * as `observeRequests` does. The Workers entry serves the route through Hono.
 */
export class WebhookLane {
  /** The answer's header lines but the request id, sorted, as [name, value] pairs. */
  readonly #base: [string, string][]
  /** Header lines of a 2xx as a flat list; each answer copies it and fills in its request id. */
  readonly #ok: string[]
  readonly #idSlot: number

  private constructor(
    private readonly ctx: WebhookLaneDeps,
    base: [string, string][],
  ) {
    this.#base = base
    this.#ok = sortedLines(base, [['x-request-id', '']])
    this.#idSlot = this.#ok.indexOf('x-request-id') + 1
  }

  /**
   * A lane for the app's context. The headers every webhook answer carries are learnt once
   * from Hono itself (its secure-headers with the app's options, and `c.json`'s content type),
   * so they cannot drift from the route's.
   */
  static async create(ctx: WebhookLaneDeps): Promise<WebhookLane> {
    const probe = new Hono()
    probe.use(secureHeaders(OPEN_SECURE_HEADERS))
    probe.get('/', (c) => c.json(null))
    const res = await probe.request('/')
    const base = [...res.headers].filter(([name]) => name !== 'content-length')
    return new WebhookLane(ctx, base)
  }

  /**
   * Takes a POST to the webhook route: the promise settles once it is answered (or its client
   * is gone) and its work is done. Undefined to pass the request on.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    if (req.method !== 'POST') return undefined
    const url = req.url
    if (url !== ROUTE && !url?.startsWith(`${ROUTE}?`)) return undefined
    return this.#serve(req, res)
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = performance.now()
    const requestId = crypto.randomUUID()
    let status: number
    let body: string
    let lines: string[]
    try {
      refuseDeclared(req.headers['content-length'], WEBHOOK_BODY_LIMIT)
      const raw = await readIncoming(req, WEBHOOK_BODY_LIMIT)
      const header = req.headers['stripe-signature']
      const signature = typeof header === 'string' ? header : undefined
      const receipt = await this.ctx.receiveWebhook(raw, signature, requestId)
      status = 200
      body = JSON.stringify(receipt)
      lines = this.#ok.slice()
      lines[this.#idSlot] = requestId
    } catch (thrown) {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown))
      const answer = errorAnswer(err, incomingClosed(req), requestId, this.ctx.log)
      status = answer.status
      body = JSON.stringify(answer.body)
      const extra = Object.entries(answer.headers ?? {}).map(([name, value]): [string, string] => [
        name.toLowerCase(),
        value,
      ])
      lines = sortedLines(this.#base, [['x-request-id', requestId], ...extra])
    }
    this.ctx.requests.record({
      requestId,
      method: 'POST',
      route: ROUTE,
      path: ROUTE,
      status,
      start,
    })
    lines.push('Content-Length', String(Buffer.byteLength(body)))
    res.writeHead(status, lines)
    res.end(body)
    if (!req.readableEnded && !req.destroyed) res.once('finish', () => drain(req))
  }
}

/** Header pairs as Hono's Headers give them (sorted by name), flat for writeHead. */
function sortedLines(base: [string, string][], more: [string, string][]): string[] {
  return [...base, ...more].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flat()
}

/** Reads and drops the rest of a body not read, within bounds, so the connection can be reused. */
function drain(req: IncomingMessage): void {
  if (req.readableEnded || req.destroyed) return
  let read = 0
  const stop = () => {
    clearTimeout(timer)
    req.off('data', count)
    req.socket?.destroySoon()
  }
  const count = (chunk: Buffer) => {
    read += chunk.length
    if (read > MAX_DRAIN_BYTES) stop()
  }
  const timer = setTimeout(stop, DRAIN_TIMEOUT_MS)
  timer.unref()
  req.on('data', count)
  req.once('end', () => {
    clearTimeout(timer)
    req.off('data', count)
  })
  req.resume()
}
