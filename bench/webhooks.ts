// Webhook throughput: signed payment_intent.succeeded events (each a new payment) posted over
// HTTP to the real server on SQLite (WAL, synchronous NORMAL then FULL), and to a bare
// verify-only endpoint in the same run. Run: npm run bench:webhooks [-- --duration 10]
// [--postgres postgres://user@host/empty_db] adds one server on that (empty) PostgreSQL database.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Stripe from 'stripe'
import { start, stop } from './lib.js'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    postgres: { type: 'string' },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const secret = 'whsec_bench_0123456789'
const token = 'bench-admin-token-0123456789'
const dir = mkdtempSync(join(tmpdir(), 'supportbar-bench-'))

let n = 0
function signedEvent(): { body: string; headers: Record<string, string> } {
  n++
  const pi = `pi_bench${n.toString(36)}${Math.random().toString(36).slice(2, 10)}`
  const now = Math.floor(Date.now() / 1000)
  const body = JSON.stringify({
    id: `evt_bench${n.toString(36)}${Math.random().toString(36).slice(2, 10)}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: pi,
        object: 'payment_intent',
        amount: 2500,
        amount_received: 2500,
        currency: 'usd',
        created: now,
        customer: `cus_${n % 5000}`,
        receipt_email: null,
        latest_charge: `ch_${pi}`,
        metadata: { campaign: 'news' },
        status: 'succeeded',
        livemode: false,
      },
    },
  })
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret })
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } }
}

async function load(url: string) {
  const result = await autocannon({
    url: `${url}/webhooks/stripe`,
    method: 'POST',
    connections,
    duration,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...signedEvent() }) }],
  })
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  }
}

const rows: { name: string; rps: number; p50: number; p99: number; non2xx: number }[] = []
try {
  const bare = await start('bench/bare-verify.ts', { STRIPE_WEBHOOK_SECRET: secret })
  rows.push({ name: 'bare verify-only (node:http)', ...(await load(bare.url)) })
  await stop(bare)
  const targets = [
    ...['NORMAL', 'FULL'].map((sync) => ({
      name: `supportbar, SQLite WAL synchronous=${sync}`,
      env: { DATABASE_URL: `file:${join(dir, `bench-${sync}.db`)}`, SQLITE_SYNCHRONOUS: sync },
    })),
    ...(values.postgres
      ? [{ name: 'supportbar, PostgreSQL', env: { DATABASE_URL: values.postgres } }]
      : []),
  ]
  for (const target of targets) {
    const app = await start('dist/cli.js', {
      PORT: '0',
      STRIPE_WEBHOOK_SECRET: secret,
      ADMIN_TOKEN: `bench:${token}`,
      ...target.env,
    })
    await fetch(`${app.url}/api/admin/campaigns`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        slug: 'news',
        name: 'News',
        currency: 'USD',
        defaultGoal: 500000,
        timezone: 'America/New_York',
        locale: 'en-US',
      }),
    })
    rows.push({ name: target.name, ...(await load(app.url)) })
    await stop(app)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const base = rows[0]?.rps ?? 1
console.log(`\n${connections} connections, ${duration}s each, every event a new payment\n`)
console.log('| endpoint | events/s | p50 ms | p99 ms | non-2xx | ratio to bare |')
console.log('|---|---:|---:|---:|---:|---:|')
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${(r.rps / base).toFixed(2)} |`,
  )
}
