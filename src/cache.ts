/** Bytes rendered once per change and served until the ledger changes or the TTL passes. */
export interface Rendered {
  body: string
  etag: string
  contentType: string
  /** 200 unless the rendering is itself an error view (an archived campaign's embed: 404). */
  status?: 200 | 404
}

interface Slot {
  value: Rendered
  expires: number
}

/** Weak ETag from the bytes (SHA-1 via Web Crypto, available on Node and Workers). */
export async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(body))
  const hex = Array.from(new Uint8Array(digest).slice(0, 12), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
  return `W/"${hex}"`
}

/**
 * A bounded cache of rendered bytes, grouped by campaign so that one change drops every
 * rendering of that campaign (JSON, SVG, HTML, in any month or options) at once.
 */
export class RenderCache {
  readonly #byCampaign = new Map<string, Map<string, Slot>>()
  readonly #inflight = new Map<string, Promise<Rendered>>()
  #size = 0

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
  ) {}

  /** The cached rendering for (campaign, key), built by `build` on a miss (once, even if raced). */
  async get(campaign: string, key: string, build: () => Promise<Rendered>): Promise<Rendered> {
    const slot = this.#byCampaign.get(campaign)?.get(key)
    if (slot && slot.expires > this.now()) return slot.value
    // A build joined only within one generation: after a change, readers wait for new bytes.
    const generation = this.#generation(campaign)
    const flightKey = `${campaign}\u0000${generation}\u0000${key}`
    const pending = this.#inflight.get(flightKey)
    if (pending) return pending
    const promise = build()
      .then((value) => {
        // A change that landed while building makes this rendering stale: serve it, don't keep it.
        if (this.#generation(campaign) === generation) this.#set(campaign, key, value)
        return value
      })
      .finally(() => this.#inflight.delete(flightKey))
    this.#inflight.set(flightKey, promise)
    return promise
  }

  readonly #generations = new Map<string, number>()

  #generation(campaign: string): number {
    return this.#generations.get(campaign) ?? 0
  }

  #set(campaign: string, key: string, value: Rendered): void {
    if (this.#size >= this.maxEntries) this.clear()
    let slots = this.#byCampaign.get(campaign)
    if (!slots) {
      slots = new Map()
      this.#byCampaign.set(campaign, slots)
    }
    if (!slots.has(key)) this.#size++
    slots.set(key, { value, expires: this.now() + this.ttlMs })
  }

  /** Drops every rendering of a campaign. */
  invalidate(campaign: string): void {
    this.#generations.set(campaign, this.#generation(campaign) + 1)
    const slots = this.#byCampaign.get(campaign)
    if (slots) {
      this.#size -= slots.size
      this.#byCampaign.delete(campaign)
    }
  }

  clear(): void {
    this.#byCampaign.clear()
    this.#size = 0
  }
}
