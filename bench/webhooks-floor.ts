// The floor of a webhook's SQLite work: what the statements one `payment_intent.succeeded`
// issues cost with no JavaScript around them, against the webhook aim (CPU per event within
// 1/0.6 of the bare verify-only endpoint's). The real ingest (stripeIngest's, on a store opened
// as the server opens it: openStore + migrate) handles `--warmup` + `--events` signed events one
// at a time while every statement better-sqlite3 prepares is logged with its bound values, and
// each transaction's BEGIN/COMMIT. They are then replayed, pre-prepared, with no Kysely and no
// ingest code, on fresh copies of the same database (migrated, campaign created, opened the same
// way, so WAL and the server's synchronous=NORMAL): as recorded; all of them; the writes only;
// and only the ledger_entries insert and month_totals upsert; 1, 16 and 64 events per
// transaction. Figures are CPU µs per event (process.cpuUsage, after the warm-up), the real
// ingest's beside them; below, each statement's wall time in the as-recorded replay.
// Run: npm run bench:webhooks:floor [-- --events 20000 --bare-us 28]
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import SQLite from 'better-sqlite3'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import type { IncomingEvent } from '../src/ingest/facts.js'
import { openMigratedStore } from '../src/node/open-store.js'
import { toIncoming } from '../src/stripe/incoming.js'
import { stripeIngest } from '../src/stripe/ingest.js'
import { verifyEvent } from '../src/stripe/verify.js'
import { BENCH_CAMPAIGN, BENCH_SECRET, BENCH_TOKEN, signedPayment } from './lib.js'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '2000' },
    // CPU µs per event of the bare verify-only endpoint (npm run bench:webhooks).
    'bare-us': { type: 'string', default: '28' },
  },
})
const N = Number(values.events)
const W = Number(values.warmup)
const bare = Number(values['bare-us'])

type Method = 'run' | 'get' | 'all'
type Call = { sql: string; method: Method; params: unknown[]; kind: 'tx' | 'read' | 'write' }

// Every statement prepared while `wrap` is set logs its calls into `log` (when set); `handle`
// is the last better-sqlite3 Database that prepared one (the store keeps its own private).
let wrap = false
let log: Call[] | null = null
let handle: SQLite.Database | null = null
type Fn = (...args: unknown[]) => unknown
type Tx = Fn & { default: Fn; deferred: Fn; immediate: Fn; exclusive: Fn }
const proto = SQLite.prototype as unknown as {
  prepare: (this: SQLite.Database, sql: string) => SQLite.Statement
  transaction: (this: SQLite.Database, fn: Fn) => Tx
}
const prepare = proto.prepare
const transaction = proto.transaction
const TX_SQL = /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i
const flat = (args: unknown[]) => (args.length === 1 && Array.isArray(args[0]) ? args[0] : args)

proto.prepare = function (sql) {
  handle = this
  const stmt = prepare.call(this, sql)
  if (!wrap) return stmt
  const kind = TX_SQL.test(sql) ? 'tx' : stmt.reader ? 'read' : 'write'
  for (const method of ['run', 'get', 'all'] as const) {
    const inner = (stmt[method] as Fn).bind(stmt)
    Object.defineProperty(stmt, method, {
      value: (...args: unknown[]) => {
        log?.push({ sql, method, params: flat(args), kind })
        return inner(...args)
      },
    })
  }
  return stmt
}
// better-sqlite3 runs a transaction's BEGIN/COMMIT on statements of its own: logged here.
proto.transaction = function (fn) {
  const tx = transaction.call(this, fn)
  if (!wrap) return tx
  const mark = (sql: string) => log?.push({ sql, method: 'run', params: [], kind: 'tx' })
  const around =
    (variant: string, run: Fn): Fn =>
    (...args) => {
      if (this.inTransaction) throw new Error('nested transaction: not replayable here')
      // A unit that throws fails its event, and the recording stops there.
      mark(`BEGIN${variant}`)
      const result = run(...args)
      mark('COMMIT')
      return result
    }
  const variants = ['default', 'deferred', 'immediate', 'exclusive'] as const
  const out = around('', tx) as Tx
  for (const v of variants) out[v] = around(v === 'default' ? '' : ` ${v.toUpperCase()}`, tx[v])
  return out
}
function lastHandle(): SQLite.Database {
  if (!handle) throw new Error('no better-sqlite3 handle seen')
  return handle
}

