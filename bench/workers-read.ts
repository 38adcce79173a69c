// The Workers read path (plain Hono, no fast lane) under workerd as `wrangler dev` runs it,
// with local D1: requests per second and workerd's CPU time per request for the progress JSON,
// the SVG and their 304s, beside a bare Worker answering the same bytes and header lines under
// the same local runtime, measured in the same run.
// Run: npm run bench:read:workers [-- --duration 10 --connections 32]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { unstable_startWorker } from 'wrangler'
import { applyLocalD1Migrations, startLocalWorker } from '../test/support/workerd.js'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const token = 'bench-admin-token-0123456789'

/** Parent pid and CPU ticks (user + system) of a process, from /proc (Linux). */
function stat(pid: number): { comm: string; ppid: number; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'))
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) }
  } catch {
    return undefined
  }
}

/** The workerd processes started under this one (wrangler runs workerd as a descendant). */
function workerdPids(): number[] {
  const out: number[] = []
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!Number.isInteger(pid)) continue
    const s = stat(pid)
    if (!s?.comm.startsWith('workerd')) continue
    for (let p = s.ppid, hops = 0; p > 1 && hops < 10; p = stat(p)?.ppid ?? 0, hops++) {
      if (p === process.pid) {
        out.push(pid)
        break
      }
    }
  }
  return out
}

/** CPU time of workerd so far, in microseconds (USER_HZ 100). */
const cpu = (pids: number[]) => pids.reduce((t, p) => t + (stat(p)?.ticks ?? 0), 0) * 10_000

interface Case {
  name: string
  path: string
  headers: Record<string, string>
}

/** Throughput and workerd CPU per request of one case against one running Worker. */
async function measure(base: string, pids: number[], c: Case) {
  await autocannon({ url: base + c.path, connections, duration: 1, headers: c.headers })
  const before = cpu(pids)
  const r = await autocannon({ url: base + c.path, connections, duration, headers: c.headers })
  const perRequest = (cpu(pids) - before) / r.requests.total
  const bad = r.non2xx - (c.headers['if-none-match'] ? r['3xx'] : 0) + r.errors
  return { rps: Math.round(r.requests.average), cpu: perRequest, p99: r.latency.p99, bad }
}

/** Header lines of an answer, minus those the runtime adds; the request id left empty. */
function lines(res: Response): string[] {
  const out: string[] = []
  res.headers.forEach((value, name) => {
    if (['date', 'connection', 'keep-alive', 'content-length'].includes(name)) return
    out.push(name, name === 'x-request-id' ? '' : value)
  })
  return out
}

const dir = mkdtempSync(join(tmpdir(), 'supportbar-bench-workers-'))
const rows: string[] = []
try {
  await applyLocalD1Migrations(dir)
  const w = await startLocalWorker(dir, { ADMIN_TOKEN: `bench:${token}`, LOG_LEVEL: 'error' })
  try {
    const base = (await w.worker.url).toString().replace(/\/$/, '')
    const admin = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
    const created = await w.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: admin,
      // The campaign of bench/read, so the two benchmarks serve the same bytes.
      body: JSON.stringify({
        slug: 'news',
        name: 'The Daily News',
        currency: 'USD',
        defaultGoal: 500000,
        timezone: 'America/New_York',
        locale: 'en-US',
      }),
    })
    if (created.status !== 201) throw new Error(`create: ${created.status}`)
    const before = new Set(workerdPids())
    const paths = { json: '/api/campaigns/news/progress', svg: '/embed/news.svg' }
    const fixtures: Record<string, unknown> = {}
    const tags: Record<string, string> = {}
    for (const p of Object.values(paths)) {
      const ok = await w.fetch(p)
      const etag = ok.headers.get('etag') ?? ''
      const notModified = await w.fetch(p, { headers: { 'if-none-match': etag } })
      fixtures[p] = { body: await ok.text(), etag, ok: lines(ok), notModified: lines(notModified) }
      tags[p] = etag
    }
    const bare = await unstable_startWorker({
      config: join(process.cwd(), 'bench', 'bare-worker.toml'),
      bindings: { FIXTURES: { type: 'plain_text', value: JSON.stringify(fixtures) } },
      dev: {
        server: { hostname: '127.0.0.1', port: 0 },
        inspector: false,
        watch: false,
        logLevel: 'warn',
      },
    })
    try {
      await bare.ready
      const bareBase = (await bare.url).toString().replace(/\/$/, '')
      const barePids = workerdPids().filter((p) => !before.has(p))
      const appPids = [...before]
      if (appPids.length === 0 || barePids.length === 0) throw new Error('workerd not found')
      const cases: Case[] = [
        { name: 'progress JSON 200', path: paths.json, headers: {} },
        { name: 'SVG 200', path: paths.svg, headers: {} },
        {
          name: 'progress JSON 304',
          path: paths.json,
          headers: { 'if-none-match': tags[paths.json] ?? '' },
        },
        { name: 'SVG 304', path: paths.svg, headers: { 'if-none-match': tags[paths.svg] ?? '' } },
      ]
      for (const c of cases) {
        const b = await measure(bareBase, barePids, c)
        const a = await measure(base, appPids, c)
        rows.push(
          `| ${c.name} | ${a.rps} | ${b.rps} | ${(a.rps / b.rps).toFixed(2)} | ${a.cpu.toFixed(1)} | ` +
            `${b.cpu.toFixed(1)} | ${(b.cpu / a.cpu).toFixed(2)} | ${a.p99} | ${a.bad + b.bad} |`,
        )
      }
    } finally {
      await bare.dispose()
    }
  } finally {
    await w.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(`\nworkerd (wrangler dev, local D1), ${connections} connections, ${duration}s each\n`)
console.log(
  '| path | supportbar req/s | bare Worker req/s | ratio | workerd CPU µs/req supportbar | ' +
    'bare Worker | CPU ratio | p99 ms | errors |',
)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const row of rows) console.log(row)
