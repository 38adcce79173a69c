import type { CompiledQuery, QueryResult } from 'kysely'
import type { Store } from '../store/store.js'

interface Unit {
  queries: readonly CompiledQuery[]
  /** Reads run once the group has committed (see Store.atomicThenRead). */
  reads: readonly CompiledQuery[]
  resolve: (r: QueryResult<unknown>[]) => void
  reject: (e: unknown) => void
}

/** After the I/O of this loop turn. Node and PostgreSQL only: D1 writes each request alone. */
const later = (fn: () => void): void => {
  setImmediate(fn)
}

/**
 * Group commit: units submitted while one loop turn runs are written in one `store.atomic`
 * call, so many concurrent events share one commit (one WAL append, one fsync with FULL).
 * At most `lanes` groups are written at a time: units that arrive meanwhile form the next
 * group, so groups grow when commits are slow instead of many small commits waiting on each
 * other. One lane on every database: SQLite has one writer; on PostgreSQL the units of a
 * campaign's month all update its one `month_totals` row, whose lock a group holds until its
 * commit's WAL flush, so parallel groups only wait on each other and stay small (measured: four
 * lanes gave about half the events/s of one, at a fifth more CPU per event).
 * Each unit's statements are correct on their own, so running them together changes nothing;
 * if the combined unit fails, each is retried alone so one bad unit fails only itself.
 */
export class GroupCommit {
  #pending: Unit[] = []
  #writing = 0
  #scheduled = false

  constructor(
    private readonly store: Store,
    private readonly lanes = 1,
  ) {}

  /**
   * Writes a unit in the next group; `reads` (only where the store has `atomicThenRead`) run
   * after the group's commit, in its round trip, and their results follow the unit's.
   */
  atomic(
    queries: readonly CompiledQuery[],
    reads: readonly CompiledQuery[] = [],
  ): Promise<QueryResult<unknown>[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ queries, reads, resolve, reject })
      this.#schedule()
    })
  }

  /** The store's unit, with reads after its commit when any are asked for. */
  #write(queries: readonly CompiledQuery[], reads: readonly CompiledQuery[]) {
    if (reads.length === 0) return this.store.atomic(queries)
    if (!this.store.atomicThenRead) throw new Error('this store has no reads after a commit')
    return this.store.atomicThenRead(queries, reads)
  }

  /** Starts a group at the end of this loop turn, when a lane is free and units wait. */
  #schedule(): void {
    // Stryker disable next-line EqualityOperator,ConditionalExpression: lanes bound how many groups write at once (speed); every unit is written either way
    if (this.#scheduled || this.#writing >= this.lanes || this.#pending.length === 0) return
    this.#scheduled = true
    later(() => {
      this.#scheduled = false
      // Stryker disable next-line EqualityOperator,ConditionalExpression,LogicalOperator: as above, lanes are speed; an empty group writes nothing
      if (this.#writing >= this.lanes || this.#pending.length === 0) return
      const units = this.#pending
      this.#pending = []
      this.#writing++
      void this.#flush(units).finally(() => {
        this.#writing--
        this.#schedule()
      })
    })
  }

  async #flush(units: Unit[]): Promise<void> {
    if (units.length > 1) {
      try {
        const queries = units.flatMap((u) => u.queries)
        const results = await this.#write(
          queries,
          units.flatMap((u) => u.reads),
        )
        // The units' results in order, then the reads' in the same order.
        let at = 0
        let read = queries.length
        for (const u of units) {
          u.resolve([
            ...results.slice(at, at + u.queries.length),
            ...results.slice(read, read + u.reads.length),
          ])
          at += u.queries.length
          read += u.reads.length
        }
        return
      } catch {
        // fall through: run each unit alone
      }
    }
    for (const u of units) {
      await Promise.resolve()
        .then(() => this.#write(u.queries, u.reads))
        .then(u.resolve, u.reject)
    }
  }
}
