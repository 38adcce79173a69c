import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import { unstable_startWorker } from 'wrangler'
import { CONTRACT_ENV } from '../contract/target.js'
import { adminJson, newsCampaign } from './harness.js'

const WRANGLER = join(process.cwd(), 'node_modules', 'wrangler', 'bin', 'wrangler.js')
/** Longest a wrangler command may take before it and every process it started are killed. */
const WRANGLER_TIMEOUT_MS = 120_000

/**
 * Runs the wrangler CLI of this package (non-interactive, no telemetry); returns its stdout.
 * It runs in a process group of its own, killed whole if it outlives WRANGLER_TIMEOUT_MS or the
 * test process: wrangler's bin starts the CLI as a child, which starts workerd, and a timed-out
 * command must not leave them running.
 */
export function wrangler(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      env: { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(killGroup, WRANGLER_TIMEOUT_MS)
    process.once('exit', killGroup)
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      process.removeListener('exit', killGroup)
      killGroup() // whatever it started and left behind
      const stdout = Buffer.concat(out).toString()
      if (code === 0) resolve(stdout)
      else {
        const why = signal ? `killed by ${signal}` : `exit ${code}`
        reject(new Error(`wrangler ${args.join(' ')}: ${why}\n${Buffer.concat(err).toString()}`))
      }
    })
  })
}

/** `wrangler d1 migrations apply DB --local` into a persistence folder of its own. */
export const applyLocalD1Migrations = (persistTo: string) =>
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo])

/** The SQLite file behind the local D1 database of a persistence folder (after wrangler made it). */
export function localD1File(persistTo: string): string {
  const dir = join(persistTo, 'v3', 'd1', 'miniflare-D1DatabaseObject')
  const files = readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite')
  if (files.length !== 1 || !files[0]) throw new Error(`expected one D1 file in ${dir}: ${files}`)
  return join(dir, files[0])
}

/** src/worker/index.ts under workerd (wrangler.toml, local D1 in `persistTo`), with these vars. */
export async function startLocalWorker(persistTo: string, vars: Record<string, string>) {
  const worker = await unstable_startWorker({
    config: join(process.cwd(), 'wrangler.toml'),
    bindings: Object.fromEntries(
      Object.entries(vars).map(([k, value]) => [k, { type: 'plain_text' as const, value }]),
    ),
    dev: {
      persist: persistTo,
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      watch: false,
      logLevel: 'warn',
    },
  })
  await worker.ready
  const base = await worker.url
  return {
    worker,
    fetch: (path: string, init?: RequestInit) => fetch(new URL(path, base), init),
    close: () => worker.dispose(),
  }
}

export type LocalWorker = Awaited<ReturnType<typeof startLocalWorker>>

/**
 * For the describe block it is called in: src/worker/index.ts under workerd on a fresh, migrated local
 * D1 (temp folder `prefix…`, removed after), with the contract's vars and the news campaign
 * created. Returns the running Worker (available from the block's tests on).
 */
export function workerWithNews(prefix: string): () => LocalWorker {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  let w: LocalWorker | undefined
  beforeAll(async () => {
    await applyLocalD1Migrations(dir)
    w = await startLocalWorker(dir, CONTRACT_ENV)
    const res = await w.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify(newsCampaign),
    })
    expect(res.status).toBe(201)
  })
  afterAll(async () => {
    await w?.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    if (!w) throw new Error('the local Worker has not started (used outside its describe block?)')
    return w
  }
}
