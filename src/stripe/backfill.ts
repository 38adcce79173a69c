import type Stripe from 'stripe'
import type { AppContext } from '../context.js'
import { ApiError } from '../errors.js'
import { processEvent } from './service.js'

/** Stripe keeps events for 30 days; older `since` values are clamped to that window. */
export const EVENT_RETENTION_S = 30 * 24 * 3600

export interface BackfillResult {
  since: string
  seen: number
  processed: number
  ignored: number
  duplicate: number
  failed: { id: string; type: string; error: string }[]
}

/**
 * Pages through `events.list` since a time and runs every event, oldest first, through the
 * same code path as the webhook. Already stored events are duplicates and change nothing.
 */
export async function backfill(ctx: AppContext, since: Date): Promise<BackfillResult> {
  if (!ctx.stripe) {
    throw new ApiError(503, 'unavailable', 'Backfill needs STRIPE_SECRET_KEY')
  }
  const floor = Math.floor(ctx.now().getTime() / 1000) - EVENT_RETENTION_S
  const gte = Math.max(floor, Math.floor(since.getTime() / 1000))
  const events: Stripe.Event[] = []
  for await (const e of ctx.stripe.events.list({ created: { gte }, limit: 100 })) events.push(e)
  events.sort((a, b) => a.created - b.created)
  const result: BackfillResult = {
    since: new Date(gte * 1000).toISOString(),
    seen: events.length,
    processed: 0,
    ignored: 0,
    duplicate: 0,
    failed: [],
  }
  for (const e of events) {
    try {
      result[await processEvent(ctx, e)] += 1
    } catch (err) {
      result.failed.push({ id: e.id, type: e.type, error: (err as Error).message })
    }
  }
  return result
}
