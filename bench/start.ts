// Start-up time: from launching `npm start` on an already built tree to its first answer,
// against `node dist/cli.js serve` (the built server without npm or the build check), same run.
// Run: npm run bench:start [-- --runs 5]
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } })
const runs = Number(values.runs)
const dir = mkdtempSync(join(tmpdir(), 'supportbar-bench-start-'))

/** Seconds from spawn to the first 200 of /healthz; the process group is ended after. */
function firstAnswer(cmd: string, args: string[]): Promise<number> {
  const t0 = performance.now()
  const child = spawn(cmd, args, {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'start.db')}`,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', async (d: Buffer) => {
      out += d.toString()
      const url = /"url":"([^"]+)"/.exec(out)?.[1]
      if (!url) return
      child.stdout?.removeAllListeners('data')
      const res = await fetch(`${url}/healthz`)
      const s = (performance.now() - t0) / 1000
      if (child.pid) process.kill(-child.pid, 'SIGTERM')
      child.once('exit', () => (res.ok ? resolve(s) : reject(new Error(`healthz ${res.status}`))))
    })
    child.once('error', reject)
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const base: number[] = []
const npm: number[] = []
// Once first, so the tree is built and both measure an up-to-date start.
await firstAnswer('npm', ['start', '--silent'])
for (let i = 0; i < runs; i++) {
  base.push(await firstAnswer(process.execPath, ['dist/cli.js', 'serve']))
  npm.push(await firstAnswer('npm', ['start', '--silent']))
}
rmSync(dir, { recursive: true, force: true })
const b = median(base)
const n = median(npm)
console.log(`node dist/cli.js serve  median ${b.toFixed(2)} s to the first answer (${runs} runs)`)
console.log(
  `npm start (built tree)  median ${n.toFixed(2)} s  (${(n / b).toFixed(2)}x the baseline)`,
)
