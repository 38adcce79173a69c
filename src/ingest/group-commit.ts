import type { CompiledQuery, QueryResult } from 'kysely'
import type { Store } from '../store/store.js'

interface Unit {
  queries: readonly CompiledQuery[]
  resolve: (r: QueryResult<unknown>[]) => void
  reject: (e: unknown) => void
}

const later: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0)

/**
 * Group commit: units submitted while one loop turn runs are written in one `store.atomic`
 * call, so many concurrent events share one commit (one WAL append, one fsync with FULL).
 * One group is written at a time: units that arrive while it is written form the next group,
 * so groups grow when commits are slow (PostgreSQL: a network round trip per statement, and
 * write units queue on one lock) instead of many small commits waiting on each other.
 * Each unit's statements are correct on their own, so running them together changes nothing;
 * if the combined unit fails, each is retried alone so one bad unit fails only itself.
 */
export class GroupCommit {
  #pending: Unit[] = []
  #writing = false

  constructor(private readonly store: Store) {}

  atomic(queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
    return new Promise((resolve, reject) => {
      const first = this.#pending.push({ queries, resolve, reject }) === 1
      if (first && !this.#writing) later(() => void this.#drain())
    })
  }

  async #drain(): Promise<void> {
    this.#writing = true
    try {
      while (this.#pending.length > 0) await this.#flush()
    } finally {
      this.#writing = false
    }
  }

  async #flush(): Promise<void> {
    const units = this.#pending
    this.#pending = []
    if (units.length > 1) {
      try {
        const results = await this.store.atomic(units.flatMap((u) => u.queries))
        let at = 0
        for (const u of units) {
          u.resolve(results.slice(at, at + u.queries.length))
          at += u.queries.length
        }
        return
      } catch {
        // fall through: run each unit alone
      }
    }
    for (const u of units) {
      await this.store.atomic(u.queries).then(u.resolve, u.reject)
    }
  }
}
