// Where a webhook's CPU goes in the real server: dist/cli.js serve under `node --cpu-prof`, on a
// fresh SQLite file (WAL, synchronous NORMAL), loaded over HTTP with signed new payments as
// `bench:webhooks` does; the profile's samples while busy are then summed by part.
// Run: npm run bench:webhooks:profile [-- --duration 8 --connections 16]
// [--postgres postgres://user@host/empty_db] profiles the server on that (empty) database instead.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import {
  BENCH_CAMPAIGN,
  BENCH_SECRET,
  BENCH_TOKEN,
  cpuMicros,
  signedPayment,
  start,
  startFlags,
} from './lib.js'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '16' },
    postgres: { type: 'string' },
  },
})
const dir = mkdtempSync(join(tmpdir(), 'supportbar-profile-'))

interface Node {
  id: number
  callFrame: { functionName: string; url: string }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
}

/** The part of the app a sample's own function belongs to (its self time, not its callees'). */
function partOf({ functionName: fn, url }: Node['callFrame']): string {
  if (fn === '(garbage collector)') return 'garbage collection'
  // better-sqlite3's transaction wrapper runs BEGIN and COMMIT (the WAL page writes) itself.
  if (/better-sqlite3\/lib\/methods\/transaction/.test(url))
    return 'SQLite: BEGIN/COMMIT, WAL writes'
  if (/dist\/store\/sqlite\.js/.test(url) && fn === 'read') return 'SQLite: the read per event'
  if (/better-sqlite3|dist\/store\/sqlite\.js/.test(url)) return 'SQLite: write statements'
  if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-\w+)\//.test(url))
    return 'pg client: protocol, pool, row parsing'
  if (/node_modules\/kysely\//.test(url)) return 'kysely'
  if (/dist\/store\//.test(url)) return 'store: SQL text, parameters, row parsing'
  if (/dist\/(ingest|domain)\//.test(url)) return 'ingest: load, decide, plan (JS)'
  if (/node_modules\/stripe|node:internal\/crypto|node:crypto/.test(url) || fn === 'Hmac')
    return 'signature check (stripe package, HMAC, JSON.parse)'
  if (/dist\/stripe\//.test(url)) return 'mapping and checks (src/stripe)'
  if (/dist\/(node|routes|observe|errors|metrics|log)/.test(url))
    return 'webhook lane: body, answer, metrics, log'
  if (
    /node:_http|node:internal\/(streams|stream_base|http)|node:net|node:events/.test(url) ||
    fn === 'writev' ||
    fn === 'writeUtf8String'
  )
    return 'node:http and sockets'
  if (/node_modules\/uuid/.test(url) || fn === 'randomFillSync') return 'ledger ids (uuid v7)'
  if (fn === '(program)') return 'V8 and native code outside JS'
  // PROFILE_OTHER=1 names the functions of what is left, to find a part not listed above.
  return process.env.PROFILE_OTHER ? `other: ${fn} ${url.replace(/.*\//, '')}` : 'other'
}

try {
  // npm start's flags (or BENCH_NODE_FLAGS), as every bench runs the server, plus the profiler.
  const server = await start(
    'dist/cli.js',
    {
      STRIPE_WEBHOOK_SECRET: BENCH_SECRET,
      ADMIN_TOKEN: `bench:${BENCH_TOKEN}`,
      DATABASE_URL: values.postgres ?? `file:${join(dir, 'bench.db')}`,
      PORT: '0',
    },
    [...startFlags(), '--cpu-prof', `--cpu-prof-dir=${dir}`],
  )
  const { child, url } = server
  const created = await fetch(`${url}/api/admin/campaigns`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${BENCH_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(BENCH_CAMPAIGN),
  })
  if (created.status !== 201) throw new Error(`campaign: ${created.status}`)
  const cpu0 = cpuMicros(server)
  const result = await autocannon({
    url: `${url}/webhooks/stripe`,
    method: 'POST',
    connections: Number(values.connections),
    duration: Number(values.duration),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { body, signature } = signedPayment()
          return {
            ...req,
            body,
            headers: { 'content-type': 'application/json', 'stripe-signature': signature },
          }
        },
      },
    ],
  })
  const cpuUs = (cpuMicros(server) - cpu0) / Math.max(1, result.requests.total)
  await new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', resolve)
    child.kill('SIGINT')
  })
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  if (!file) throw new Error('no profile written')
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile
  // Only samples taken while the load ran (from the first to the last sample with the webhook
  // lane or the ingest on its stack): startup, migrations and the final checkpoint are left out.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const inLoad = new Map<number, boolean>()
  const underLoad = (id: number): boolean => {
    let known = inLoad.get(id)
    if (known === undefined) {
      const node = byId.get(id)
      const up = parent.get(id)
      known =
        /dist\/node\/webhook-lane|dist\/ingest\//.test(node?.callFrame.url ?? '') ||
        (up !== undefined && underLoad(up))
      inLoad.set(id, known)
    }
    return known
  }
  const times: number[] = []
  let t = profile.startTime
  for (const dt of profile.timeDeltas) {
    t += dt
    times.push(t)
  }
  const marked = profile.samples.flatMap((id, i) => (underLoad(id) ? [times[i] ?? 0] : []))
  const first = Math.min(...marked)
  const last = Math.max(...marked)
  const parts = new Map<string, number>()
  let busy = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const when = times[i] ?? 0
    const node = byId.get(profile.samples[i] ?? -1)
    if (when < first || when > last || !node || node.callFrame.functionName === '(idle)') continue
    const dt = profile.timeDeltas[i] ?? 0
    busy += dt
    const part = partOf(node.callFrame)
    parts.set(part, (parts.get(part) ?? 0) + dt)
  }
  console.log(
    `\n${result.requests.total} events, ${Math.round(result.requests.average)}/s, ` +
      `${Math.round(cpuUs)} µs server CPU per event; share of the server's busy samples:\n`,
  )
  console.log('| part | share | ≈ µs/event |')
  console.log('|---|---:|---:|')
  for (const [part, t] of [...parts].sort((a, b) => b[1] - a[1])) {
    console.log(
      `| ${part} | ${((100 * t) / busy).toFixed(1)} % | ${Math.round((cpuUs * t) / busy)} |`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
