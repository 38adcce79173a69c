import type { CompiledQuery } from 'kysely'
import type Stripe from 'stripe'
import type { AppContext } from '../context.js'
import { ApiError } from '../errors.js'
import { getCampaign } from '../store/campaigns.js'
import { appendEntryQueries } from '../store/ledger.js'
import { type DonorHint, type Mapped, type MoneyEffect, mapEvent } from './map.js'
import { moveQueries } from './moves.js'
import { donorId, loadFacts, type MergedFacts, type Placement, place } from './place.js'
import { GroupCommit, KeyedSerializer } from './serialize.js'
import { settleAttribution } from './settle.js'

export type EventOutcome = 'processed' | 'ignored' | 'duplicate'

/** Per-app webhook machinery: kept beside the context, not in module globals of state. */
const machinery = new WeakMap<AppContext, { serial: KeyedSerializer; commit: GroupCommit }>()
function machineryOf(ctx: AppContext) {
  let m = machinery.get(ctx)
  if (!m) {
    m = { serial: new KeyedSerializer(), commit: new GroupCommit(ctx.store) }
    machinery.set(ctx, m)
  }
  return m
}

/** Amount in the campaign's currency from the balance transaction, when Stripe can tell us. */
async function convert(
  ctx: AppContext,
  effect: MoneyEffect,
  currency: string,
): Promise<{ amount: number; currency: string } | undefined> {
  if (!ctx.stripe) return undefined
  let txn = effect.balanceTransaction
  if (!txn && typeof effect.data.latestCharge === 'string') {
    const ch = await ctx.stripe.charges.retrieve(effect.data.latestCharge)
    txn =
      typeof ch.balance_transaction === 'string'
        ? ch.balance_transaction
        : (ch.balance_transaction?.id ?? null)
  }
  if (!txn) return undefined
  const bt = await ctx.stripe.balanceTransactions.retrieve(txn)
  if (bt.currency.toUpperCase() !== currency) return undefined
  return { amount: Math.sign(effect.amount) * Math.abs(bt.amount), currency }
}

async function entryQueries(
  ctx: AppContext,
  event: Stripe.Event,
  effect: MoneyEffect,
  facts: MergedFacts,
  touched: Set<string>,
): Promise<{ queries: CompiledQuery[]; placement: Placement }> {
  const p: Placement = await place(ctx, effect, facts)
  let { amount, currency } = effect
  let counted = p.campaign !== null
  let note: string | null = p.campaign ? null : 'unattributed'
  const data: Record<string, unknown> = {
    ...effect.data,
    paymentCreated: p.paymentCreated,
    campaignSource: p.campaignSource,
  }
  if (p.campaign && currency !== p.campaign.currency) {
    const converted = await convert(ctx, effect, p.campaign.currency)
    if (converted) {
      data.original = { amount, currency }
      ;({ amount, currency } = converted)
    } else {
      counted = false
      note = `currency ${currency} kept aside (campaign counts ${p.campaign.currency})`
    }
  }
  if (p.campaign && p.month) touched.add(`${p.campaign.slug}\u0000${p.month}`)
  const donor = effect.kind === 'payment' ? await donorId(effect.donor ?? facts.donor) : null
  const queries = appendEntryQueries(
    ctx.store,
    {
      entryKey: effect.entryKey,
      campaign: p.campaign?.slug ?? null,
      month: p.month,
      kind: effect.kind,
      amount,
      currency,
      counted,
      donation: effect.kind === 'payment' ? 1 : 0,
      donor,
      source: 'stripe',
      sourceId: effect.sourceId,
      paymentRef: effect.paymentRef,
      note,
      actor: null,
      eventId: event.id,
      data,
      occurredAt: new Date(effect.occurredAt * 1000).toISOString(),
    },
    crypto.randomUUID(),
    ctx.now().toISOString(),
  )
  return { queries, placement: p }
}

/**
 * Refunds or disputes that landed before their payment, in a bucket the payment did not take
 * (an enrichment arrived in between), follow the payment: same move as an enrichment.
 */
