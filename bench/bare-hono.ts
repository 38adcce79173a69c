// A second baseline of bench/read: a bare Hono app on @hono/node-server answering the same
// bytes and header lines, to split the cost of the framework and adapter from the app's own.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { loadFixtures } from './lib.js'

/** A flat [name, value, ...] list as a header object (insertion order kept), with the id set. */
function headerObject(lines: string[], id: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i < lines.length; i += 2) {
    const name = lines[i] as string
    out[name] = name.toLowerCase() === 'x-request-id' ? id : (lines[i + 1] as string)
  }
  return out
}

const fixtures = loadFixtures()
const app = new Hono()
for (const [path, f] of Object.entries(fixtures)) {
  app.get(path, (c) => {
    const id = crypto.randomUUID()
    if (c.req.header('If-None-Match') === f.etag) {
      return new Response(null, { status: 304, headers: headerObject(f.notModified, id) })
    }
    return new Response(f.body, { status: 200, headers: headerObject(f.ok, id) })
  })
}
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}` }))
})
process.on('SIGTERM', () => server.close())
