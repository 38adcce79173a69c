/** What changed: a campaign's month (its ledger, goal or label), or the campaign itself. */
export interface Change {
  campaign: string
  month?: string
  /** Committed by another instance and relayed here (never relayed on again). */
  remote?: true
}

type Listener = (change: Change) => void

/**
 * In-process change notifications: the render cache drops bytes and live streams push a new
 * progress object. Each instance has its own; on PostgreSQL, src/node/pg-changes.ts relays
 * them between instances (LISTEN/NOTIFY); elsewhere other instances catch up through the
 * cache TTL and the streams' heartbeat.
 */
export class ChangeFeed {
  readonly #listeners = new Set<Listener>()

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  emit(change: Change): void {
    for (const l of this.#listeners) {
      try {
        l(change)
      } catch (err) {
        console.error(
          JSON.stringify({ level: 'error', msg: 'change listener failed', error: String(err) }),
        )
      }
    }
  }

  get size(): number {
    return this.#listeners.size
  }
}
