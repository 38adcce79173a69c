import type { Change } from '../read/change-feed.js'

/**
 * PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more; batches are cut well under it
 * (slugs and months are ASCII, so characters are bytes).
 */
const MAX_PAYLOAD = 7_000

/** One relayed campaign month: `[slug]` or `[slug, month]`. */
type Item = [string] | [string, string]

/**
 * What goes on the wire: the instance that committed (so it does not hear itself) and the
 * changes. `c` as a string with `m` is the single-change form of earlier versions, still read
 * so that instances of both versions can run side by side during a rollout.
 */
interface Wire {
  o: string
  c: string | Item[]
  m?: string
}

/** The payloads that carry `changes`, each under PostgreSQL's payload limit. */
export function encodeChanges(origin: string, changes: Iterable<Change>): string[] {
  const payloads: string[] = []
  let batch: Item[] = []
  let size = 0
  const flush = () => {
    if (batch.length > 0) payloads.push(JSON.stringify({ o: origin, c: batch } satisfies Wire))
    batch = []
    size = 0
  }
  for (const change of changes) {
    const item: Item = change.month ? [change.campaign, change.month] : [change.campaign]
    const bytes = JSON.stringify(item).length + 1
    if (size + bytes > MAX_PAYLOAD - origin.length - 16) flush()
    batch.push(item)
    size += bytes
  }
  flush()
  return payloads
}

/** The changes another instance sent, or none when the payload is ours or not ours to read. */
export function decodeChanges(origin: string, payload: string): Change[] {
  let wire: Wire
  try {
    wire = JSON.parse(payload) as Wire
  } catch {
    return []
  }
  if (typeof wire !== 'object' || wire === null || wire.o === origin) return []
  if (typeof wire.c === 'string') {
    return [
      { campaign: wire.c, remote: true, ...(typeof wire.m === 'string' ? { month: wire.m } : {}) },
    ]
  }
  if (!Array.isArray(wire.c)) return []
  const out: Change[] = []
  for (const item of wire.c) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue
    out.push({
      campaign: item[0],
      remote: true,
      ...(typeof item[1] === 'string' ? { month: item[1] } : {}),
    })
  }
  return out
}

/**
 * Changes waiting to be relayed, coalesced: one entry per campaign month, however often it
 * changed while the previous NOTIFY was on its way.
 */
export class PendingChanges {
  #changes = new Map<string, Change>()

  add(change: Change): void {
    const key = `${change.campaign}\0${change.month ?? ''}`
    if (!this.#changes.has(key))
      this.#changes.set(key, {
        campaign: change.campaign,
        ...(change.month ? { month: change.month } : {}),
      })
  }

  get size(): number {
    return this.#changes.size
  }

  /** Everything pending, leaving none. */
  take(): Change[] {
    const all = [...this.#changes.values()]
    this.#changes = new Map()
    return all
  }
}
