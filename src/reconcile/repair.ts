import type { CompiledQuery } from 'kysely'
import type Stripe from 'stripe'
import type { Bucket, Ingest } from '../ingest/ingest.js'
import {
  repairedQuery,
  runDiscrepancies,
  type StoredDiscrepancy,
} from '../store/reconciliations.js'
import type { Store } from '../store/store.js'
import { onAccount } from '../stripe/api-lookups.js'
import { PINNED_API_VERSION } from '../stripe/api-version.js'
import { toIncoming } from '../stripe/incoming.js'
import { REPAIRABLE } from './classify.js'

export interface RepairResult {
  repaired: { seq: number; code: string; object: string | null; outcome: string }[]
  failed: { seq: number; code: string; object: string | null; error: string }[]
}

/**
 * The event Stripe would have sent for an object the ledger missed, built from the object as
 * Stripe's API returns it now: its id is fixed by the object, so a second repair is a duplicate
 * event, and the money's natural keys make it count once anyway.
 */
function eventFor(type: string, object: { id: string; created: number }, account: string | null) {
  return {
    id: `evt_repair_${object.id}`,
    object: 'event',
    api_version: PINNED_API_VERSION,
    created: object.created,
    data: { object },
    livemode: false,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    type,
    ...(account ? { account } : {}),
  } as unknown as Stripe.Event
}

/** Fetches the object a discrepancy names and the event types that carry its money. */
async function eventsOf(
  stripe: Stripe,
  d: StoredDiscrepancy,
  account: string | null,
  livemode: boolean,
): Promise<Stripe.Event[]> {
  const id = d.object ?? ''
  const opts = onAccount(account)
  const live = (e: Stripe.Event) => ({ ...e, livemode })
  if (d.code === 'MISSING_IN_LEDGER') {
    const ch = await stripe.charges.retrieve(id, {}, opts)
    const pi = typeof ch.payment_intent === 'string' ? ch.payment_intent : ch.payment_intent?.id
    if (!pi) return [live(eventFor('charge.succeeded', ch, account))]
    const intent = await stripe.paymentIntents.retrieve(pi, {}, opts)
    return [
      live(eventFor('payment_intent.succeeded', intent, account)),
      live({ ...eventFor('charge.succeeded', ch, account), id: `evt_repair_${ch.id}` }),
    ]
  }
  if (d.code === 'REFUND_NOT_RECORDED') {
    return [live(eventFor('refund.created', await stripe.refunds.retrieve(id, {}, opts), account))]
  }
  const dp = await stripe.disputes.retrieve(id, {}, opts)
  return [live(eventFor('charge.dispute.funds_withdrawn', dp, account))]
}

/**
 * Closes a run's open missing-money differences: each object fetched from Stripe and run through
 * the normal ingest as if its webhook had come, then marked repaired, with `audit` in the same
 * unit. Idempotent: repaired differences are skipped, and a repeated event changes nothing.
 */
export async function repairRun(
  deps: { store: Store; stripe: Stripe; ingest: Ingest; now: () => Date; livemode: boolean },
  run: { id: string; account: string | null },
  audit: (d: StoredDiscrepancy, outcome: string) => CompiledQuery,
  changed: (b: Bucket) => void,
): Promise<RepairResult> {
  const result: RepairResult = { repaired: [], failed: [] }
  const open = (await runDiscrepancies(deps.store, run.id)).filter(
    (d) => d.repairedAt === null && REPAIRABLE.includes(d.code),
  )
  for (const d of open) {
    try {
      let outcome = 'duplicate'
      for (const e of await eventsOf(deps.stripe, d, run.account, deps.livemode)) {
        const r = await deps.ingest.event(toIncoming(e))
        if (r.outcome !== 'duplicate') outcome = r.outcome
        for (const b of r.changed) changed(b)
      }
      await deps.store.atomic([
        repairedQuery(deps.store, run.id, d.seq, deps.now().toISOString()),
        audit(d, outcome),
      ])
      result.repaired.push({ seq: d.seq, code: d.code, object: d.object, outcome })
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      result.failed.push({ seq: d.seq, code: d.code, object: d.object, error })
    }
  }
  return result
}
