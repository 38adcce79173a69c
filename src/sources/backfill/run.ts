import type { IncomingEvent } from '../../ingest/facts.js'
import type { Bucket, Ingest } from '../../ingest/ingest.js'
import type { ReplayResult } from '../../ingest/replay-result.js'
import { withOrigins } from '../receive.js'
import type { SourceName } from '../source.js'
import type { Listed } from './events.js'

/** What one backfill of a platform saw and did (as Stripe's and PayPal's backfills say it). */
export interface SourceBackfillResult extends ReplayResult {
  source: SourceName
}

export interface RunOptions {
  since: Date
  now: Date
  /** The campaign holding a claim such as `donorbox:12345`. */
  claimOf?: (claim: string) => Promise<string | null>
  changed?: (b: Bucket) => void
}

/**
 * Runs what a platform's API showed, oldest first, through the one ingest, as its webhook's
 * deliveries run: placed by the platform's own campaign where it names one, then the claims.
 * Facts already counted (by a webhook or an earlier run) are duplicates and change nothing.
 */
export async function runEvents(
  source: SourceName,
  listed: Listed,
  ingest: Ingest,
  o: RunOptions,
): Promise<SourceBackfillResult> {
  const { events } = listed
  const result: SourceBackfillResult = {
    source,
    since: o.since.toISOString(),
    until: o.now.toISOString(),
    seen: events.length + listed.failed.length,
    processed: 0,
    ignored: 0,
    duplicate: 0,
    parked: 0,
    failed: [...listed.failed],
  }
  const at = (e: IncomingEvent) => e.money[0]?.occurredAt ?? 0
  // Oldest money first (states, which move none, before it), a payment before its refunds.
  const order = [...events].sort(
    (a, b) => at(a) - at(b) || rank(a) - rank(b) || (a.id < b.id ? -1 : 1),
  )
  for (const e of order) {
    try {
      const r = await ingest.event(await withOrigins(e, o.claimOf))
      result[r.outcome] += 1
      for (const b of r.changed) o.changed?.(b)
    } catch (err) {
      result.failed.push({ id: e.id, type: e.type, error: (err as Error).message })
    }
  }
  return result
}

const rank = (e: IncomingEvent) => (e.money[0]?.kind === 'payment' ? 0 : e.money.length > 0 ? 1 : 2)
