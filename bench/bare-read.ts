// The baseline of bench/read: node:http answering the same bytes and headers as the app
// (taken from it by bench/read.ts and passed in a JSON file), with the same ETag/304 logic.
import { createServer } from 'node:http'
import { loadFixtures } from './lib.js'

const fixtures = loadFixtures()

const server = createServer((req, res) => {
  const f = fixtures[req.url ?? '']
  if (!f) {
    res.writeHead(404)
    res.end()
    return
  }
  const headers = { ETag: f.etag, 'Cache-Control': 'public, max-age=5, stale-while-revalidate=30' }
  if (req.headers['if-none-match'] === f.etag) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  res.writeHead(200, { ...headers, 'Content-Type': f.contentType })
  res.end(f.body)
})
server.listen(0, '127.0.0.1', () => {
  const a = server.address()
  console.log(
    JSON.stringify({ url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` }),
  )
})
