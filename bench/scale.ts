// Scale: a ledger of 1,000,000 entries on SQLite. Reports the uncached progress read latency at
// 1,000 entries and at 1,000,000 (ratio), the time to recompute one month and all months, and
// the server's RSS after an autocannon load run and after 30,000 distinct embed URLs.
// Run: npm run bench:scale [-- --entries N --embed-urls N]; --campaigns N: bench/scale-campaigns.ts
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import SQLite from 'better-sqlite3'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { addMonths } from '../src/domain/months.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { insertCampaign } from '../src/store/campaigns.js'
import { migrate } from '../src/store/migrate.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { compareTotals, recompute } from '../src/store/totals.js'
import { embedFlood, start, startFlags } from './lib.js'

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    small: { type: 'string', default: '1000' },
    reads: { type: 'string', default: '20000' },
    duration: { type: 'string', default: '10' },
    'embed-urls': { type: 'string', default: '30000' },
    // Flags for the server's node instead of those `npm start` gives (package.json), e.g.
    // --node-flags=--max-old-space-size=64; --node-flags= (empty) for node's own defaults.
    'node-flags': { type: 'string' },
    // Keep the filled database (prints its path) / reuse one and run only the load phase.
    keep: { type: 'boolean', default: false },
    db: { type: 'string' },
    // Instead: 10 vs N campaigns (metrics, lists, a read, a webhook, start-up).
    campaigns: { type: 'string' },
  },
})
if (values.campaigns !== undefined) {
  const { scaleCampaigns } = await import('./scale-campaigns.js')
  await scaleCampaigns(Number(values.campaigns))
  process.exit(0)
}
const TOTAL = Number(values.entries)
const EMBED_URLS = Number(values['embed-urls'])
const SMALL = Number(values.small)
const READS = Number(values.reads)
const DURATION = Number(values.duration)
const MONTHS = 60
const FIRST = '2021-07'
const LAST = addMonths(FIRST, MONTHS - 1)
const CAMPAIGNS = ['news', 'radio']
/** The server's node flags: those of `npm start` unless --node-flags says otherwise. */
const serverFlags =
  values['node-flags'] === undefined
    ? startFlags()
    : values['node-flags'].split(' ').filter(Boolean)
const token = 'bench-admin-token-0123456789'

const dir = values.db ? '' : mkdtempSync(join(tmpdir(), 'supportbar-scale-'))
const file = values.db ?? join(dir, 'scale.db')
const loadOnly = values.db !== undefined
const figures: Record<string, string | number> = {}
const report = (k: string, v: string | number) => {
  figures[k] = v
  console.log(`${k.padEnd(44)} ${v}`)
}

const store = openSqliteStore(file)
await migrate(store, readSchemaFiles())
const now = new Date().toISOString()
for (const slug of loadOnly ? [] : CAMPAIGNS) {
  await insertCampaign(
    store,
    {
      slug,
      name: slug,
      currency: 'USD',
      defaultGoal: 500000,
      timezone: 'UTC',
      locale: 'en-US',
      donateUrl: null,
      isDefault: false,
      archived: false,
    },
    now,
  )
}

/** Appends entries [from, to) with one prepared statement in one transaction. */
function insertEntries(from: number, to: number): number {
  const raw = new SQLite(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = NORMAL')
  const stmt = raw.prepare(`INSERT INTO ledger_entries (id, entry_key, campaign, month, kind,
    amount, currency, counted, donation, donor, source, source_id, payment_ref, note, actor,
    event_id, data, occurred_at, recorded_at)
    VALUES (?, ?, ?, ?, 'payment', ?, 'USD', 1, 1, ?, 'stripe', ?, ?, NULL, NULL, NULL, NULL, ?, ?)`)
  const start = performance.now()
  raw.transaction(() => {
    for (let i = from; i < to; i++) {
      const campaign = CAMPAIGNS[i % CAMPAIGNS.length] as string
      const month = addMonths(FIRST, Math.floor(i / CAMPAIGNS.length) % MONTHS)
      const pi = `pi_bench_${i.toString(36)}`
      const t = new Date(Date.UTC(2021, 6, 1) + i * 1000).toISOString()
      stmt.run(
        crypto.randomUUID(),
        `stripe:payment:${pi}`,
        campaign,
        month,
        500 + (i % 9500),
        `donor_${i % 200_000}`,
        pi,
        pi,
        t,
        t,
      )
    }
  })()
  const ms = performance.now() - start
  raw.close()
  return ms
}

const config = parseConfig({
  DATABASE_URL: `file:${file}`,
  ADMIN_TOKEN: token,
  CACHE_TTL_MS: '0',
  LOG_LEVEL: 'silent',
})
const app = createApp({ store, config })
const readPath = `/api/campaigns/news/progress?month=${LAST}`

/** Mean and percentiles of the uncached read path (CACHE_TTL_MS=0), in-process. */
async function readLatency(): Promise<{ mean: number; p50: number; p99: number }> {
  for (let i = 0; i < 2000; i++) await (await app.request(readPath)).arrayBuffer()
  const samples: number[] = []
  for (let i = 0; i < READS; i++) {
    const t0 = performance.now()
    const res = await app.request(readPath)
    await res.arrayBuffer()
    samples.push(performance.now() - t0)
    if (res.status !== 200) throw new Error(`read failed: ${res.status}`)
  }
  samples.sort((a, b) => a - b)
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]
  return { mean: mean * 1000, p50: (at(0.5) ?? 0) * 1000, p99: (at(0.99) ?? 0) * 1000 }
}
const us = (n: number) => `${n.toFixed(1)} µs`

