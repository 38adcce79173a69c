import { createServer, type Server } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import { type App, contextOf } from '../app.js'
import type { Config } from '../config.js'
import { FastLane } from './fast-lane.js'

/**
 * Serves the app on node:http: the fast lane first (cached public reads), then Hono through
 * @hono/node-server's listener, which is also told of the renderings it answers with.
 */
export function listen(app: App, config: Config): Promise<Server> {
  const lane = new FastLane(contextOf(app))
  const hono = getRequestListener((request, env) =>
    app.fetch(request, Object.assign(env, { renderedSink: lane })),
  )
  const server = createServer((req, res) => {
    if (!lane.handle(req, res)) void hono(req, res)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}
