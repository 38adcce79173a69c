// Read path under load: the progress JSON, the SVG and the 304 path of the real server on
// SQLite, each against bare node:http answering the same bytes, measured in the same run.
// Each case runs `rounds` times, the servers taking turns in a rotating order, and the median
// of each server's figures is reported: one slow spell of a shared 2-core machine then moves
// one sample, not the result.
// Run: npm run bench:read [-- --duration 5 --rounds 3 --connections 32]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { type Child, cpuMicros, type Fixture, start, stop } from './lib.js'

/** Lines node:http writes itself, on every server alike. */
const OWN_LINES = new Set(['date', 'connection', 'keep-alive'])

/** One answer of the app as raw header lines (name case and order kept), minus node's own. */
function record(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; lines: string[]; etag: string }>(
    (resolve, reject) => {
      get(url, { headers }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => {
          const lines: string[] = []
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i] as string
            if (OWN_LINES.has(name.toLowerCase())) continue
            lines.push(
              name,
              name.toLowerCase() === 'x-request-id' ? '' : (res.rawHeaders[i + 1] as string),
            )
          }
          resolve({ status: res.statusCode ?? 0, body, lines, etag: String(res.headers.etag) })
        })
      }).on('error', reject)
    },
  )
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    // The server's node flags instead of npm start's, e.g. --node-flags= for node's defaults.
    'node-flags': { type: 'string' },
  },
})
const duration = Number(values.duration)
const rounds = Number(values.rounds)
const connections = Number(values.connections)
const token = 'bench-admin-token-0123456789'
const dir = mkdtempSync(join(tmpdir(), 'supportbar-bench-read-'))

const paths = {
  json: '/api/campaigns/news/progress',
  svg: '/embed/news.svg',
} as const

/**
 * Load on one server: throughput, p99 and the server's CPU time per request. On a shared,
 * noisy machine throughput swings with the neighbours; CPU per request much less.
 */
async function load(server: Child, path: string, headers: Record<string, string>) {
  const before = cpuMicros(server)
  const r = await autocannon({ url: server.url + path, connections, duration, headers })
  const cpu = (cpuMicros(server) - before) / r.requests.total
  const bad = r.non2xx - (headers['if-none-match'] ? r['3xx'] : 0) + r.errors
  return { rps: Math.round(r.requests.average), p99: r.latency.p99, cpu, bad }
}
type Load = Awaited<ReturnType<typeof load>>

/** The median of each figure over the rounds (errors summed), and the rounds' CPU figures. */
function summary(samples: Load[]) {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b)
    const mid = Math.floor(s.length / 2)
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
  }
  return {
    rps: Math.round(median(samples.map((x) => x.rps))),
    p99: median(samples.map((x) => x.p99)),
    cpu: median(samples.map((x) => x.cpu)),
    bad: samples.reduce((n, x) => n + x.bad, 0),
    cpus: samples.map((x) => x.cpu),
  }
}
type Summary = ReturnType<typeof summary>

const rows: { name: string; app: Summary; bare: Summary; hono: Summary }[] = []
try {
  const app = await start(
    'dist/cli.js',
    {
      DATABASE_URL: `file:${join(dir, 'read.db')}`,
      PORT: '0',
      ADMIN_TOKEN: `bench:${token}`,
    },
    values['node-flags']?.split(' ').filter(Boolean),
  )
  const adminHeaders = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
  await fetch(`${app.url}/api/admin/campaigns`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({
      slug: 'news',
      name: 'The Daily News',
      currency: 'USD',
      defaultGoal: 500000,
      timezone: 'America/New_York',
      locale: 'en-US',
      donateUrl: 'https://example.org/donate',
    }),
  })
  const month = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
  }).format(new Date())
  await fetch(`${app.url}/api/admin/campaigns/news/adjustments`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ month, amount: 136000, reason: 'bench' }),
  })
  // The bare servers answer exactly what the app answers: body and header lines, 200 and 304.
  const fixtures: Record<string, Fixture> = {}
  for (const path of Object.values(paths)) {
    const ok = await record(app.url + path)
    const notModified = await record(app.url + path, { 'if-none-match': ok.etag })
    if (ok.status !== 200 || notModified.status !== 304) throw new Error(`unexpected ${path}`)
    fixtures[path] = { body: ok.body, etag: ok.etag, ok: ok.lines, notModified: notModified.lines }
  }
  const fixtureFile = join(dir, 'fixtures.json')
  writeFileSync(fixtureFile, JSON.stringify(fixtures))
  const bare = await start('bench/bare-read.ts', { BARE_FIXTURES: fixtureFile })
  const hono = await start('bench/bare-hono.ts', { BARE_FIXTURES: fixtureFile })

  const cases: { name: string; path: string; headers: Record<string, string> }[] = [
    { name: 'progress JSON 200', path: paths.json, headers: {} },
    { name: 'SVG 200', path: paths.svg, headers: {} },
    {
      name: 'progress JSON 304 (If-None-Match)',
      path: paths.json,
      headers: { 'if-none-match': fixtures[paths.json]?.etag ?? '' },
    },
    {
      name: 'SVG 304 (If-None-Match)',
      path: paths.svg,
      headers: { 'if-none-match': fixtures[paths.svg]?.etag ?? '' },
    },
  ]
  // Every server gets the same warm-up (JIT, caches) on every case before it is measured.
  for (const server of [bare, hono, app]) {
    for (const c of cases) {
      await autocannon({ url: server.url + c.path, connections, duration: 1, headers: c.headers })
    }
  }
  const servers = { bare, hono, app }
  const names = ['bare', 'hono', 'app'] as const
  for (const c of cases) {
    const samples: Record<(typeof names)[number], Load[]> = { bare: [], hono: [], app: [] }
    // Take turns, each round starting one server later, so that drift of a shared machine
    // hits every server alike.
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + round) % names.length] as (typeof names)[number]
        samples[name].push(await load(servers[name], c.path, c.headers))
      }
    }
    rows.push({
      name: c.name,
      app: summary(samples.app),
      bare: summary(samples.bare),
      hono: summary(samples.hono),
    })
  }
  await stop(bare)
  await stop(hono)
  await stop(app)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const ratio = (x: number, y: number) => (x / y).toFixed(2)
const us = (x: number) => x.toFixed(1)
console.log(
  `\n${connections} connections, ${duration}s each, ${rounds} rounds (medians), one process per ` +
    `server; load average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')}\n`,
)
console.log(
  '| path | supportbar req/s | bare node:http req/s | ratio | bare Hono req/s | ratio | ' +
    'CPU µs/req supportbar | bare node:http | CPU ratio | bare Hono | CPU ratio | p99 ms | errors |',
)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const { name, app, bare, hono } of rows) {
  console.log(
    `| ${name} | ${app.rps} | ${bare.rps} | ${ratio(app.rps, bare.rps)} | ${hono.rps} | ` +
      `${ratio(app.rps, hono.rps)} | ${us(app.cpu)} | ${us(bare.cpu)} | ${ratio(bare.cpu, app.cpu)} | ` +
      `${us(hono.cpu)} | ${ratio(hono.cpu, app.cpu)} | ${app.p99} | ${app.bad + bare.bad + hono.bad} |`,
  )
}
console.log('\nratio: supportbar / baseline for req/s; baseline / supportbar for CPU per request')
console.log('\nCPU µs/req of every round (supportbar | bare node:http | bare Hono):')
for (const { name, app, bare, hono } of rows) {
  const list = (s: Summary) => s.cpus.map(us).join(' ')
  console.log(`  ${name}: ${list(app)} | ${list(bare)} | ${list(hono)}`)
}
