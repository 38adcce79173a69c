// Where a webhook's CPU time goes, in-process (no load generator): the same signed events
// through (1) signature check + mapping only, (2) the ingest alone (load, decide, one atomic
// write on SQLite WAL NORMAL), (3) the whole Hono app (`app.request`), then (4, 5) over loopback
// HTTP to a Node server in this process, answered by the webhook lane (`listen`) and by the Hono
// route alone (@hono/node-server's listener); those two include the in-process client's CPU, so
// their difference is what the lane saves. Each figure is CPU microseconds per event from
// process.cpuUsage, 16 events in flight.
// Run: npm run bench:webhooks:breakdown [-- --events 5000]
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, createServer, request, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { getRequestListener } from '@hono/node-server'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { listen } from '../src/node/listen.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { migrate } from '../src/store/migrate.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { toIncoming } from '../src/stripe/incoming.js'
import { stripeIngest } from '../src/stripe/ingest.js'
import { verifyEvent } from '../src/stripe/verify.js'
import { BENCH_CAMPAIGN, BENCH_SECRET, BENCH_TOKEN, signedPayment } from './lib.js'

const { values } = parseArgs({ options: { events: { type: 'string', default: '5000' } } })
const N = Number(values.events)
const secret = BENCH_SECRET
const token = BENCH_TOKEN

const signed = () => {
  const { body, signature } = signedPayment()
  return { body, sig: signature }
}

async function cpuPerEvent(fn: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = process.cpuUsage()
  let next = 0
  const lane = async () => {
    for (let i = next++; i < N; i = next++) await fn(i)
  }
  await Promise.all(Array.from({ length: 16 }, lane))
  const u = process.cpuUsage(t0)
  return (u.user + u.system) / N
}

const dir = mkdtempSync(join(tmpdir(), 'supportbar-breakdown-'))
try {
  const store = openSqliteStore(join(dir, 'b.db'))
  await migrate(store, readSchemaFiles())
  const config = parseConfig({
    STRIPE_WEBHOOK_SECRET: secret,
    ADMIN_TOKEN: `bench:${token}`,
    LOG_LEVEL: 'error',
  })
  const app = createApp({ store, config })
  await app.request('/api/admin/campaigns', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(BENCH_CAMPAIGN),
  })
  const ingest = stripeIngest({ store, config })
  const forIngest = Array.from({ length: N }, signed)
  const forApp = Array.from({ length: N }, signed)
  const parsed = await Promise.all(
    forIngest.map(async (r) => toIncoming(await verifyEvent(r.body, r.sig, [secret]))),
  )
  const verify = await cpuPerEvent(async (i) => {
    const r = forIngest[i] as { body: string; sig: string }
    return toIncoming(await verifyEvent(r.body, r.sig, [secret]))
  })
  const alone = await cpuPerEvent((i) => ingest.event(parsed[i] as (typeof parsed)[number]))
  const whole = await cpuPerEvent(async (i) => {
    const r = forApp[i] as { body: string; sig: string }
    const res = await app.request('/webhooks/stripe', {
      method: 'POST',
      headers: {
        'stripe-signature': r.sig,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(r.body)),
      },
      body: r.body,
    })
    if (res.status !== 200) throw new Error(await res.text())
  })
  const overHttp = async (server: Server) => {
    const port = (server.address() as { port: number }).port
    const agent = new Agent({ keepAlive: true, maxSockets: 16 })
    const events = Array.from({ length: N }, signed)
    const us = await cpuPerEvent(
      (i) =>
        new Promise<void>((resolve, reject) => {
          const r = events[i] as { body: string; sig: string }
          const req = request(
            {
              port,
              host: '127.0.0.1',
              method: 'POST',
              path: '/webhooks/stripe',
              agent,
              headers: {
                'stripe-signature': r.sig,
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(r.body)),
              },
            },
            (res) => {
              res.resume()
              res.on('end', () =>
                res.statusCode === 200 ? resolve() : reject(new Error(`${res.statusCode}`)),
              )
            },
          )
          req.on('error', reject)
          req.end(r.body)
        }),
    )
    agent.destroy()
    await new Promise((r) => server.close(r))
    return us
  }
  const lane = await overHttp(await listen(app, { ...config, port: 0, host: '127.0.0.1' }))
  const honoOnly = createServer(getRequestListener(app.fetch))
  await new Promise<void>((r) => honoOnly.listen(0, '127.0.0.1', r))
  const hono = await overHttp(honoOnly)
  await store.close()
  const row = (name: string, us: number) =>
    console.log(`| ${name} | ${us.toFixed(0)} | ${(us / whole).toFixed(2)} |`)
  console.log(`\n${N} events each, CPU µs per event (share of the whole app)\n`)
  console.log('| part | CPU µs/event | share |')
  console.log('|---|---:|---:|')
  row('verify signature + map (src/stripe)', verify)
  row('ingest: load, decide, write (src/ingest + src/store, SQLite)', alone)
  row('whole app.request (Hono middleware, route, verify, map, ingest, JSON answer)', whole)
  row('rest: Hono, middleware, Request/Response objects', whole - verify - alone)
  row('Node server over HTTP, webhook lane (client included)', lane)
  row('Node server over HTTP, Hono route only (client included)', hono)
  row('saved by the webhook lane', hono - lane)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
