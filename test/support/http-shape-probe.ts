// Child process of test/http-shapes.test.ts, run as
//   node --allow-natives-syntax --expose-gc --import tsx test/support/http-shape-probe.ts app|bare
// It serves with the real server (`app`) or a bare node:http server (`bare`), answers six
// requests, lets their responses die and runs two full GCs (what V8's memory reducer does to an
// idle server), answers four more, and prints whether each request's ServerResponse had fast
// (non-dictionary) properties when node handed it over.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, get, Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseConfig } from '../../src/config.js'
import { startServer } from '../../src/node/main.js'

const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (
  o: object,
) => boolean
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')

const fast: boolean[] = []
const emit = Server.prototype.emit
Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
  if (event === 'request') fast.push(hasFastProperties(args[1] as object))
  return Reflect.apply(emit, this, [event, ...args]) as boolean
}

const dir = mkdtempSync(join(tmpdir(), 'supportbar-shapes-'))
let url: string
let close: () => Promise<void>
if (process.argv[2] === 'app') {
  const running = await startServer(
    parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'db.sqlite')}`,
      LOG_LEVEL: 'error',
    }),
  )
  url = `${running.url}/healthz`
  close = () => running.close()
} else {
  const server = createServer((_req, res) => res.end('ok'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/healthz`
  close = () => new Promise((resolve) => server.close(() => resolve()))
}
// A new connection each time, closed after the answer: nothing keeps a response alive.
const once = () =>
  new Promise<void>((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume()
      res.on('end', resolve)
    }).on('error', reject)
  })
for (let i = 0; i < 6; i++) await once()
await new Promise((resolve) => setTimeout(resolve, 200))
gc()
gc()
for (let i = 0; i < 4; i++) await once()
await close()
rmSync(dir, { recursive: true, force: true })
console.log(JSON.stringify({ fast }))
