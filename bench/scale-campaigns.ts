// Many campaigns: what 10 and 10,000 campaigns cost on SQLite, in process (app.request, no
// sockets): /metrics (size, time), the admin list's first page and a search, the console's
// list, an uncached progress read, a webhook, and start-up (open + migrate + first read).
// Run: npm run bench:scale -- --campaigns 10000
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { insertCampaign } from '../src/store/campaigns.js'
import { migrate } from '../src/store/migrate.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { BENCH_CAMPAIGN, BENCH_SECRET, BENCH_TOKEN, signedPayment } from './lib.js'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

async function measure(n: number, dir: string) {
  const file = join(dir, `campaigns-${n}.db`)
  const seed = openSqliteStore(file)
  await migrate(seed, readSchemaFiles())
  const now = new Date().toISOString()
  await insertCampaign(
    seed,
    { ...BENCH_CAMPAIGN, donateUrl: null, isDefault: true, archived: false },
    now,
  )
  for (let i = 1; i < n; i++) {
    await insertCampaign(
      seed,
      {
        ...BENCH_CAMPAIGN,
        slug: `site-${i}`,
        name: `Newsroom ${i}`,
        donateUrl: null,
        isDefault: false,
        archived: false,
      },
      now,
    )
  }
  await seed.close()

  const t0 = performance.now()
  const store = openSqliteStore(file)
  await migrate(store, readSchemaFiles())
  const config = parseConfig({
    DATABASE_URL: `file:${file}`,
    ADMIN_TOKEN: `bench:${BENCH_TOKEN}`,
    STRIPE_WEBHOOK_SECRET: BENCH_SECRET,
    CACHE_TTL_MS: '0',
    LOG_LEVEL: 'silent',
  })
  const app = createApp({ store, config })
  await app.request('/api/campaigns/news/progress')
  const startup = performance.now() - t0
  const auth = { Authorization: `Bearer ${BENCH_TOKEN}` }
  const timed = async (path: string, init: RequestInit = {}, runs = 20) => {
    const times: number[] = []
    let bytes = 0
    for (let i = 0; i < runs; i++) {
      const s = performance.now()
      const res = await app.request(path, init)
      bytes = (await res.arrayBuffer()).byteLength
      times.push(performance.now() - s)
      if (res.status >= 400) throw new Error(`${path}: ${res.status}`)
    }
    return { ms: median(times), bytes }
  }
  const metrics = await timed('/metrics', { headers: auth })
  const list = await timed('/api/admin/campaigns', { headers: auth })
  const search = await timed('/api/admin/campaigns?q=newsroom%2099', { headers: auth })
  const login = await app.request('/admin/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
    body: new URLSearchParams({ token: BENCH_TOKEN }).toString(),
  })
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? ''
  const consoleList = await timed('/admin', { headers: { cookie } }, 5)
  const progress = await timed('/api/campaigns/news/progress', {}, 500)
  const hooks: number[] = []
  for (let i = 0; i < 500; i++) {
    const { body, signature } = signedPayment()
    const s = performance.now()
    const res = await app.request('/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body,
    })
    await res.arrayBuffer()
    hooks.push(performance.now() - s)
    if (res.status !== 200) throw new Error(`webhook: ${res.status}`)
  }
  await store.close()
  return { n, startup, metrics, list, search, consoleList, progress, webhook: median(hooks) }
}

/** Runs the campaign-count comparison and prints a table (used by bench/scale.ts --campaigns). */
export async function scaleCampaigns(many: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-campaigns-'))
  try {
    const rows = [await measure(10, dir), await measure(many, dir)]
    const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`
    const ms = (x: number) => `${x.toFixed(2)} ms`
    console.log(
      '\n| campaigns | start-up | /metrics | admin list (page 1) | admin search | console list | progress read (uncached) | webhook |',
    )
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|')
    for (const r of rows) {
      console.log(
        `| ${r.n} | ${ms(r.startup)} | ${ms(r.metrics.ms)}, ${kb(r.metrics.bytes)} | ${ms(r.list.ms)}, ${kb(r.list.bytes)} | ${ms(r.search.ms)} | ${ms(r.consoleList.ms)}, ${kb(r.consoleList.bytes)} | ${ms(r.progress.ms)} | ${ms(r.webhook)} |`,
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
