import { Doorkeeper } from './render-cache.js'

/**
 * A small cache of at most `max` entries, least recently used out first, that admits a new
 * key once full only if it was missed before (the render cache's doorkeeper, TinyLFU's idea):
 * a flood of one-off keys is computed and let go, and cannot evict what is asked for again.
 */
export class AdmittedCache<V> {
  readonly #entries = new Map<string, V>()
  readonly #door = new Doorkeeper()

  constructor(readonly max: number) {}

  get size(): number {
    return this.#entries.size
  }

  /** The entry, now the most recently used. */
  get(key: string): V | undefined {
    const v = this.#entries.get(key)
    if (v !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, v)
    }
    return v
  }

  /** Keeps `value` while there is room, else only for a key missed before; false if not kept. */
  offer(key: string, value: V): boolean {
    const seen = this.#door.seen('', key)
    if (this.#entries.size >= this.max) {
      if (!seen) return false
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, value)
    return true
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }
}