try {
  if (!loadOnly) await fill()
  else await store.close()
  await load()
} finally {
  if (values.keep) console.log(`database kept: ${file}`)
  else if (dir) rmSync(dir, { recursive: true, force: true })
}
console.log(JSON.stringify(figures))

/** Fills the ledger and measures reads and recompute in-process. */
async function fill() {
  insertEntries(0, SMALL)
  await recompute(store, new Date().toISOString())
  const small = await readLatency()
  report(
    `progress read @ ${SMALL} entries (mean/p50/p99)`,
    `${us(small.mean)} / ${us(small.p50)} / ${us(small.p99)}`,
  )

  const insertMs = insertEntries(SMALL, TOTAL)
  report(
    `insert ${TOTAL - SMALL} entries (1 transaction)`,
    `${(insertMs / 1000).toFixed(1)} s (${Math.round(((TOTAL - SMALL) / insertMs) * 1000)} rows/s)`,
  )

  let t0 = performance.now()
  await recompute(store, new Date().toISOString())
  report(
    `recompute all months (${TOTAL} entries)`,
    `${((performance.now() - t0) / 1000).toFixed(2)} s`,
  )
  const perMonth = Math.round(TOTAL / CAMPAIGNS.length / MONTHS)
  t0 = performance.now()
  const one = await recompute(store, new Date().toISOString(), 'news', undefined, LAST)
  const oneMs = performance.now() - t0
  report(`recompute one month (~${perMonth} entries)`, `${oneMs.toFixed(0)} ms`)
  if (one.differences.length !== 0) throw new Error('recompute found differences')
  if ((await compareTotals(store)).length !== 0) throw new Error('totals differ from the ledger')

  const large = await readLatency()
  report(
    `progress read @ ${TOTAL} entries (mean/p50/p99)`,
    `${us(large.mean)} / ${us(large.p50)} / ${us(large.p99)}`,
  )
  report('read latency ratio large/small (mean)', (large.mean / small.mean).toFixed(2))
  report('read latency ratio large/small (p50)', (large.p50 / small.p50).toFixed(2))
  await store.close()
}

/** The real server (compiled dist/, as `npm start` runs it) under load, then its RSS. */
async function load() {
  report('server node flags', serverFlags.join(' ') || '(none)')
  if (!existsSync('dist/cli.js'))
    throw new Error('run `npm run build` first (npm run bench:scale does)')
  const { child, url } = await start(
    'dist/cli.js',
    { DATABASE_URL: `file:${file}`, PORT: '0', ADMIN_TOKEN: token, LOG_LEVEL: 'info' },
    serverFlags,
  )
  const rss = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 }
  }
  report('server RSS at start', `${rss().rss.toFixed(0)} MB`)
  // Every month of both campaigns (cache misses every 2 s), plus the admin exports and metrics.
  const requests = CAMPAIGNS.flatMap((slug) =>
    Array.from({ length: MONTHS }, (_, i) => ({
      method: 'GET' as const,
      path: `/api/campaigns/${slug}/progress?month=${addMonths(FIRST, i)}`,
    })),
  )
  const reads = await autocannon({ url, connections: 32, duration: DURATION, requests })
  report(
    'load: progress, 60 months x 2 campaigns, 32 conns',
    `${Math.round(reads.requests.average)} req/s, p99 ${reads.latency.p99} ms, non-2xx ${reads.non2xx}`,
  )
  const auth = { authorization: `Bearer ${token}` }
  const admin = await autocannon({
    url,
    connections: 4,
    duration: Math.max(3, Math.round(DURATION / 2)),
    requests: [
      { method: 'GET', path: `/api/admin/campaigns/news/ledger.csv?month=${LAST}`, headers: auth },
      { method: 'GET', path: '/metrics', headers: auth },
      { method: 'GET', path: '/api/admin/campaigns/news/months.csv', headers: auth },
    ],
  })
  report(
    'load: ledger.csv (1 month) + metrics, 4 conns',
    `${Math.round(admin.requests.average)} req/s, non-2xx ${admin.non2xx}`,
  )
  const metrics = await (await fetch(`${url}/metrics`, { headers: auth })).text()
  const mb = (name: string) =>
    `${(Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0) / 2 ** 20).toFixed(0)} MB`
  report(
    'server heap used / heap total / external',
    `${mb('supportbar_heap_used_bytes')} / ${mb('supportbar_heap_total_bytes')} / ${mb('supportbar_external_memory_bytes')}`,
  )
  const after = rss()
  report(
    'server RSS after load (now / peak)',
    `${after.rss.toFixed(0)} MB / ${after.hwm.toFixed(0)} MB`,
  )
  // Hostile embeds: distinct option combinations, each a render-cache miss and a new URL.
  const distinct = await embedFlood(url, EMBED_URLS)
  const flooded = rss()
  report(
    `server RSS after ${EMBED_URLS} distinct embed URLs (now / peak)`,
    `${flooded.rss.toFixed(0)} MB / ${flooded.hwm.toFixed(0)} MB (${distinct} req/s)`,
  )
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
}
