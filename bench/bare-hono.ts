// A second baseline of bench/read: a bare Hono app on @hono/node-server answering the same
// bytes and headers, to split the cost of the framework and adapter from the app's own.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { loadFixtures } from './lib.js'

const fixtures = loadFixtures()
const app = new Hono()
for (const [path, f] of Object.entries(fixtures)) {
  app.get(path, (c) => {
    const headers = {
      ETag: f.etag,
      'Cache-Control': 'public, max-age=5, stale-while-revalidate=30',
    }
    if (c.req.header('If-None-Match') === f.etag) return c.body(null, 304, headers)
    return c.body(f.body, 200, { ...headers, 'Content-Type': f.contentType })
  })
}
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}` }))
})
process.on('SIGTERM', () => server.close())
