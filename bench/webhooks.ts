// Webhook throughput: signed payment_intent.succeeded events (each a new payment) posted over
// HTTP to the real server on SQLite (WAL, synchronous NORMAL then FULL), and to a bare
// verify-only endpoint in the same run. Run: npm run bench:webhooks [-- --duration 10]
// [--postgres postgres://user@host/empty_db] adds PostgreSQL rows: one server, then two servers
// on the same database (each an empty database: pass two URLs separated by a comma).
// Each row also reports the server's CPU time per event (from /proc), which a loaded machine
// distorts far less than events/s.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import {
  BENCH_CAMPAIGN,
  BENCH_SECRET,
  BENCH_TOKEN,
  type Child,
  cpuMicros,
  machineTicks,
  postgresMicros,
  signedPayment,
  start,
  stop,
} from './lib.js'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    postgres: { type: 'string' },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const secret = BENCH_SECRET
const token = BENCH_TOKEN
const dir = mkdtempSync(join(tmpdir(), 'supportbar-bench-'))

function signedEvent(): { body: string; headers: Record<string, string> } {
  const { body, signature } = signedPayment()
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } }
}

async function load(urls: string[], servers: Child[]) {
  const before = servers.map(cpuMicros)
  const pgBefore = postgresMicros()
  const machineBefore = machineTicks()
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({
        url: `${url}/webhooks/stripe`,
        method: 'POST',
        connections: Math.max(1, Math.round(connections / urls.length)),
        duration,
        requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...signedEvent() }) }],
      }),
    ),
  )
  const total = results.reduce((sum, r) => sum + r.requests.total, 0)
  const cpu = servers.reduce((sum, s, i) => sum + cpuMicros(s) - (before[i] ?? 0), 0)
  const pg = postgresMicros() - pgBefore
  const machine = machineTicks()
  const busy = machine.busy - machineBefore.busy
  const cores = availableParallelism()
  return {
    rps: Math.round(results.reduce((sum, r) => sum + r.requests.average, 0)),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
    cpuUs: Math.round(cpu / Math.max(1, total)),
    pgUs: Math.round(pg / Math.max(1, total)),
    // How many of the machine's cores were busy (all processes: servers, PostgreSQL, load).
    busyCores: (busy / Math.max(1, machine.total - machineBefore.total)) * cores,
  }
}

type Row = {
  name: string
  rps: number
  p50: number
  p99: number
  non2xx: number
  cpuUs: number
  pgUs: number
  busyCores: number
}
const rows: Row[] = []
const campaign = async (url: string) => {
  const res = await fetch(`${url}/api/admin/campaigns`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(BENCH_CAMPAIGN),
  })
  if (res.status !== 201) throw new Error(`campaign: ${res.status} ${await res.text()}`)
}
const serve = (env: Record<string, string>) =>
  start('dist/cli.js', {
    PORT: '0',
    STRIPE_WEBHOOK_SECRET: secret,
    ADMIN_TOKEN: `bench:${token}`,
    ...env,
  })
try {
  const bare = await start('bench/bare-verify.ts', { STRIPE_WEBHOOK_SECRET: secret })
  rows.push({ name: 'bare verify-only (node:http)', ...(await load([bare.url], [bare])) })
  await stop(bare)
  for (const sync of ['NORMAL', 'FULL']) {
    const app = await serve({
      DATABASE_URL: `file:${join(dir, `bench-${sync}.db`)}`,
      SQLITE_SYNCHRONOUS: sync,
    })
    await campaign(app.url)
    rows.push({
      name: `supportbar, SQLite WAL synchronous=${sync}`,
      ...(await load([app.url], [app])),
    })
    await stop(app)
  }
  const [one, two = one] = (values.postgres ?? '').split(',').filter(Boolean)
  if (one) {
    const app = await serve({ DATABASE_URL: one })
    await campaign(app.url)
    rows.push({ name: 'supportbar, PostgreSQL, one instance', ...(await load([app.url], [app])) })
    await stop(app)
  }
  if (two) {
    const a = await serve({ DATABASE_URL: two })
    const b = await serve({ DATABASE_URL: two })
    if (two !== one) await campaign(a.url)
    rows.push({
      name: 'supportbar, PostgreSQL, two instances (summed)',
      ...(await load([a.url, b.url], [a, b])),
    })
    await Promise.all([stop(a), stop(b)])
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const base = rows[0]?.rps ?? 1
console.log(`\n${connections} connections, ${duration}s each, every event a new payment\n`)
const baseCpu = rows[0]?.cpuUs ?? 1
console.log(
  '| endpoint | events/s | p50 ms | p99 ms | non-2xx | ratio to bare | server CPU µs/event | CPU ratio (bare/this) | PostgreSQL CPU µs/event | cores busy |',
)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${(r.rps / base).toFixed(2)} | ${r.cpuUs} | ${(baseCpu / r.cpuUs).toFixed(2)} | ${r.pgUs} | ${r.busyCores.toFixed(2)} of ${availableParallelism()} |`,
  )
}
const sqlite = rows.find((r) => r.name.includes('synchronous=NORMAL'))
const pgOne = rows.find((r) => r.name.includes('one instance'))
const pgTwo = rows.find((r) => r.name.includes('two instances'))
if (sqlite && pgOne) {
  console.log(
    `\nPostgreSQL one instance: ${(pgOne.rps / sqlite.rps).toFixed(2)}x SQLite NORMAL's events/s (aim >= 0.5), ${(pgOne.cpuUs / sqlite.cpuUs).toFixed(2)}x its server CPU per event (aim <= 2)`,
  )
}
if (pgOne && pgTwo) {
  console.log(
    `PostgreSQL two instances: ${(pgTwo.rps / pgOne.rps).toFixed(2)}x one (aim >= 1.6); one instance kept ${pgOne.busyCores.toFixed(2)} of ${availableParallelism()} cores busy, so two can add at most ${(availableParallelism() / Math.max(0.01, pgOne.busyCores)).toFixed(2)}x on this machine`,
  )
}
