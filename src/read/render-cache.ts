import { sha1Hex } from '../hash.js'

/** Bytes rendered once per change and served until the ledger changes or the TTL passes. */
export interface Rendered {
  body: string
  etag: string
  contentType: string
  /** 200 unless the rendering is itself an error view (an archived campaign's embed: 404). */
  status?: 200 | 404
  /** Changes only with a deploy (the widget script): a fast lane may keep serving it. */
  immutable?: true
  /** UTF-8 length of `body`, filled in once by `byteLength`. */
  bytes?: number
}

/** UTF-8 length of a rendering's body, computed once (Content-Length of every answer). */
export function byteLength(r: Rendered): number {
  r.bytes ??= new TextEncoder().encode(r.body).byteLength
  return r.bytes
}

/** Weak ETag from the bytes: the first 96 bits of their SHA-1, the same on every runtime. */
export async function etagOf(body: string): Promise<string> {
  return `W/"${(await sha1Hex(body)).slice(0, 24)}"`
}

/**
 * A cached rendering as a fast lane may hold it: `value` is dropped when the slot leaves the
 * cache (change, eviction), so a holder never keeps bytes alive nor serves them stale.
 */
export interface Held {
  readonly value: Rendered | undefined
  readonly expires: number
  /** Read since it entered its segment (second chance, promotion out of probation). */
  used: boolean
}

interface Slot extends Held {
  value: Rendered | undefined
  expires: number
  readonly campaign: string
  readonly key: string
  readonly size: number
  segment: Map<Slot, true> | undefined
}

/** Default byte budget of the render cache (bodies, keys and bookkeeping, estimated). */
export const DEFAULT_CACHE_BYTES = 8 * 1024 * 1024
/** Share of the budget kept for renderings read more than once. */
const PROTECTED_SHARE = 0.8
/** Estimated bookkeeping bytes per entry besides its strings (maps, slot, rendering). */
const ENTRY_OVERHEAD = 400

/**
 * Keys missed recently, as a Bloom filter (two bits per key in 2^16; 8 KB, no allocation per
 * miss), cleared after this many misses so that it forgets: TinyLFU's doorkeeper.
 */
const DOOR_BITS = 1 << 16
const DOOR_RESET = 8192

/** FNV-1a over the key's UTF-16 units; two 16-bit halves index the filter. */
function hashOf(campaign: string, key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < campaign.length; i++) h = Math.imul(h ^ campaign.charCodeAt(i), 0x01000193)
  h = Math.imul(h ^ 0xffff, 0x01000193)
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** A doorkeeper: whether a key was missed before (since the last reset), remembering it now. */
export class Doorkeeper {
  readonly #bits = new Uint8Array(DOOR_BITS / 8)
  #added = 0

  /** True if the key was seen since the last reset; it is remembered either way. */
  seen(campaign: string, key: string): boolean {
    const h = hashOf(campaign, key)
    const a = h & (DOOR_BITS - 1)
    const b = (h >>> 16) & (DOOR_BITS - 1)
    const bits = this.#bits
    const was =
      (bits[a >> 3] as number) & (1 << (a & 7)) && (bits[b >> 3] as number) & (1 << (b & 7))
    if (was) return true
    if (++this.#added > DOOR_RESET) {
      bits.fill(0)
      this.#added = 1
    }
    bits[a >> 3] = (bits[a >> 3] as number) | (1 << (a & 7))
    bits[b >> 3] = (bits[b >> 3] as number) | (1 << (b & 7))
    return false
  }
}

/**
 * A cache of rendered bytes, grouped by campaign so that one change drops every rendering of
 * that campaign (JSON, SVG, HTML, in any month or options) at once.
 *
 * Bounded by bytes, not entries, and segmented (SLRU with second chance): a new rendering
 * enters a probation segment and moves to the protected one only when it is read again, so
 * a flood of one-off option combinations churns probation and cannot evict the renderings
 * that real readers keep asking for.
 *
 * Once the budget is full, a rendering is kept only if its key was missed before (a small
 * Bloom-filter doorkeeper): a flood of one-off URLs then renders and lets go, so its bytes die
 * young instead of being kept, outliving a scavenge and being evicted as old-generation
 * garbage, and it does not churn probation at all (docs/operations.md, Scale).
 */
