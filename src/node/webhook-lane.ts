import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Services } from '../deps.js'
import { refuseDeclared } from '../http/raw-body.js'
import { answerWebhook, STRIPE_WEBHOOK_PATH } from '../routes/webhook-answer.js'
import { incomingClosed } from './platform.js'
import { readIncoming } from './read-incoming.js'
import { writeAnswer } from './write-answer.js'

/** As @hono/node-server does with a body left unread: read and drop it, for so long and so much. */
const DRAIN_TIMEOUT_MS = 500
const MAX_DRAIN_BYTES = 64 * 1024 * 1024

/** What the lane uses: the receive step, the request log and the logger. */
export type WebhookLaneDeps = Pick<Services, 'receiveWebhook' | 'requests' | 'log'>

/**
 * The Node lane of `POST /webhooks/stripe` (DESIGN.md, Speed). It reads the raw body from the
 * IncomingMessage with the route's limit, and answers with the very same `answerWebhook` as the
 * Hono route (status, header lines, body), with no Web Request, Response, Hono context or
 * middleware built; the request is counted and logged by the same RequestLog as Hono's
 * middleware. The Workers entry serves the route through Hono.
 */
export class WebhookLane {
  constructor(
    private readonly ctx: WebhookLaneDeps,
    /** Bytes a second a body must average (HTTP_MIN_BODY_RATE; 0: none). */
    private readonly minBodyRate = 0,
  ) {}

  /**
   * Takes a POST to the webhook route: the promise settles once it is answered (or its client
   * is gone) and its work is done. Undefined to pass the request on.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    if (req.method !== 'POST') return undefined
    const url = req.url
    if (url !== STRIPE_WEBHOOK_PATH && !url?.startsWith(`${STRIPE_WEBHOOK_PATH}?`)) return undefined
    return this.#serve(req, res)
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = performance.now()
    const requestId = crypto.randomUUID()
    const header = req.headers['stripe-signature']
    const answer = await answerWebhook(this.ctx.receiveWebhook, this.ctx.log, {
      body: (limit) => {
        refuseDeclared(req.headers['content-length'], limit)
        return readIncoming(req, limit, this.minBodyRate)
      },
      signature: typeof header === 'string' ? header : undefined,
      requestId,
      closed: () => incomingClosed(req),
    })
    const path = STRIPE_WEBHOOK_PATH
    this.ctx.requests.record({
      requestId,
      method: 'POST',
      route: path,
      path,
      status: answer.status,
      start,
    })
    writeAnswer(res, answer)
    if (!req.readableEnded && !req.destroyed) res.once('finish', () => drain(req))
  }
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
