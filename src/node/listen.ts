import { createServer, type IncomingMessage, type Server } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import { type App, servicesOf } from '../app.js'
import type { Config } from '../config.js'
import { trustOf } from '../http/client-address.js'
import type { RenderedSink } from '../http/rendered.js'
import { capConnectionsPerAddress } from './connection-cap.js'
import { FastLane } from './fast-lane.js'
import { NodePlatform } from './platform.js'
import { PngGate } from './png-gate.js'
import { primeHttpShapes } from './prime-shapes.js'
import { WebhookLane } from './webhook-lane.js'

const handlers = new WeakMap<Server, Set<Promise<unknown>>>()

/**
 * Resolves once every request handler `listen`'s server has started has finished (those started
 * meanwhile too), for the store to close only after their writes. A handler's client may have
 * left long before: its connection is gone, its work is not.
 */
export async function handlersDone(server: Server): Promise<void> {
  const working = handlers.get(server)
  while (working && working.size > 0) await Promise.allSettled([...working])
}

/**
 * @hono/node-server's listener of the app, with what Node tells beyond the Web Request
 * (`c.env.platform`, src/node/platform.ts) and, given one, the sink the read path tells of the
 * renderings it answers with.
 */
export function honoListener(app: App, renderedSink?: RenderedSink, minBodyRate = 0) {
  return getRequestListener((request, env) =>
    app.fetch(
      request,
      // HTTP/1 only: this server is node:http's.
      Object.assign(env, {
        platform: new NodePlatform(env.incoming as IncomingMessage, minBodyRate),
        renderedSink,
      }),
    ),
  )
}

/**
 * Serves the app on node:http: the fast lane first (cached public reads), the PNG gate (a
 * client over its budget of renderings), the webhook lane (Stripe's posts), then Hono through @hono/node-server's listener, which is also told of the
 * renderings it answers with. Each peer address may hold `maxConnectionsPerAddress` connections
 * (trusted proxies excepted) and request bodies must keep to `minBodyRate`.
 */
export async function listen(app: App, config: Config): Promise<Server> {
  primeHttpShapes()
  const ctx = servicesOf(app)
  const { headersTimeoutMs, requestTimeoutMs, maxConnections, minBodyRate } = config.http
  const lane = new FastLane(ctx)
  const pngGate = new PngGate(ctx)
  const webhooks = new WebhookLane(ctx, minBodyRate)
  const hono = honoListener(app, lane, minBodyRate)
  // Requests whose handler has not finished: a client that left does not end its work.
  const working = new Set<Promise<unknown>>()
  const server = createServer(
    {
      // A client gets this long to send its headers, and its whole request (body included);
      // then node answers 408 and closes. Live streams are not cut: their request is complete.
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // How often those limits are checked (node's default, 30 s, would let them overrun).
      connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeoutMs / 4)),
    },
    (req, res) => {
      if (lane.handle(req, res) || pngGate.handle(req, res)) return
      const handling = webhooks.handle(req, res) ?? hono(req, res)
      working.add(handling)
      const done = () => working.delete(handling)
      handling.then(done, done)
    },
  )
  handlers.set(server, working)
  // Past this many open connections (keep-alive and streams included) new ones are closed.
  server.maxConnections = maxConnections
  capConnectionsPerAddress(server, {
    perAddress: config.http.maxConnectionsPerAddress,
    trust: trustOf(config),
    log: ctx.log,
    metrics: ctx.metrics,
  })
  let warned = 0
  server.on('drop', () => {
    if (Date.now() - warned < 10_000) return
    warned = Date.now()
    ctx.log.warn('connection refused: too many open connections', { maxConnections })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}
