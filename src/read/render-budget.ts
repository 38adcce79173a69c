/** Addresses remembered at most; past it full buckets are forgotten, then the stalest. */
const MAX_KEYS = 10_000

interface Bucket {
  tokens: number
  at: number
}

/**
 * A per-address budget of renderings that miss the cache (PNG_RENDERS_PER_ADDRESS): a token
 * bucket per client address, `perMinute` deep, refilled at `perMinute` a minute. A rendering
 * served from the cache costs nothing, so readers of popular images are never refused; a client
 * asking for a new image each time spends its budget and is then refused (429 with
 * Retry-After) before any work is done for it, until a token has come back. In memory, per
 * process (per isolate on Workers), like the other per-client limits. `perMinute` 0: no limit.
 */
export class RenderBudget {
  readonly #buckets = new Map<string, Bucket>()
  readonly #perMs: number

  constructor(
    readonly perMinute: number,
    private readonly now: () => number,
  ) {
    this.#perMs = perMinute / 60_000
  }

  /** Some address is being refused or counted: false when nothing can be refused now. */
  get limited(): boolean {
    return this.#buckets.size > 0
  }

  /** Seconds the address must wait before its next rendering, or 0 when it may render now. */
  retryAfter(address: string): number {
    if (this.perMinute === 0) return 0
    const b = this.#buckets.get(address)
    if (!b) return 0
    const tokens = this.#refilled(b, this.now())
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.#perMs / 1000))
  }

  /** Counts one rendering the address's request caused (a cache miss). */
  spend(address: string): void {
    if (this.perMinute === 0) return
    const t = this.now()
    let b = this.#buckets.get(address)
    if (!b) {
      if (this.#buckets.size >= MAX_KEYS) this.#sweep(t)
      b = { tokens: this.perMinute, at: t }
      this.#buckets.set(address, b)
    }
    // Never below empty: requests let through together do not owe renderings to come.
    b.tokens = Math.max(0, this.#refilled(b, t) - 1)
    b.at = t
  }

  #refilled(b: Bucket, t: number): number {
    return Math.min(this.perMinute, b.tokens + (t - b.at) * this.#perMs)
  }

  #sweep(t: number): void {
    for (const [k, b] of this.#buckets) {
      if (this.#refilled(b, t) >= this.perMinute) this.#buckets.delete(k)
    }
    if (this.#buckets.size >= MAX_KEYS) {
      this.#buckets.delete(this.#buckets.keys().next().value as string)
    }
  }
}
