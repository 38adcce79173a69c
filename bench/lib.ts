// Shared by the benchmarks: start a server script as a child process and wait for its URL.

import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import Stripe from 'stripe'

/**
 * The node flags `npm start` gives the server (package.json's start script, the one place they
 * are written): the benchmarks run the built server with the settings operators get.
 * BENCH_NODE_FLAGS (set, even empty) replaces them, to compare under other flags.
 */
export function startFlags(): string[] {
  const override = process.env.BENCH_NODE_FLAGS
  if (override !== undefined) return override.split(' ').filter(Boolean)
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }
  const m = /^node((?:\s+--\S+)*)\s/.exec(pkg.scripts.start)
  return m?.[1]?.trim().split(/\s+/).filter(Boolean) ?? []
}

export interface Child {
  child: ChildProcess
  url: string
}

/**
 * Runs `script` (TypeScript under tsx; the CLI gets `serve`) and resolves with the URL it logs.
 * Built JavaScript gets `flags`, by default those of `npm start`.
 */
export function start(
  script: string,
  env: Record<string, string>,
  flags: string[] = startFlags(),
): Promise<Child> {
  const child = spawn(
    process.execPath,
    [
      // Built JavaScript runs as in production (`npm start`, its flags); TypeScript through tsx.
      ...(script.endsWith('.js') ? flags : ['--import', 'tsx']),
      script,
      ...(/cli\.[tj]s$/.test(script) ? ['serve'] : []),
    ],
    {
      env: { ...process.env, LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /"url":"([^"]+)"/.exec(out)
      if (m?.[1]) resolve({ child, url: m[1] })
    })
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)))
  })
}

/** Stops a child and waits for it to be gone, so the next run has the CPU to itself. */
export function stop({ child }: Child): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.kill()
  })
}

/** CPU time (user + system) a child has used so far, in microseconds, from /proc (Linux). */
export function cpuMicros({ child }: Child): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces) start at index 2 of the split.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1_000_000) / CLOCK_TICKS
}

/** CPU time (µs) of every process named `postgres` on this machine: the server's backends. */
export function postgresMicros(): number {
  let ticks = 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return (ticks * 1_000_000) / CLOCK_TICKS
}

/** The machine's busy and total CPU time so far, in ticks over all cores (/proc/stat). */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const n = line.trim().split(/\s+/).slice(1).map(Number)
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0)
  const idle = (n[3] ?? 0) + (n[4] ?? 0)
  return { busy: total - idle, total }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100

/**
 * A response recorded from the app, for the bare servers of bench/read to answer alike: the
 * body and the header lines of its 200 and 304, as flat [name, value, ...] lists in the app's
 * order and case. The lines node:http adds itself (Date, Connection, Keep-Alive) are left out,
 * and X-Request-Id holds an empty value that the bare servers fill per request, as the app does.
 */
export interface Fixture {
  body: string
  etag: string
  ok: string[]
  notModified: string[]
}

/** Index of the request id's value in a fixture's header list. */
export function requestIdSlot(lines: string[]): number {
  return lines.findIndex((v, i) => i % 2 === 0 && v.toLowerCase() === 'x-request-id') + 1
}

/** The fixtures bench/read wrote, by path (BARE_FIXTURES names the file). */
export function loadFixtures(): Record<string, Fixture> {
  return JSON.parse(readFileSync(process.env.BARE_FIXTURES ?? '', 'utf8')) as Record<
    string,
    Fixture
  >
}

/** The webhook secret and admin token the webhook benchmarks configure. */
export const BENCH_SECRET = 'whsec_bench_0123456789'
export const BENCH_TOKEN = 'bench-admin-token-0123456789'

/** The campaign the webhook benchmarks' payments name. */
export const BENCH_CAMPAIGN = {
  slug: 'news',
  name: 'News',
  currency: 'USD',
  defaultGoal: 500000,
  timezone: 'America/New_York',
  locale: 'en-US',
}

let seq = 0
/** A signed `payment_intent.succeeded` for a new payment (one of 5,000 recurring customers). */
export function signedPayment(): { body: string; signature: string } {
  seq++
  const tag = `${seq.toString(36)}${Math.random().toString(36).slice(2, 10)}`
  const now = Math.floor(Date.now() / 1000)
  const body = JSON.stringify({
    id: `evt_bench${tag}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: `pi_bench${tag}`,
        object: 'payment_intent',
        amount: 2500,
        amount_received: 2500,
        currency: 'usd',
        created: now,
        customer: `cus_${seq % 5000}`,
        receipt_email: null,
        latest_charge: `ch_bench${tag}`,
        metadata: { campaign: 'news' },
        status: 'succeeded',
        livemode: false,
      },
    },
  })
  return {
    body,
    signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: BENCH_SECRET }),
  }
}

/** Asks for `count` distinct embed URLs (SVG and page, accents and widths), 16 at a time. */
export async function embedFlood(url: string, count: number): Promise<number> {
  const t0 = performance.now()
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const accent = (i % 4096).toString(16).padStart(3, '0')
      const width = 240 + (Math.floor(i / 4096) % 961)
      const path =
        i % 2 === 0
          ? `/embed/news.svg?accent=${accent}&width=${width}`
          : `/embed/radio?accent=${accent}&theme=${i % 3 === 0 ? 'dark' : 'light'}`
      const res = await fetch(url + path)
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`embed ${path}: ${res.status}`)
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  return Math.round(count / ((performance.now() - t0) / 1000))
}
