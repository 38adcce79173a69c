// Holding under abuse (issue 24): the built server on SQLite, attacked from 127.0.0.1 while
// other clients read progress (127.0.0.2) and Stripe posts webhooks (127.0.0.3). Every figure
// is printed beside its baseline measured in the same run, with no attack.
//   1. slow clients: N connections from one address trickling 1 byte every 2 s (half in their
//      headers, half in a webhook body), reconnecting when cut;
//   2. a PNG flood: distinct options on every request at 256, then 1,024 connections.
// Loopback only; bounded in count and time; stops by itself.
// Run: npm run bench:abuse [-- --seconds 15 --slow 10000]
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { BENCH_CAMPAIGN, BENCH_SECRET, BENCH_TOKEN, signedPayment, start, stop } from './lib.js'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    slow: { type: 'string', default: '10000' },
    // Internal: the attackers run in child processes, so their work does not slow the probe.
    role: { type: 'string' },
    target: { type: 'string' },
    connections: { type: 'string' },
  },
})
const seconds = Number(values.seconds)
const slowCount = Number(values.slow)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One request from a keep-alive agent bound to a loopback address; 10 s without answer fails. */
function send(agent: Agent, url: string, method = 'GET', body?: string, headers = {}) {
  return new Promise<{ status: number; ms: number }>((resolve) => {
    const t0 = performance.now()
    const req = request(url, { method, agent, headers }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }))
    })
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }))
    req.end(body)
  })
}

/** Progress reads (20 a second, from 127.0.0.2) and signed webhooks (4 a second, 127.0.0.3). */
async function probe(url: string, ms: number) {
  const reader = new Agent({ keepAlive: true, localAddress: '127.0.0.2', maxSockets: 8 })
  const stripe = new Agent({ keepAlive: true, localAddress: '127.0.0.3', maxSockets: 4 })
  const reads: Promise<{ status: number; ms: number }>[] = []
  const hooks: Promise<{ status: number; ms: number }>[] = []
  const end = performance.now() + ms
  for (let i = 0; performance.now() < end; i++) {
    reads.push(send(reader, `${url}/api/campaigns/news/progress`))
    if (i % 5 === 0) {
      const { body, signature } = signedPayment()
      hooks.push(
        send(stripe, `${url}/webhooks/stripe`, 'POST', body, {
          'content-type': 'application/json',
          'stripe-signature': signature,
        }),
      )
    }
    await sleep(50)
  }
  const r = await Promise.all(reads)
  const h = await Promise.all(hooks)
  reader.destroy()
  stripe.destroy()
  const lat = r.map((x) => x.ms).sort((a, b) => a - b)
  return {
    reads: r.length,
    readFails: r.filter((x) => x.status !== 200).length,
    p99: lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))] ?? 0,
    hooks: h.length,
    hookFails: h.filter((x) => x.status !== 200).length,
  }
}

/** Highest resident memory of the server while `during` runs, from /proc, in MB. */
async function peakRss(pid: number, during: Promise<unknown>): Promise<number> {
  let peak = 0
  let done = false
  void during.finally(() => {
    done = true
  })
  while (!done) {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    peak = Math.max(peak, Number(m?.[1] ?? 0) / 1024)
    await sleep(100)
  }
  return Math.round(peak)
}

/** N sockets from 127.0.0.1, each sending 1 byte every 2 s, reconnecting when cut. */
function slowClients(port: number, n: number) {
  const sockets = new Set<Socket>()
  let stopped = false
  let cut = 0
  const open = (i: number) => {
    if (stopped) return
    const s = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.1' })
    const head =
      i % 2 === 0
        ? 'GET /api/campaigns/news/progress HTTP/1.1\r\nHost: x\r\nX-Slow: '
        : 'POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n'
    let at = 0
    const tick = setInterval(() => {
      if (!s.destroyed) s.write(head[at++] ?? 'x')
    }, 2000)
    sockets.add(s)
    s.on('error', () => {})
    s.once('close', () => {
      clearInterval(tick)
      sockets.delete(s)
      cut++
      // The attacker comes back on its next tick.
      if (!stopped) setTimeout(() => open(i), 2000)
    })
  }
  return {
    async start() {
      for (let i = 0; i < n; i++) {
        open(i)
        if (i % 500 === 499) await sleep(100)
      }
    },
    stop() {
      stopped = true
      for (const s of sockets) s.destroy()
    },
    get held() {
      let h = 0
      for (const s of sockets) if (!s.connecting && !s.destroyed) h++
      return h
    },
    get cut() {
      return cut
    },
  }
}

/** A PNG flood: every request a new width (and density), from 127.0.0.1. */
function pngFlood(url: string, connections: number, ms: number) {
  let n = 0
  const run = autocannon({
    url,
    connections,
    duration: ms / 1000,
    timeout: 10,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          n++
          return {
            ...req,
            path: `/embed/news.png?width=${200 + (n % 1000)}&density=${1 + (n % 2)}`,
          }
        },
      },
    ],
  })
  // autocannon's instance is a thenable, not a Promise.
  return Promise.resolve(run)
}

