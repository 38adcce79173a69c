import type Stripe from 'stripe'
import type { AppContext } from '../context.js'
import { getCampaign } from '../store/campaigns.js'
import { moveQueries } from './moves.js'
import { loadFacts } from './place.js'

/**
 * Settles the campaign of payments after an event committed, on databases where other
 * processes write at the same time without an exclusive section (D1: many isolates, no lock).
 *
 * A Checkout Session naming a campaign and its bare PaymentIntent, processed at the same instant
 * by two isolates, can each decide from the state before the other committed: the payment lands
 * in the default campaign and the session finds no payment to move. D1 commits one batch at a
 * time, so whichever of the two commits last runs this afterwards and sees both: the payment is
 * then moved exactly as the session's event would have moved it (same rule, same natural keys,
 * so two isolates settling at once still move it once).
 */
export async function settleAttribution(
  ctx: AppContext,
  event: Stripe.Event,
  paymentRefs: readonly string[],
): Promise<void> {
  for (const ref of new Set(paymentRefs)) {
    const payment = await ctx.store.db
      .selectFrom('ledger_entries')
      .select(['campaign', 'data'])
      .where('entry_key', '=', `stripe:payment:${ref}`)
      .executeTakeFirst()
    if (!payment) continue
    const source = payment.data
      ? (JSON.parse(payment.data) as { campaignSource?: string }).campaignSource
      : undefined
    if (source === 'metadata') continue
    const facts = await loadFacts(ctx, ref, [])
    if (!facts.campaign || facts.campaign === payment.campaign) continue
    const target = await getCampaign(ctx.store, facts.campaign)
    if (!target || target.archived) continue
    const { queries, moved, oldBuckets } = await moveQueries(
      ctx,
      ref,
      target,
      null,
      `${event.type} names campaign ${target.slug} (settled after a concurrent delivery)`,
      event.id,
    )
    if (queries.length === 0) continue
    await ctx.store.atomic(queries)
    for (const m of [...moved, ...oldBuckets]) ctx.changed(m.campaign, m.month)
  }
}
