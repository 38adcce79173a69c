import type Stripe from 'stripe'
import { IngestError } from '../ingest/errors.js'
import type { Bucket, Ingest } from '../ingest/ingest.js'
import { onAccount } from './api-lookups.js'
import { toIncoming } from './incoming.js'

/** Stripe keeps events for 30 days; older `since` values are clamped to that window. */
export const EVENT_RETENTION_S = 30 * 24 * 3600

export interface BackfillResult {
  since: string
  /** The connected accounts whose events were listed besides the platform's own. */
  accounts: string[]
  seen: number
  processed: number
  ignored: number
  duplicate: number
  parked: number
  failed: { id: string; type: string; error: string }[]
}

export interface BackfillOptions {
  since: Date
  now: Date
  /** Connected accounts (`acct_…`) campaigns name: their events are listed on each account. */
  accounts?: readonly string[]
  /** Hears of every campaign month that moved. */
  changed?: (b: Bucket) => void
}

/**
 * Pages through `events.list` since a time, on the platform's own account and on each connected
 * account given (with its `Stripe-Account` header), and runs every event, oldest first, through
 * the same path as the webhook (map, ingest). Already stored events are duplicates and change
 * nothing.
 */
export async function backfill(
  stripe: Stripe | undefined,
  ingest: Ingest,
  o: BackfillOptions,
): Promise<BackfillResult> {
  if (!stripe) throw new IngestError('no_stripe_client', 'Backfill needs STRIPE_SECRET_KEY')
  const floor = Math.floor(o.now.getTime() / 1000) - EVENT_RETENTION_S
  const gte = Math.max(floor, Math.floor(o.since.getTime() / 1000))
  const accounts = [...new Set(o.accounts ?? [])]
  const result: BackfillResult = {
    since: new Date(gte * 1000).toISOString(),
    accounts,
    seen: 0,
    processed: 0,
    ignored: 0,
    duplicate: 0,
    parked: 0,
    failed: [],
  }
  const events: Stripe.Event[] = []
  for (const account of [null, ...accounts]) {
    const list = stripe.events.list({ created: { gte }, limit: 100 }, onAccount(account))
    for await (const e of list) {
      // An event listed on a connected account is that account's, as its webhook would say.
      if (account && e.account && e.account !== account) {
        const error = `Listed on connected account ${account} but names account ${e.account}`
        result.failed.push({ id: e.id, type: e.type, error })
        continue
      }
      // Stryker disable next-line ConditionalExpression,LogicalOperator: an account set to null, or to the one the event already names, is what toIncoming reads anyway (`account ?? null`)
      events.push(account && !e.account ? { ...e, account } : e)
    }
  }
  events.sort((a, b) => a.created - b.created)
  result.seen = events.length + result.failed.length
  for (const e of events) {
    try {
      const r = await ingest.event(toIncoming(e))
      result[r.outcome] += 1
      for (const b of r.changed) o.changed?.(b)
    } catch (err) {
      result.failed.push({ id: e.id, type: e.type, error: (err as Error).message })
    }
  }
  return result
}
