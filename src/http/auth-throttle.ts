import type { Context } from 'hono'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import { clientAddress } from './client-address.js'

/** Wrong tokens one address may send within `WINDOW_MS` before it is refused. */
export const MAX_FAILURES = 10
/** The sliding window the failures are counted in. */
export const WINDOW_MS = 60_000
/** Addresses remembered at most; beyond it the stalest are forgotten. */
const MAX_KEYS = 10_000

/** Where a wrong token was sent: the console's sign-in or the admin API (and /metrics). */
export type Surface = 'console' | 'api'

/**
 * The address a wrong token counts against. The one place the throttle asks for the client's
 * address, so it follows whatever decides that (a trusted proxy's header, else the socket).
 */
export function addressOf(config: Config, c: Context): string {
  return clientAddress(c, config)
}

/**
 * Wrong admin tokens per address, in a sliding window: after `MAX_FAILURES` within
 * `WINDOW_MS` the address is refused (429, Retry-After) until the oldest of them is a window
 * old. Only failures count, so an admin who signs in is never slowed, and the right token from
 * another address still works. Kept in memory, per process (per isolate on Workers), like the
 * checkout limit: it stops one client guessing at full speed, not a fleet (docs/operations.md).
 * Hand-written because a rate-limit middleware counts every request, not only refused ones.
 */
export class AuthThrottle {
  /** Per address: times of its last failures, oldest first, at most MAX_FAILURES. */
  private readonly failures = new Map<string, number[]>()
  private readonly warned = new Map<string, number>()

  constructor(
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** Seconds the address must wait before trying again, or 0 when it may try now. */
  retryAfter(address: string): number {
    const times = this.failures.get(address)
    if (!times || times.length < MAX_FAILURES) return 0
    const wait = (times[0] as number) + WINDOW_MS - this.now()
    return wait > 0 ? Math.ceil(wait / 1000) : 0
  }

  /** Counts a wrong token from `address`, logs a warning and counts it in the metrics. */
  failed(address: string, surface: Surface): void {
    const t = this.now()
    let times = this.failures.get(address)
    if (!times) {
      if (this.failures.size >= MAX_KEYS) this.sweep(t)
      times = []
      this.failures.set(address, times)
    }
    times.push(t)
    while (
      times.length > MAX_FAILURES ||
      (times.length > 0 && (times[0] as number) <= t - WINDOW_MS)
    )
      times.shift()
    this.metrics.inc('supportbar_auth_failures_total', { surface })
    // One warning line per address and window: a guesser must not flood the log either.
    const last = this.warned.get(address)
    if (last === undefined || t - last >= WINDOW_MS) {
      if (this.warned.size >= MAX_KEYS) this.warned.clear()
      this.warned.set(address, t)
      this.log.warn('wrong admin token', { client: address, surface, recent: times.length })
    }
  }

  /** Counts a request refused because its address is throttled. */
  refused(surface: Surface): void {
    this.metrics.inc('supportbar_auth_throttled_total', { surface })
  }

  private sweep(t: number): void {
    for (const [k, times] of this.failures) {
      if ((times.at(-1) as number) <= t - WINDOW_MS) this.failures.delete(k)
    }
    if (this.failures.size >= MAX_KEYS) {
      this.failures.delete(this.failures.keys().next().value as string)
    }
  }
}