/** Runs this script as an attacker child; resolves with what it prints once it exits. */
function attacker(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/abuse.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const done = new Promise<string>((resolve) => child.once('exit', () => resolve(out)))
  return { child, done }
}

if (values.role === 'slow') {
  const slow = slowClients(Number(values.target), slowCount)
  process.once('SIGTERM', () => {
    console.log(JSON.stringify({ held: slow.held, cut: slow.cut }))
    slow.stop()
    process.exit(0)
  })
  await slow.start()
} else if (values.role === 'png') {
  const f = await pngFlood(values.target ?? '', Number(values.connections), seconds * 1000)
  console.log(
    JSON.stringify({ total: f.requests.total, ok: f['2xx'], non2xx: f.non2xx, errors: f.errors }),
  )
  process.exit(0)
} else {
  await main()
}

async function main() {
  const pct = (a: number, b: number) => (b === 0 ? '0' : ((100 * a) / b).toFixed(2))

  const dir = mkdtempSync(join(tmpdir(), 'supportbar-bench-abuse-'))
  const server = await start('dist/cli.js', {
    DATABASE_URL: `file:${join(dir, 'abuse.db')}`,
    PORT: '0',
    ADMIN_TOKEN: `bench:${BENCH_TOKEN}`,
    STRIPE_WEBHOOK_SECRET: BENCH_SECRET,
  })
  try {
    const url = server.url
    const port = Number(new URL(url).port)
    const pid = server.child.pid ?? 0
    await fetch(`${url}/api/admin/campaigns`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${BENCH_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(BENCH_CAMPAIGN),
    })
    const ms = seconds * 1000
    console.log(
      `load average at start: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    )

    const base = await probe(url, ms)
    const slow = attacker(['--role', 'slow', '--target', String(port), '--slow', String(slowCount)])
    await sleep(5000)
    const attacked = await probe(url, ms)
    slow.child.kill('SIGTERM')
    const { held, cut } = JSON.parse((await slow.done) || '{}') as { held?: number; cut?: number }
    await sleep(2000)

    const baseRss = await peakRss(pid, probe(url, 3000))
    const floods: {
      connections: number
      p99: number
      fails: number
      reads: number
      rss: number
    }[] = []
    for (const connections of [256, 1024]) {
      const flood = attacker([
        '--role',
        'png',
        '--target',
        url,
        '--connections',
        String(connections),
        '--seconds',
        String(seconds),
      ])
      await sleep(2000)
      const during = probe(url, ms - 4000)
      const [rss, p] = await Promise.all([peakRss(pid, flood.done), during])
      const f = JSON.parse((await flood.done) || '{}') as Record<string, number>
      floods.push({ connections, p99: p.p99, fails: p.readFails, reads: p.reads, rss })
      console.log(
        `png flood ${connections}: ${f.total} requests, ${f.ok} 2xx, ` +
          `${f.non2xx} non-2xx (429 past its budget, 503 busy), ${f.errors} errors`,
      )
      await sleep(2000)
    }

    console.log(`\n1. ${slowCount} slow connections from 127.0.0.1 (1 byte / 2 s), ${seconds} s`)
    console.log(
      `   attacker sockets open at the end: ${held ?? '?'}; cut or refused: ${cut ?? '?'}`,
    )
    console.log('   figure                         baseline   under attack   target')
    console.log(
      `   progress reads failed (%)      ${pct(base.readFails, base.reads).padStart(8)}   ${pct(attacked.readFails, attacked.reads).padStart(12)}   < 1`,
    )
    console.log(
      `   webhooks failed (of sent)      ${`${base.hookFails}/${base.hooks}`.padStart(8)}   ${`${attacked.hookFails}/${attacked.hooks}`.padStart(12)}   0`,
    )
    console.log(
      `   progress p99 (ms)              ${base.p99.toFixed(1).padStart(8)}   ${attacked.p99.toFixed(1).padStart(12)}`,
    )
    console.log(`\n2. PNG flood, distinct options per request, ${seconds} s each`)
    console.log(
      '   connections   progress p99 ms (baseline)   reads failed   peak RSS MB (baseline)',
    )
    for (const f of floods) {
      console.log(
        `   ${String(f.connections).padStart(11)}   ${`${f.p99.toFixed(1)} (${base.p99.toFixed(1)})`.padStart(26)}   ${`${f.fails}/${f.reads}`.padStart(12)}   ${`${f.rss} (${baseRss})`.padStart(22)}`,
      )
    }
    console.log('   targets: p99 < 50 ms at 256; RSS < 300 MB at 256 and 1,024')
    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    )
  } finally {
    await stop(server)
    rmSync(dir, { recursive: true, force: true })
  }
  process.exit(0)
}
