// The baseline of bench/read: node:http answering the same bytes and header lines as the app
// (taken from it by bench/read.ts and passed in a JSON file), with the same ETag/304 logic
// and a fresh request id per answer, as the app makes one.
import { createServer } from 'node:http'
import { loadFixtures, requestIdSlot } from './lib.js'

const fixtures = loadFixtures()
const slots = new Map(
  Object.entries(fixtures).map(([path, f]) => [
    path,
    { ok: requestIdSlot(f.ok), notModified: requestIdSlot(f.notModified) },
  ]),
)

const server = createServer((req, res) => {
  const f = fixtures[req.url ?? '']
  const slot = slots.get(req.url ?? '')
  if (!f || !slot) {
    res.writeHead(404)
    res.end()
    return
  }
  const id = crypto.randomUUID()
  if (req.headers['if-none-match'] === f.etag) {
    f.notModified[slot.notModified] = id
    res.writeHead(304, f.notModified)
    res.end()
    return
  }
  f.ok[slot.ok] = id
  res.writeHead(200, f.ok)
  res.end(f.body)
})
server.listen(0, '127.0.0.1', () => {
  const a = server.address()
  console.log(
    JSON.stringify({ url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` }),
  )
})
