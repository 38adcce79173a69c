import type { Bucket, Ingest } from '../ingest/ingest.js'
import type { ReplayResult } from '../ingest/replay-result.js'
import type { PaypalApi } from './client.js'
import { toPaypalIncoming } from './incoming.js'

/** PayPal's dashboard keeps webhook events 30 days; an older `since` is clamped to that. */
export const PAYPAL_EVENT_RETENTION_MS = 30 * 24 * 3600 * 1000

export type PaypalBackfillResult = ReplayResult

/**
 * Lists PayPal's webhook events since a time and runs each, oldest first, through the same
 * path as a delivery (map, ingest). Events come from PayPal's API over its TLS with the app's
 * token, so they carry no signature to check. Stored events are duplicates and change nothing.
 */
export async function paypalBackfill(
  api: PaypalApi,
  ingest: Ingest,
  o: { since: Date; now: Date; livemode: boolean; changed?: (b: Bucket) => void },
): Promise<PaypalBackfillResult> {
  const floor = o.now.getTime() - PAYPAL_EVENT_RETENTION_MS
  const since = new Date(Math.max(floor, o.since.getTime()))
  const listed = await api.listEvents(since, o.now)
  const result: PaypalBackfillResult = {
    since: since.toISOString(),
    until: o.now.toISOString(),
    seen: listed.length,
    processed: 0,
    ignored: 0,
    duplicate: 0,
    parked: 0,
    failed: [],
  }
  const time = (e: { create_time?: string }) => Date.parse(e.create_time ?? '') || 0
  for (const e of [...listed].sort((a, b) => time(a) - time(b))) {
    try {
      const r = await ingest.event(toPaypalIncoming(e, o.livemode))
      result[r.outcome] += 1
      for (const b of r.changed) o.changed?.(b)
    } catch (err) {
      const id = typeof e.id === 'string' ? `paypal:${e.id}` : 'paypal:?'
      result.failed.push({ id, type: String(e.event_type ?? ''), error: (err as Error).message })
    }
  }
  return result
}
