// What bench/burst.ts has measured so far, and its report: printed at the end of a run, or
// from whatever was gathered when the overall deadline stops it.
import { readFileSync } from 'node:fs'
import type { Answer, StreamTally } from './burst-load.js'

export interface Gift {
  on: number
  /** The payment's id (the ledger's payment_ref). */
  ref: string
  /** Seconds into the load window when it was sent. */
  sent: number
  answer?: Answer
}

export interface Burst {
  seconds: number
  gifts: number
  reads: number
  streams: number
  loadAtStart: string
  phase: string
  /** performance.now() when the load window began, and its length once over (s). */
  began?: number
  window?: number
  giftLog: Gift[]
  readsSent: number[]
  readAnswers: Answer[]
  tallies: StreamTally[]
  /** How late the load generator's own ticks ran (ms): its CPU share shows here. */
  late: number[]
  db?: { entries: number; distinct: number; lost: number; totals: string }
  notes: string[]
}

export const BUCKET_S = 5

export const pct = (xs: readonly number[], p: number) => {
  if (xs.length === 0) return Number.NaN
  const sorted = Float64Array.from(xs).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN
}

const f = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(1))
const both = (xs: readonly number[]) => `${f(pct(xs, 50))} / ${f(pct(xs, 99))}`

/** Lag from each 10th answered gift to a frame counting it on the other instance's streams. */
export function streamLags(b: Burst): { first: number[]; sampled: number[] } {
  const ok = b.giftLog
    .filter((g) => g.answer?.status === 200)
    .sort((x, y) => (x.answer?.at ?? 0) - (y.answer?.at ?? 0))
  const first: number[] = []
  const sampled: number[] = []
  ok.forEach((g, i) => {
    if (i % 10 !== 0 || !g.answer) return
    // Once the i-th 2xx is sent, at least i + 1 gifts are committed.
    const other = b.tallies[1 - g.on]
    const at = g.answer.at
    const t = other?.first[i + 1]
    if (t !== undefined) first.push(Math.max(0, t - at))
    for (const seen of other?.sampled ?? []) {
      const s = seen[i + 1]
      if (s !== undefined) sampled.push(Math.max(0, s - at))
    }
  })
  return { first, sampled }
}