export class RenderCache {
  readonly #byCampaign = new Map<string, Map<string, Slot>>()
  readonly #inflight = new Map<string, Promise<Rendered>>()
  readonly #generations = new Map<string, number>()
  readonly #holders = new WeakMap<Rendered, Slot>()
  readonly #probation = new Map<Slot, true>()
  readonly #protected = new Map<Slot, true>()
  readonly #door = new Doorkeeper()
  #bytes = 0
  #protectedBytes = 0

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
    readonly maxBytes = DEFAULT_CACHE_BYTES,
  ) {}

  /**
   * The cached rendering for (campaign, key), built by `build` on a miss (once, even if raced).
   * `expiresBy` (epoch ms) cuts the TTL short, e.g. where the key holds "the current month".
   */
  async get(
    campaign: string,
    key: string,
    build: () => Promise<Rendered>,
    expiresBy = Number.POSITIVE_INFINITY,
  ): Promise<Rendered> {
    const slot = this.#byCampaign.get(campaign)?.get(key)
    if (slot?.value && slot.expires > this.now()) {
      slot.used = true
      return slot.value
    }
    // A build joined only within one generation: after a change, readers wait for new bytes.
    const generation = this.#generation(campaign)
    const flightKey = `${campaign}\u0000${generation}\u0000${key}`
    const pending = this.#inflight.get(flightKey)
    if (pending) return pending
    const promise = build()
      .then((value) => {
        // A change that landed while building makes this rendering stale: serve it, don't keep it.
        if (this.#generation(campaign) === generation) this.#set(campaign, key, value, expiresBy)
        return value
      })
      .finally(() => this.#inflight.delete(flightKey))
    this.#inflight.set(flightKey, promise)
    return promise
  }

  /** The cache's hold on a rendering it returned, or undefined if it did not keep it. */
  holderOf(r: Rendered): Held | undefined {
    const slot = this.#holders.get(r)
    return slot?.value === r ? slot : undefined
  }

  /** The held rendering if still fresh (and marks it read), else undefined. */
  hit(held: Held): Rendered | undefined {
    const value = held.value
    if (value === undefined || held.expires <= this.now()) return undefined
    held.used = true
    return value
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.#bytes
  }

  /** Renderings held. */
  get size(): number {
    return this.#probation.size + this.#protected.size
  }

  #generation(campaign: string): number {
    return this.#generations.get(campaign) ?? 0
  }

  #set(campaign: string, key: string, value: Rendered, expiresBy: number): void {
    const size = 2 * (value.body.length + key.length + campaign.length) + ENTRY_OVERHEAD
    if (this.ttlMs <= 0 || size > this.maxBytes * (1 - PROTECTED_SHARE)) return
    const old = this.#byCampaign.get(campaign)?.get(key)
    // Full: only a key asked for before (or being rebuilt) may push something else out.
    const seen = this.#door.seen(campaign, key)
    if (!old && this.#bytes + size > this.maxBytes && !seen) return
    // A rebuild of a rendering that was being read stays where it was earned; read before the
    // drop below, which takes the slot out of its segment.
    const earned = old?.segment === this.#protected
    // Dropped first: dropping the last slot of a campaign drops its map too.
    if (old) this.#drop(old)
    let slots = this.#byCampaign.get(campaign)
    if (!slots) {
      slots = new Map()
      this.#byCampaign.set(campaign, slots)
    }
    const slot: Slot = {
      value,
      expires: Math.min(this.now() + this.ttlMs, expiresBy),
      campaign,
      key,
      size,
      used: false,
      segment: undefined,
    }
    slots.set(key, slot)
    this.#holders.set(value, slot)
    this.#enter(slot, earned ? this.#protected : this.#probation)
    this.#bytes += size
    this.#evict()
  }

  #enter(slot: Slot, segment: Map<Slot, true>): void {
    slot.segment = segment
    segment.set(slot, true)
    if (segment === this.#protected) this.#protectedBytes += slot.size
  }

  #leave(slot: Slot): void {
    if (slot.segment === this.#protected) this.#protectedBytes -= slot.size
    slot.segment?.delete(slot)
    slot.segment = undefined
  }

  /** Removes a slot from everything; holders see it empty from now on. */
  #drop(slot: Slot): void {
    this.#leave(slot)
    this.#bytes -= slot.size
    slot.value = undefined
    const slots = this.#byCampaign.get(slot.campaign)
    if (slots?.get(slot.key) === slot) {
      slots.delete(slot.key)
      if (slots.size === 0) this.#byCampaign.delete(slot.campaign)
    }
  }

  #evict(): void {
    const protectedMax = this.maxBytes * PROTECTED_SHARE
    while (this.#bytes > this.maxBytes) {
      if (this.#protectedBytes > protectedMax) {
        const oldest = first(this.#protected)
        if (!oldest) break
        this.#leave(oldest)
        // Read again since it was protected: another round there; else back to probation.
        this.#enter(oldest, oldest.used ? this.#protected : this.#probation)
        oldest.used = false
        continue
      }
      const oldest = first(this.#probation)
      if (!oldest) break
      this.#leave(oldest)
      if (oldest.used) {
        oldest.used = false
        this.#enter(oldest, this.#protected)
      } else {
        this.#drop(oldest)
      }
    }
  }

  /** Drops every rendering of a campaign. */
  invalidate(campaign: string): void {
    this.#generations.set(campaign, this.#generation(campaign) + 1)
    for (const slot of [...(this.#byCampaign.get(campaign)?.values() ?? [])]) this.#drop(slot)
  }

  clear(): void {
    for (const slot of [...this.#probation.keys(), ...this.#protected.keys()]) this.#drop(slot)
  }
}

function first(segment: Map<Slot, true>): Slot | undefined {
  for (const slot of segment.keys()) return slot
  return undefined
}
