/**
 * A fixed-window counter per client: `limit` hits per `windowMs`. In memory, per instance (on
 * Workers, per isolate): it keeps one client from creating sessions in a loop, not a fleet.
 * Hand-written rather than a middleware because only requests that would reach Stripe count,
 * which is known deep in the handler (after validation and idempotent replays).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; hits: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts a hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string): number {
    const t = this.now()
    let w = this.windows.get(key)
    if (!w || t - w.start >= this.windowMs) {
      if (this.windows.size >= 10_000) this.sweep(t)
      w = { start: t, hits: 0 }
      this.windows.set(key, w)
    }
    if (w.hits >= this.limit) return Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000))
    w.hits++
    return 0
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k)
    // Still full of live windows: forget the oldest rather than grow without bound.
    if (this.windows.size >= 10_000) this.windows.delete(this.windows.keys().next().value as string)
  }
}
