import type Stripe from 'stripe'
import { IngestError } from '../ingest/errors.js'
import type { Bucket, Ingest } from '../ingest/ingest.js'
import { toIncoming } from './incoming.js'

/** Stripe keeps events for 30 days; older `since` values are clamped to that window. */
export const EVENT_RETENTION_S = 30 * 24 * 3600

export interface BackfillResult {
  since: string
  seen: number
  processed: number
  ignored: number
  duplicate: number
  parked: number
  failed: { id: string; type: string; error: string }[]
}

/**
 * Pages through `events.list` since a time and runs every event, oldest first, through the
 * same path as the webhook (map, ingest). Already stored events are duplicates and change
 * nothing. `changed` hears of every campaign month that moved.
 */
export async function backfill(
  stripe: Stripe | undefined,
  ingest: Ingest,
  since: Date,
  now: Date,
  changed: (b: Bucket) => void = () => {},
): Promise<BackfillResult> {
  if (!stripe) throw new IngestError('no_stripe_client', 'Backfill needs STRIPE_SECRET_KEY')
  const floor = Math.floor(now.getTime() / 1000) - EVENT_RETENTION_S
  const gte = Math.max(floor, Math.floor(since.getTime() / 1000))
  const events: Stripe.Event[] = []
  for await (const e of stripe.events.list({ created: { gte }, limit: 100 })) events.push(e)
  events.sort((a, b) => a.created - b.created)
  const result: BackfillResult = {
    since: new Date(gte * 1000).toISOString(),
    seen: events.length,
    processed: 0,
    ignored: 0,
    duplicate: 0,
    parked: 0,
    failed: [],
  }
  for (const e of events) {
    try {
      const r = await ingest.event(toIncoming(e))
      result[r.outcome] += 1
      for (const b of r.changed) changed(b)
    } catch (err) {
      result.failed.push({ id: e.id, type: e.type, error: (err as Error).message })
    }
  }
  return result
}