async function followPayment(
  ctx: AppContext,
  event: Stripe.Event,
  effect: MoneyEffect,
  p: Placement,
  touched: Set<string>,
): Promise<CompiledQuery[]> {
  if (effect.kind !== 'payment' || !p.campaign) return []
  const { queries, moved, oldBuckets } = await moveQueries(
    ctx,
    effect.paymentRef,
    p.campaign,
    null,
    'follows its payment',
    event.id,
  )
  for (const m of [...moved, ...oldBuckets]) touched.add(`${m.campaign}\u0000${m.month}`)
  return queries
}

/** An enriching fact naming a campaign moves a payment that landed by default or unattributed. */
async function enrichmentMoves(
  ctx: AppContext,
  event: Stripe.Event,
  paymentRef: string,
  slug: string | null,
  touched: Set<string>,
): Promise<CompiledQuery[]> {
  if (!slug) return []
  const target = await getCampaign(ctx.store, slug)
  if (!target || target.archived) return []
  const payment = await ctx.store.db
    .selectFrom('ledger_entries')
    .select(['campaign', 'data'])
    .where('entry_key', '=', `stripe:payment:${paymentRef}`)
    .executeTakeFirst()
  if (!payment || payment.campaign === slug) return []
  const source = payment.data
    ? (JSON.parse(payment.data) as { campaignSource?: string }).campaignSource
    : undefined
  if (source === 'metadata') return []
  const { queries, moved, oldBuckets } = await moveQueries(
    ctx,
    paymentRef,
    target,
    null,
    `${event.type} names campaign ${slug}`,
    event.id,
  )
  for (const m of [...moved, ...oldBuckets]) touched.add(`${m.campaign}\u0000${m.month}`)
  return queries
}

/** Upserts the event row; a failed one may later become processed, never the reverse. */
export function eventRowQuery(
  ctx: AppContext,
  event: Stripe.Event,
  status: 'processed' | 'ignored' | 'failed',
  error: string | null,
): CompiledQuery {
  const now = ctx.now().toISOString()
  return ctx.store.db
    .insertInto('webhook_events')
    .values({
      id: event.id,
      type: event.type,
      created: event.created,
      livemode: event.livemode ? 1 : 0,
      payload: JSON.stringify(event),
      status,
      error,
      attempts: 1,
      received_at: now,
      processed_at: now,
    })
    .onConflict((oc) => {
      const update = oc.column('id').doUpdateSet((eb) => ({
        status,
        error,
        attempts: eb('webhook_events.attempts', '+', 1),
        processed_at: now,
      }))
      return status === 'failed' ? update.where('webhook_events.status', '=', 'failed') : update
    })
    .compile()
}

/**
 * Runs one verified event: its ledger effects, its facts and its own row, in one atomic unit.
 * A stored processed/ignored event is a no-op (unless `replay`). Throws on failure, after
 * recording the event as failed so admins see it and Stripe's retry can finish it.
 */
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const strOrNull = (v: unknown) => v === null || typeof v === 'string'
const intOrNull = (v: unknown) => v === null || Number.isSafeInteger(v)
const donorOk = (d: DonorHint | null) =>
  d === null || (typeof d === 'object' && strOrNull(d.customer) && strOrNull(d.email))

/**
 * `mapEvent`, checked: a signed body whose object lacks the fields its type promises (only
 * possible with a leaked secret or a bug upstream) is a 400 that changes nothing, not a 500
 * that Stripe would retry forever or a NaN in the ledger.
 */
export function mapChecked(event: Stripe.Event): Mapped {
  let mapped: Mapped
  try {
    mapped = mapEvent(event)
  } catch {
    mapped = { money: [{} as MoneyEffect], facts: [] }
  }
  const moneyOk = mapped.money.every(
    (m) =>
      str(m.entryKey) &&
      str(m.paymentRef) &&
      str(m.sourceId) &&
      Number.isSafeInteger(m.amount) &&
      typeof m.currency === 'string' &&
      /^[A-Z]{3}$/.test(m.currency) &&
      Number.isSafeInteger(m.occurredAt) &&
      intOrNull(m.paymentCreated) &&
      strOrNull(m.campaign) &&
      strOrNull(m.balanceTransaction) &&
      donorOk(m.donor),
  )
  const factsOk = mapped.facts.every(
    (f) =>
      str(f.paymentRef) && strOrNull(f.campaign) && intOrNull(f.chargeCreated) && donorOk(f.donor),
  )
  if (!moneyOk || !factsOk) {
    throw new ApiError(
      400,
      'invalid_payload',
      `Signed event ${event.id} does not have the shape of a ${event.type} event`,
    )
  }
  return mapped
}

