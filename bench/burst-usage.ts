// CPU and memory of bench/burst.ts's parts, from /proc: each instance, PostgreSQL's backends
// and the bench itself (which shares the machine with them).
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { type Child, cpuMicros, postgresMicros } from './lib.js'

/** Resident memory of a child (MB). */
const rssMb = ({ child }: Child) => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]
    return Math.round(Number(kb) / 1024)
  } catch {
    return 0
  }
}

const benchUs = () => {
  const u = process.cpuUsage()
  return u.user + u.system
}

interface Sample {
  at: number
  servers: number[]
  pg: number
  bench: number
}

/** CPU used so far (µs) by each instance, PostgreSQL and this process. */
export function sample(servers: readonly Child[]): Sample {
  return {
    at: performance.now(),
    servers: servers.map(cpuMicros),
    pg: postgresMicros(),
    bench: benchUs(),
  }
}

/** Cores each part kept busy between two samples. */
export function coresBetween(a: Sample, b: Sample): string {
  const ms = b.at - a.at
  const c = (us: number) => (us / 1000 / Math.max(ms, 1)).toFixed(2)
  const inst = b.servers.map((s, i) => c(s - (a.servers[i] ?? 0))).join(' + ')
  return `cores: instances ${inst}, PostgreSQL ${c(b.pg - a.pg)}, this bench ${c(b.bench - a.bench)} (of ${availableParallelism()})`
}

/** A meter for the progress lines: cores since its last reading, and the instances' memory. */
export function meter(servers: readonly Child[]): () => string {
  let last: Sample | undefined
  return () => {
    if (servers.length === 0) return '–'
    const now = sample(servers)
    const text = last?.servers.length === servers.length ? coresBetween(last, now) : 'cores –'
    last = now
    return `${text}; RSS MB ${servers.map(rssMb).join('/')}`
  }
}
