// A burst on PostgreSQL: two instances on one database take gifts at a fixed rate (open loop,
// not closed: a slow answer does not slow the sender) while serving progress reads at a fixed
// rate and holding live streams, split across both. Prints the webhook answer p99, the read
// p99, the stream lag (from a gift's 2xx to a frame counting it on the OTHER instance's
// streams: the LISTEN/NOTIFY relay), whether any gift was lost or counted twice, and the rates
// offered against those achieved, per 5 s. It always ends: each request and each phase has a
// deadline, and past --deadline seconds it prints what it has and stops (exit code 2).
// Progress goes to stderr every --progress seconds.
// The load comes from one address (127.0.0.1), so the instances are started with their
// per-address caps (connections, streams) raised to fit it; their defaults (256, 16) would
// refuse most of 2,000 streams.
// Run: npm run bench:burst -- --postgres postgres://…/empty_db [--seconds 60 --gifts 500
//      --reads 5000 --streams 2000 --sockets 32 --read-sockets 128 --timeout 30 --deadline 300
//      --progress 5]
// Gifts and reads each go over their own connections to each instance (--sockets and
// --read-sockets per instance); more wait in the bench, and one that has waited half its
// deadline (--timeout s) is never sent and counted so.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { Lane, StreamTally } from './burst-load.js'
import { type Burst, loadNow, printReport } from './burst-report.js'
import { coresBetween, meter, sample } from './burst-usage.js'
import {
  BENCH_CAMPAIGN,
  BENCH_SECRET,
  BENCH_TOKEN,
  type Child,
  signedPayment,
  start,
} from './lib.js'

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    seconds: { type: 'string', default: '60' },
    gifts: { type: 'string', default: '500' },
    reads: { type: 'string', default: '5000' },
    streams: { type: 'string', default: '2000' },
    sockets: { type: 'string', default: '32' },
    'read-sockets': { type: 'string', default: '128' },
    timeout: { type: 'string', default: '30' },
    deadline: { type: 'string', default: '300' },
    progress: { type: 'string', default: '5' },
  },
})
if (!values.postgres) throw new Error('--postgres URL of an empty database is required')
const url = values.postgres
const SOCKETS = Number(values.sockets)
const READ_SOCKETS = Number(values['read-sockets'])
const TIMEOUT_MS = Number(values.timeout) * 1000
const TICK_MS = 20
const b: Burst = {
  seconds: Number(values.seconds),
  gifts: Number(values.gifts),
  reads: Number(values.reads),
  streams: Number(values.streams),
  loadAtStart: loadNow(),
  phase: 'start',
  giftLog: [],
  readsSent: [],
  readAnswers: [],
  tallies: [new StreamTally(), new StreamTally()],
  late: [],
  notes: [],
}
const t0 = performance.now()
const log = (msg: string) =>
  process.stderr.write(`[burst +${((performance.now() - t0) / 1000).toFixed(0)} s] ${msg}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Waits until `done()` or `ms` have passed; says which. */
const until = async (done: () => boolean, ms: number) => {
  const end = performance.now() + ms
  while (!done() && performance.now() < end) await sleep(50)
  return done()
}

// Open files: the bench holds every stream and socket; each instance half the streams.
const openFiles = Number(
  /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1],
)
const needed = b.streams + 2 * (SOCKETS + READ_SOCKETS) + 200
if (openFiles < needed) {
  b.notes.push(`open-file limit ${openFiles} < about ${needed} needed: raise ulimit -n`)
  log(b.notes.at(-1) ?? '')
}

const servers: Child[] = []
const lanes: Lane[] = []
const killAll = (signal: NodeJS.Signals) => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill(signal)
}
const stopServers = async () => {
  killAll('SIGTERM')
  const gone = await until(() => servers.every((s) => s.child.exitCode !== null), 10_000)
  if (!gone) {
    b.notes.push('an instance did not stop within 10 s of SIGTERM: killed')
    killAll('SIGKILL')
  }
}
// The hard deadline: whatever the phase, print what was gathered and stop.
const overall = setTimeout(() => {
  log(`overall deadline (${values.deadline} s) reached in phase "${b.phase}"`)
  b.tallies.forEach((t) => {
    t.closeAll()
  })
  printReport(b, `the overall deadline (${values.deadline} s)`)
  killAll('SIGKILL')
  process.exit(2)
}, Number(values.deadline) * 1000)

const usage = meter(servers)
const progress = setInterval(() => {
  const queued = lanes.map((l) => l.queued).join('/')
  const out = b.giftLog.length - b.giftLog.filter((g) => g.answer).length
  const ok = b.giftLog.filter((g) => g.answer?.status === 200).length
  const reads = b.readsSent.reduce((s, n) => s + n, 0)
  const [x, y] = b.tallies as [StreamTally, StreamTally]
  log(
    `${b.phase}: gifts sent ${b.giftLog.length}, 2xx ${ok}, out ${out} | reads sent ${reads}, answered ${b.readAnswers.length} | streams open ${x.open}+${y.open}, refused ${x.refused + y.refused}, failed ${x.failed + y.failed}, shown ${x.shown}/${y.shown} | waiting for a connection (gifts A/B, reads A/B) ${queued || '–'} | ${usage()} | load ${loadNow()}`,
  )
}, Number(values.progress) * 1000)

try {
  b.phase = 'starting instances'
  const env = {
    PORT: '0',
    DATABASE_URL: url,
    STRIPE_WEBHOOK_SECRET: BENCH_SECRET,
    ADMIN_TOKEN: `bench:${BENCH_TOKEN}`,
    STREAM_MAX_PER_ADDRESS: String(b.streams),
    HTTP_MAX_CONNECTIONS_PER_ADDRESS: String(b.streams + 2 * (SOCKETS + READ_SOCKETS) + 100),
    HTTP_MAX_CONNECTIONS: String(b.streams + 2 * (SOCKETS + READ_SOCKETS) + 100),
  }
  servers.push(await start('dist/cli.js', env), await start('dist/cli.js', env))
  const urls = servers.map((s) => s.url)
  const created = await fetch(`${urls[0]}/api/admin/campaigns`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${BENCH_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(BENCH_CAMPAIGN),
  })
  if (created.status !== 201) throw new Error(`campaign: ${created.status} ${await created.text()}`)

  b.phase = 'opening streams'
  log(`opening ${b.streams} streams`)
  const sampleEvery = Math.max(1, Math.floor(b.streams / 40))
  // 50 at a time, so the instances' accept queues are not flooded.
  for (let i = 0; i < b.streams; i += 50) {
    const batch = []
    for (let j = i; j < Math.min(b.streams, i + 50); j++) {
      const on = j % 2
      const tally = b.tallies[on] as StreamTally
      batch.push(
        tally.openStream(
          urls[on] ?? '',
          '/api/campaigns/news/stream',
          j % sampleEvery === 0,
          TIMEOUT_MS,
        ),
      )
    }
    await Promise.all(batch)
  }
  log(`streams open ${b.tallies.map((t) => t.open).join(' + ')}`)

  b.phase = 'load'
  const gifts = urls.map((u) => new Lane(u, SOCKETS, TIMEOUT_MS))
  const reads = urls.map((u) => new Lane(u, READ_SOCKETS, TIMEOUT_MS))
  lanes.push(...gifts, ...reads)
  const cpu0 = sample(servers)
  const began = performance.now()
  b.began = began
  const windowMs = b.seconds * 1000
  let readsOut = 0
  let expected = began
  for (;;) {
    const now = performance.now()
    b.late.push(Math.max(0, now - expected))
    const elapsed = (now - began) / 1000
    if (elapsed >= b.seconds) break
    const second = Math.floor(elapsed)
    while (b.giftLog.length < b.gifts * elapsed) {
      const on = b.giftLog.length % 2
      const { body, signature } = signedPayment()
      const ref = /"id":"(pi_[^"]+)"/.exec(body)?.[1] ?? ''
      const gift: Burst['giftLog'][number] = { on, ref, sent: elapsed }
      b.giftLog.push(gift)
      void gifts[on]
        ?.submit('/webhooks/stripe', {
          body,
          headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        })
        .then((a) => {
          gift.answer = a
        })
    }
    const owed = Math.max(0, Math.floor(b.reads * elapsed) - readsOut)
    for (let k = 0; k < owed; k++) {
      void reads[(readsOut + k) % 2]
        ?.submit('/api/campaigns/news/progress')
        .then((a) => b.readAnswers.push(a))
    }
    readsOut += owed
    b.readsSent[second] = (b.readsSent[second] ?? 0) + owed
    expected = performance.now() + TICK_MS
    await sleep(Math.min(TICK_MS, windowMs - (performance.now() - began)))
  }
  b.window = (performance.now() - began) / 1000
  b.notes.push(`over the load window, ${coresBetween(cpu0, sample(servers))}`)

  b.phase = 'draining'
  log('load window over; waiting for answers (each has its own deadline)')
  await until(
    () => b.giftLog.every((g) => g.answer) && b.readAnswers.length >= readsOut,
    TIMEOUT_MS + 2000,
  )

  b.phase = 'settling streams'
  const accepted = b.giftLog.filter((g) => g.answer?.status === 200).length
  const settled = await until(() => b.tallies.every((t) => t.shown >= accepted), 10_000)
  if (!settled)
    b.notes.push(
      `10 s after the last answer, the streams showed ${b.tallies.map((t) => t.shown).join(' and ')} donations of ${accepted} answered`,
    )
  b.tallies.forEach((t) => {
    t.closeAll()
  })
  for (const l of lanes) l.close()
  // The instances see the streams close before they are stopped (a stream woken by a change
  // after its instance closed the store reports an error).
  await sleep(3000)

  b.phase = 'stopping instances'
  await stopServers()

  b.phase = 'checking the ledger'
  const db = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await db.connect()
  await db.query("SET statement_timeout = '30s'")
  const one = async (q: string) => Number((await db.query(q)).rows[0]?.n ?? 0)
  const refs = new Set(
    (
      await db.query<{ r: string }>(
        "SELECT payment_ref AS r FROM ledger_entries WHERE kind = 'payment'",
      )
    ).rows.map((r) => r.r),
  )
  const entries = await one("SELECT COUNT(*) AS n FROM ledger_entries WHERE kind = 'payment'")
  const donations = await one('SELECT COALESCE(SUM(donations), 0) AS n FROM month_totals')
  const ledgerSum = await one(
    'SELECT COALESCE(SUM(amount), 0) AS n FROM ledger_entries WHERE counted = 1',
  )
  const totalsSum = await one('SELECT COALESCE(SUM(pledged), 0) AS n FROM month_totals')
  await db.end()
  b.db = {
    entries,
    distinct: refs.size,
    lost: b.giftLog.filter((g) => g.answer?.status === 200 && !refs.has(g.ref)).length,
    totals:
      donations === entries && totalsSum === ledgerSum
        ? 'yes'
        : `NO: ${donations} vs ${entries}, ${totalsSum} vs ${ledgerSum}`,
  }
  b.phase = 'done'
  clearInterval(progress)
  clearTimeout(overall)
  printReport(b)
} catch (err) {
  clearInterval(progress)
  clearTimeout(overall)
  b.notes.push(`failed in phase "${b.phase}": ${(err as Error).message}`)
  printReport(b, 'an error')
  process.exitCode = 1
} finally {
  killAll('SIGKILL')
}