export interface ProcessOptions {
  /** Run even if the event is stored as processed or ignored (admin replay). */
  replay?: boolean
  /** Statements committed with the event's effect, given its status (the audit record). */
  also?: (status: 'processed' | 'ignored') => CompiledQuery[]
}

export async function processEvent(
  ctx: AppContext,
  event: Stripe.Event,
  opts: ProcessOptions = {},
): Promise<EventOutcome> {
  const { money, facts } = mapChecked(event)
  const refs = [...money.map((m) => m.paymentRef), ...facts.map((f) => f.paymentRef)]
  const keys = new Set([event.id, ...refs])
  const m = machineryOf(ctx)
  const locked = async () => {
    const outcome = await processLocked(ctx, m.commit, event, opts)
    // A duplicate settles too, so Stripe's retry after a failed settle still completes it.
    if (ctx.store.concurrentWriters && outcome !== 'ignored') {
      await settleAttribution(ctx, event, refs)
    }
    return outcome
  }
  // In this process first, then across processes sharing the database (PostgreSQL).
  const exclusive = ctx.store.exclusive?.bind(ctx.store)
  return m.serial.run([...keys], () =>
    exclusive
      ? exclusive(
          [...keys].map((k) => `stripe:${k}`),
          locked,
        )
      : locked(),
  )
}

async function processLocked(
  ctx: AppContext,
  commit: GroupCommit,
  event: Stripe.Event,
  opts: ProcessOptions,
): Promise<EventOutcome> {
  if (!opts.replay) {
    const seen = await ctx.store.db
      .selectFrom('webhook_events')
      .select('status')
      .where('id', '=', event.id)
      .executeTakeFirst()
    if (seen && seen.status !== 'failed') return 'duplicate'
  }
  try {
    const touched = new Set<string>()
    const queries: CompiledQuery[] = []
    let status: 'processed' | 'ignored' = 'ignored'
    let error: string | null = null
    const live = ctx.config.stripeLivemode
    if (live !== undefined && event.livemode !== live) {
      error = `livemode ${event.livemode} event ignored by a ${live ? 'live' : 'test'} deployment`
    } else {
      const { money, facts } = mapChecked(event)
      const now = ctx.now().toISOString()
      for (const f of facts) {
        queries.push(
          ctx.store.db
            .insertInto('stripe_payment_facts')
            .values({
              payment_ref: f.paymentRef,
              source: f.source,
              campaign: f.campaign,
              donor: f.donor ? JSON.stringify(f.donor) : null,
              charge_created: f.chargeCreated,
              recorded_at: now,
            })
            .onConflict((oc) => oc.columns(['payment_ref', 'source']).doNothing())
            .compile(),
        )
        if (f.source !== 'charge') {
          queries.push(...(await enrichmentMoves(ctx, event, f.paymentRef, f.campaign, touched)))
        }
      }
      for (const m of money) {
        const merged = await loadFacts(ctx, m.paymentRef, facts)
        const { queries: own, placement } = await entryQueries(ctx, event, m, merged, touched)
        queries.push(...own, ...(await followPayment(ctx, event, m, placement, touched)))
      }
      if (money.length + facts.length > 0) status = 'processed'
    }
    queries.push(eventRowQuery(ctx, event, status, error), ...(opts.also?.(status) ?? []))
    await commit.atomic(queries)
    for (const t of touched) {
      const [campaign, month] = t.split('\u0000') as [string, string]
      ctx.changed(campaign, month)
    }
    return status
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    await ctx.store.atomic([eventRowQuery(ctx, event, 'failed', message)]).catch(() => undefined)
    throw err
  }
}