export function printReport(b: Burst, stoppedBy?: string): void {
  const window = b.window ?? (b.began ? (performance.now() - b.began) / 1000 : 0)
  const per = (n: number) => f(n / Math.max(window, 1e-9))
  const answered = b.giftLog.filter((g) => g.answer)
  const ok = answered.filter((g) => g.answer?.status === 200)
  const count = (xs: readonly { status: number }[], pick: (s: number) => boolean) =>
    xs.filter((a) => pick(a.status)).length
  const giftAnswers = answered.map((g) => g.answer as Answer)
  const readsSent = b.readsSent.reduce((s, n) => s + n, 0)
  const readsOk = b.readAnswers.filter((a) => a.status === 200)
  const lags = streamLags(b)
  const t = b.tallies
  const line = (k: string, v: string) => console.log(`| ${k} | ${v} |`)

  console.log(
    `\nbench:burst, ${b.seconds} s, two instances on one PostgreSQL database; offered ${b.gifts} gifts/s, ${b.reads} reads/s, ${b.streams} streams`,
  )
  console.log(
    `load average at start ${b.loadAtStart}, at end ${loadNow()}${stoppedBy ? `; STOPPED BY ${stoppedBy} during phase "${b.phase}"` : ''}\n`,
  )
  console.log('| figure | value |\n|---|---:|')
  line(
    'streams asked / open / refused / failed (A + B)',
    `${b.streams} / ${t.map((x) => x.open).join(' + ')} / ${t.map((x) => x.refused).join(' + ')} / ${t.map((x) => x.failed).join(' + ')}`,
  )
  line('streams ended by the server during the run', t.map((x) => x.ended).join(' + '))
  line('load window (s)', f(window))
  line(
    'gifts offered / answered 2xx / other status / error / no answer in time / never sent (waited half the deadline) / still out',
    `${b.giftLog.length} / ${ok.length} / ${count(giftAnswers, (s) => s > 0 && s !== 200)} / ${count(giftAnswers, (s) => s === 0)} / ${count(giftAnswers, (s) => s === -1)} / ${count(giftAnswers, (s) => s === -2)} / ${b.giftLog.length - answered.length}`,
  )
  line(
    `gifts/s offered (target ${b.gifts}) → answered 2xx`,
    `${per(b.giftLog.filter((g) => g.sent < window).length)} → ${per(ok.filter((g) => (g.answer?.at ?? 0) - (b.began ?? 0) <= window * 1000).length)}`,
  )
  line('webhook answer p50 / p99 ms (2xx), from the ask', both(ok.map((g) => g.answer?.ms ?? 0)))
  line(
    'webhook answer p50 / p99 ms (2xx), from the send (no wait for a connection)',
    both(ok.map((g) => g.answer?.sent ?? 0)),
  )
  line(
    'reads offered / 200 / other status / error / no answer in time / never sent',
    `${readsSent} / ${readsOk.length} / ${count(b.readAnswers, (s) => s > 0 && s !== 200)} / ${count(b.readAnswers, (s) => s === 0)} / ${count(b.readAnswers, (s) => s === -1)} / ${count(b.readAnswers, (s) => s === -2)}`,
  )
  line(
    `reads/s offered (target ${b.reads}) → answered 200`,
    `${per(readsSent)} → ${per(readsOk.filter((a) => a.at - (b.began ?? 0) <= window * 1000).length)}`,
  )
  line('read p50 / p99 ms (200), from the ask', both(readsOk.map((a) => a.ms)))
  line('read p50 / p99 ms (200), from the send', both(readsOk.map((a) => a.sent ?? 0)))
  line(
    'stream lag p50 / p99 ms, first stream of the other instance',
    `${both(lags.first)} (${lags.first.length} gifts)`,
  )
  line(
    'stream lag p50 / p99 ms, each sampled stream of the other instance',
    `${both(lags.sampled)} (${lags.sampled.length} gift × stream)`,
  )
  line('frames received (all streams)', String(t.reduce((s, x) => s + x.frames, 0)))
  line('load generator tick lateness p50 / p99 ms', both(b.late))
  if (b.db) {
    line('lost (2xx without a ledger entry)', String(b.db.lost))
    line('doubled (entries beyond one per payment)', String(b.db.entries - b.db.distinct))
    line('totals = ledger (donations, amount)', b.db.totals)
  } else line('lost / doubled / totals = ledger', 'not checked (stopped before)')

  console.log(`\nper ${BUCKET_S} s of the load window (answers counted when they arrived):\n`)
  console.log('| s | gifts/s offered | gifts/s 2xx | reads/s offered | reads/s 200 |')
  console.log('|---|---:|---:|---:|---:|')
  // The last bucket takes the window's remainder; answers after the window get a row of their own.
  const buckets = Math.max(1, Math.round(window / BUCKET_S))
  const at = (a: Answer) =>
    Math.min(buckets - 1, Math.floor((a.at - (b.began ?? 0)) / 1000 / BUCKET_S))
  const inWindow = (a: Answer) => a.at - (b.began ?? 0) <= window * 1000
  for (let k = 0; k < buckets; k++) {
    const last = k === buckets - 1
    const from = k * BUCKET_S
    const span = last ? window - from : BUCKET_S
    const sent = b.giftLog.filter((g) => Math.min(buckets - 1, Math.floor(g.sent / BUCKET_S)) === k)
    const got = ok.filter((g) => g.answer && inWindow(g.answer) && at(g.answer) === k).length
    const rs = b.readsSent
      .slice(from, last ? undefined : from + BUCKET_S)
      .reduce((s, n) => s + n, 0)
    const rg = readsOk.filter((a) => inWindow(a) && at(a) === k).length
    console.log(
      `| ${from}–${f(from + span)} | ${f(sent.length / span)} | ${f(got / span)} | ${f(rs / span)} | ${f(rg / span)} |`,
    )
  }
  const lateGifts = ok.filter((g) => g.answer && !inWindow(g.answer)).length
  const lateReads = readsOk.filter((a) => !inWindow(a)).length
  console.log(`| after the window | | ${lateGifts} answers | | ${lateReads} answers |`)
  for (const n of b.notes) console.log(`\nnote: ${n}`)
}

export const loadNow = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
