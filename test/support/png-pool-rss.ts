/**
 * Run as a process of its own by test/png-pool.test.ts: draws 160 wide PNGs of the SVG in the
 * file named by argv[2] on a one-thread pool and prints the process's RSS before and at its peak
 * (MB) as JSON. A process of its own, so that what else a vitest worker holds or frees (other
 * suites' servers, their garbage) is not counted as the pool's.
 */
import { readFileSync } from 'node:fs'
import { pngPool } from '../../src/node/png-pool.js'

const rssMb = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024

const svg = readFileSync(process.argv[2] ?? '', 'utf8')
const pool = pngPool({ threads: 1, queue: 16 })
try {
  await pool.rasterize(svg, 2200)
  const before = rssMb()
  let peak = before
  let smallest = Number.POSITIVE_INFINITY
  for (let i = 0; i < 40; i++) {
    const batch = [0, 1, 2, 3].map((k) => pool.rasterize(svg, 1800 + i * 4 + k))
    for (const png of await Promise.all(batch)) smallest = Math.min(smallest, png.byteLength)
    peak = Math.max(peak, rssMb())
  }
  process.stdout.write(`${JSON.stringify({ before, peak, drawn: 160, smallest })}\n`)
} finally {
  await pool.close()
}