const dir = mkdtempSync(join(tmpdir(), 'supportbar-floor-'))
const template = join(dir, 'template.db')
const config = (path: string) =>
  parseConfig({
    DATABASE_URL: `file:${path}`,
    STRIPE_WEBHOOK_SECRET: BENCH_SECRET,
    ADMIN_TOKEN: `bench:${BENCH_TOKEN}`,
    LOG_LEVEL: 'error',
  })
let copies = 0
/** A fresh database: a copy of the migrated template with the campaign. */
function fresh(): string {
  const path = join(dir, `copy${++copies}.db`)
  copyFileSync(template, path) // closing the template's last connection emptied its WAL
  return path
}
/** Opens a database as the server does (openStore, migrate) with the ingest it would run. */
async function open(path: string) {
  const store = await openMigratedStore(config(path))
  return { store, ingest: stripeIngest({ store, config: config(path) }) }
}

const load = () => loadavg().map((l) => l.toFixed(2))
const load0 = load()
try {
  const setup = await openMigratedStore(config(template))
  const app = createApp({ store: setup, config: config(template) })
  const created = await app.request('/api/admin/campaigns', {
    method: 'POST',
    headers: { Authorization: `Bearer ${BENCH_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(BENCH_CAMPAIGN),
  })
  if (created.status !== 201) throw new Error(`campaign: ${await created.text()}`)
  await setup.close()

  const parsed: IncomingEvent[] = []
  for (let i = 0; i < W + N; i++) {
    const { body, signature } = signedPayment()
    parsed.push(toIncoming(await verifyEvent(body, signature, [BENCH_SECRET])))
  }

  // Record: the real ingest, one event at a time, each event's statements apart.
  wrap = true
  const recorder = await open(fresh())
  const events: Call[][] = []
  for (const e of parsed) {
    const calls: Call[] = []
    log = calls
    const { outcome } = await recorder.ingest.event(e)
    log = null
    if (outcome !== 'processed') throw new Error(`event ${e.id}: ${outcome}`)
    events.push(calls)
  }
  await recorder.store.close()
  wrap = false

  /** CPU µs per timed event since t0: [user + system, system]. */
  const cpu = (t0: NodeJS.CpuUsage): [number, number] => {
    const u = process.cpuUsage(t0)
    return [(u.user + u.system) / N, u.system / N]
  }
  type Step = { stmt: SQLite.Statement; method: Method; params: unknown[] }
  const exec = ({ stmt, method, params }: Step) => stmt[method](...params)

  /** CPU µs per timed event replaying `pick`'s statements, `group` events per transaction (0: as recorded). */
  async function replay(pick: (c: Call) => boolean, group: number, each?: (s: Step) => void) {
    const { store } = await open(fresh())
    await store.ping()
    const raw = lastHandle()
    const cache = new Map<string, SQLite.Statement>()
    const steps = events.map((calls) =>
      calls.filter(pick).map((c): Step => {
        const stmt = cache.get(c.sql) ?? raw.prepare(c.sql)
        cache.set(c.sql, stmt)
        return { stmt, method: c.method, params: c.params }
      }),
    )
    const begin = raw.prepare('BEGIN IMMEDIATE')
    const commit = raw.prepare('COMMIT')
    const run = each ?? exec
    const range = (from: number, to: number) => {
      const g = Math.max(group, 1)
      for (let i = from; i < to; i += g) {
        if (group > 0) begin.run()
        for (let j = i; j < Math.min(i + g, to); j++) for (const s of steps[j] ?? []) run(s)
        if (group > 0) commit.run()
      }
    }
    range(0, W)
    const t0 = process.cpuUsage()
    range(W, W + N)
    const u = cpu(t0)
    await store.close()
    return u
  }

  /** CPU µs per timed event of the real ingest, `lanes` events in flight (group commit). */
  async function real(lanes: number) {
    const { store, ingest } = await open(fresh())
    for (const e of parsed.slice(0, W)) await ingest.event(e)
    let next = W
    const lane = async () => {
      for (let i = next++; i < W + N; i = next++) await ingest.event(parsed[i] as IncomingEvent)
    }
    const t0 = process.cpuUsage()
    await Promise.all(Array.from({ length: lanes }, lane))
    const u = cpu(t0)
    await store.close()
    return u
  }

  const minimal = (c: Call) => /^\s*INSERT INTO (ledger_entries|month_totals)\b/.test(c.sql)
  // Order matters: best[1] is the writes' floor, best[2] the minimal unit's.
  const sets: [string, (c: Call) => boolean][] = [
    ['all statements (reads + writes, inside the transaction)', (c) => c.kind !== 'tx'],
    ['writes only', (c) => c.kind === 'write'],
    ['minimal unit: ledger_entries insert + month_totals upsert', minimal],
  ]
  const timed = events.slice(W)
  const perEvent = (pick: (c: Call) => boolean) =>
    (timed.reduce((n, calls) => n + calls.filter(pick).length, 0) / N).toFixed(1)
  const fmt = (us: number) => us.toFixed(1)
  const both = ([us, sys]: [number, number]) => `${fmt(us)} (${fmt(sys)})`

  const asRecorded = await replay(() => true, 0)
  const rows = [
    `| as recorded (reads autocommit, then BEGIN IMMEDIATE … COMMIT) | ${perEvent((c) => c.kind !== 'tx')} | ${both(asRecorded)} | | |`,
  ]
  const best: number[] = [] // each set's lowest figure over the three groupings
  for (const [name, pick] of sets) {
    const us = [await replay(pick, 1), await replay(pick, 16), await replay(pick, 64)]
    best.push(Math.min(...us.map(([total]) => total)))
    rows.push(`| ${name} | ${perEvent(pick)} | ${us.map(both).join(' | ')} |`)
  }
  const ingest1 = await real(1)
  const ingest16 = await real(16)
  rows.push(
    `| real ingest (src/ingest + Kysely; 1, then 16 in flight with its group commit) | | ${both(ingest1)} | ${both(ingest16)} | |`,
  )

  // Where the as-recorded replay's time goes, by statement (wall time around each call).
  const byStatement = new Map<string, number>()
  const timeEach = (s: Step) => {
    const t = process.hrtime.bigint()
    exec(s)
    const ns = Number(process.hrtime.bigint() - t)
    byStatement.set(s.stmt.source, (byStatement.get(s.stmt.source) ?? 0) + ns)
  }
  await replay(() => true, 0, timeEach)
  const wallTotal = [...byStatement.values()].reduce((a, b) => a + b)

  const say = (...lines: string[]) => console.log(lines.join('\n'))
  say(
    `\n${N} events (after ${W} warm-up), one payment_intent.succeeded each; CPU µs per event (of which system)`,
    `load average ${load0.join(' ')} at start\n`,
    '| statements replayed | per event | 1 event/tx | 16 events/tx | 64 events/tx |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '\nas-recorded replay by statement (wall µs per event incl. timer; one-offs left out)\n',
    '| statement | calls/event | µs/event | share |',
    '|---|---:|---:|---:|',
  )
  for (const [sql, ns] of [...byStatement].sort((a, b) => b[1] - a[1])) {
    const calls = events.reduce((n, cs) => n + cs.filter((c) => c.sql === sql).length, 0)
    if (calls < (W + N) / 100) continue
    const label = sql.replace(/\s+/g, ' ').slice(0, 90).replaceAll('|', '\\|')
    const share = `${((100 * ns) / wallTotal).toFixed(0)}%`
    console.log(
      `| \`${label}\` | ${(calls / (W + N)).toFixed(2)} | ${fmt(ns / 1000 / (W + N))} | ${share} |`,
    )
  }
  const [, floor = 0, minimalFloor = 0] = best
  const ratio = (f: number) => (bare / (bare + f)).toFixed(2)
  say(
    `\nat the bare endpoint's ${bare} µs/event (pass --bare-us, default 28, from npm run bench:webhooks), the best ratio any ingest could reach with these writes alone is ${bare}/(${bare}+${fmt(floor)}) = ${ratio(floor)} (minimal unit alone: ${ratio(minimalFloor)}; a ratio of 0.6 leaves ${fmt(bare / 0.6 - bare)} µs for ingest + storage)`,
    `load average ${load().join(' ')} at end`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
