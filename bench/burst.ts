// A burst on PostgreSQL: two instances on one database take gifts at a fixed rate (open loop,
// not closed: a slow answer does not slow the sender) while serving progress reads at a fixed
// rate and holding live streams, split across both. Prints the webhook answer p99, the read
// p99, the stream lag (from a gift's 2xx to the first frame on the OTHER instance's stream that
// counts it: the LISTEN/NOTIFY relay), and whether any gift was lost or counted twice.
// Loopback only; bounded by --seconds.
// Run: npm run bench:burst -- --postgres postgres://…/empty_db [--seconds 60 --gifts 500
//      --reads 5000 --streams 2000]
import { parseArgs } from 'node:util'
import pg from 'pg'
import {
  BENCH_CAMPAIGN,
  BENCH_SECRET,
  BENCH_TOKEN,
  type Child,
  signedPayment,
  start,
  stop,
} from './lib.js'

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    seconds: { type: 'string', default: '60' },
    gifts: { type: 'string', default: '500' },
    reads: { type: 'string', default: '5000' },
    streams: { type: 'string', default: '2000' },
  },
})
if (!values.postgres) throw new Error('--postgres URL of an empty database is required')
const SECONDS = Number(values.seconds)
const GIFTS = Number(values.gifts)
const READS = Number(values.reads)
const STREAMS = Number(values.streams)
const TICK_MS = 20

const pct = (xs: number[], p: number) =>
  xs.length === 0
    ? Number.NaN
    : ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ??
      Number.NaN)

const env = {
  PORT: '0',
  DATABASE_URL: values.postgres,
  STRIPE_WEBHOOK_SECRET: BENCH_SECRET,
  ADMIN_TOKEN: `bench:${BENCH_TOKEN}`,
}
const servers: Child[] = []
const aborts = new AbortController()
try {
  servers.push(await start('dist/cli.js', env), await start('dist/cli.js', env))
  const [a] = servers as [Child, Child]
  const created = await fetch(`${a.url}/api/admin/campaigns`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${BENCH_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(BENCH_CAMPAIGN),
  })
  if (created.status !== 201) throw new Error(`campaign: ${created.status} ${await created.text()}`)

  // Live streams, half on each instance; each frame's donation count is noted with its time.
  const frames: { on: number; at: number; donations: number }[] = []
  let streamsOpen = 0
  const openStream = async (on: number) => {
    const res = await fetch(`${servers[on]?.url}/api/campaigns/news/stream`, {
      signal: aborts.signal,
    })
    streamsOpen++
    const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader()
    let buf = ''
    for (;;) {
      const chunk = await reader?.read()
      if (!chunk || chunk.done) return
      buf += chunk.value
      let cut = buf.indexOf('\n\n')
      while (cut >= 0) {
        const m = /^data: (.*)$/m.exec(buf.slice(0, cut))
        if (m?.[1])
          frames.push({
            on,
            at: performance.now(),
            donations: (JSON.parse(m[1]) as { donations: number }).donations,
          })
        buf = buf.slice(cut + 2)
        cut = buf.indexOf('\n\n')
      }
    }
  }
  const streamDone = Array.from({ length: STREAMS }, (_, i) => openStream(i % 2).catch(() => {}))
  while (streamsOpen < STREAMS) await new Promise((r) => setTimeout(r, 50))
  frames.length = 0

  const answers: { on: number; at: number; ms: number; status: number }[] = []
  const reads: number[] = []
  let readErrors = 0
  let sent = 0
  const gift = async (on: number) => {
    const { body, signature } = signedPayment()
    const t0 = performance.now()
    try {
      const res = await fetch(`${servers[on]?.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body,
      })
      await res.arrayBuffer()
      answers.push({ on, at: performance.now(), ms: performance.now() - t0, status: res.status })
    } catch {
      answers.push({ on, at: performance.now(), ms: performance.now() - t0, status: 0 })
    }
  }
  const read = async (on: number) => {
    const t0 = performance.now()
    try {
      const res = await fetch(`${servers[on]?.url}/api/campaigns/news/progress`)
      await res.arrayBuffer()
      if (res.status !== 200) readErrors++
      reads.push(performance.now() - t0)
    } catch {
      readErrors++
    }
  }
  // Open loop: every tick sends what the rates owe so far, whatever is still in flight.
  const inflight: Promise<void>[] = []
  const began = performance.now()
  let readsSent = 0
  while (performance.now() - began < SECONDS * 1000) {
    const elapsed = (performance.now() - began) / 1000
    while (sent < GIFTS * elapsed) inflight.push(gift(sent++ % 2))
    while (readsSent < READS * elapsed) inflight.push(read(readsSent++ % 2))
    await new Promise((r) => setTimeout(r, TICK_MS))
  }
  const elapsed = (performance.now() - began) / 1000
  await Promise.all(inflight)
  await new Promise((r) => setTimeout(r, 1000))

  // Stream lag: for the n-th answered gift (in answer order), the first frame on a stream of
  // the other instance that shows at least n donations.
  const ok = answers.filter((x) => x.status === 200).sort((x, y) => x.at - y.at)
  const lags: number[] = []
  ok.forEach((ans, i) => {
    if (i % 10 !== 0) return
    const other = frames.find((f) => f.on !== ans.on && f.donations >= i + 1 && f.at >= ans.at - 50)
    if (other) lags.push(Math.max(0, other.at - ans.at))
  })
  aborts.abort()
  await Promise.allSettled(streamDone)

  const db = new pg.Client({ connectionString: values.postgres })
  await db.connect()
  const one = async (q: string) => Number((await db.query(q)).rows[0]?.n ?? 0)
  const entries = await one("SELECT COUNT(*) AS n FROM ledger_entries WHERE kind = 'payment'")
  const distinct = await one(
    "SELECT COUNT(DISTINCT payment_ref) AS n FROM ledger_entries WHERE kind = 'payment'",
  )
  const donations = await one('SELECT COALESCE(SUM(donations), 0) AS n FROM month_totals')
  const ledgerSum = await one(
    'SELECT COALESCE(SUM(amount), 0) AS n FROM ledger_entries WHERE counted = 1',
  )
  const totalsSum = await one('SELECT COALESCE(SUM(pledged), 0) AS n FROM month_totals')
  await db.end()
  const accepted = ok.length
  const f = (x: number) => x.toFixed(1)
  console.log(`\nbench:burst, ${SECONDS} s, two instances on one PostgreSQL database\n`)
  console.log('| figure | value |\n|---|---:|')
  console.log(
    `| gifts sent / answered 2xx / other | ${sent} / ${accepted} / ${answers.length - accepted} |`,
  )
  console.log(`| gifts/s achieved (target ${GIFTS}) | ${f(accepted / elapsed)} |`)
  console.log(
    `| webhook answer p50 / p99 ms | ${f(
      pct(
        ok.map((x) => x.ms),
        50,
      ),
    )} / ${f(
      pct(
        ok.map((x) => x.ms),
        99,
      ),
    )} |`,
  )
  console.log(
    `| reads/s achieved (target ${READS}), errors | ${f(reads.length / elapsed)}, ${readErrors} |`,
  )
  console.log(`| read p50 / p99 ms | ${f(pct(reads, 50))} / ${f(pct(reads, 99))} |`)
  console.log(`| live streams open | ${streamsOpen} |`)
  console.log(
    `| stream lag p50 / p99 ms (other instance) | ${f(pct(lags, 50))} / ${f(pct(lags, 99))} (${lags.length} samples) |`,
  )
  console.log(`| lost (2xx without a ledger entry) | ${Math.max(0, accepted - distinct)} |`)
  console.log(`| doubled (entries beyond one per payment) | ${entries - distinct} |`)
  console.log(
    `| totals = ledger (donations, amount) | ${donations === entries && totalsSum === ledgerSum ? 'yes' : `NO: ${donations} vs ${entries}, ${totalsSum} vs ${ledgerSum}`} |`,
  )
} finally {
  aborts.abort()
  await Promise.all(servers.map(stop))
}
