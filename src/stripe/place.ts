import type { AppContext } from '../context.js'
import { monthOf } from '../domain/months.js'
import { type Campaign, getCampaign, getDefaultCampaign } from '../store/campaigns.js'
import { getEntryByKey } from '../store/ledger.js'
import type { DonorHint, MoneyEffect, PaymentFact } from './map.js'

/** The payment has not been seen and its time cannot be known yet: answer 5xx, Stripe retries. */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RetryLater'
  }
}

/** Where a payment's money sits now: its campaign (null = unattributed) and month. */
export interface Placement {
  campaign: Campaign | null
  month: string | null
  paymentCreated: number
  campaignSource: 'metadata' | 'facts' | 'default' | 'none' | 'moved'
}

/**
 * Facts about one payment merged. The charge comes first: its metadata is a copy of the
 * PaymentIntent's own, which is what the payment itself will be attributed by.
 */
export interface MergedFacts {
  campaign: string | null
  donor: DonorHint | null
  chargeCreated: number | null
}

const ORDER = { charge: 0, checkout: 1, invoice: 2 } as const

/** Stored facts for a payment plus those this event brings. */
export async function loadFacts(
  ctx: AppContext,
  paymentRef: string,
  fresh: PaymentFact[],
): Promise<MergedFacts> {
  const rows = await ctx.store.db
    .selectFrom('stripe_payment_facts')
    .selectAll()
    .where('payment_ref', '=', paymentRef)
    .execute()
  const all = [
    ...fresh.filter((f) => f.paymentRef === paymentRef),
    ...rows.map((r) => ({
      source: r.source as PaymentFact['source'],
      campaign: r.campaign,
      donor: r.donor ? (JSON.parse(r.donor) as DonorHint) : null,
      chargeCreated: r.charge_created === null ? null : Number(r.charge_created),
    })),
  ].sort((a, b) => ORDER[a.source] - ORDER[b.source])
  return {
    campaign: all.find((f) => f.campaign)?.campaign ?? null,
    donor: all.find((f) => f.donor)?.donor ?? null,
    chargeCreated: all.find((f) => f.chargeCreated !== null)?.chargeCreated ?? null,
  }
}

/** A known, active campaign by slug, else the default one, else null (unattributed). */
export async function chooseCampaign(
  ctx: AppContext,
  own: string | null,
  facts: string | null,
): Promise<{ campaign: Campaign | null; source: Placement['campaignSource'] }> {
  for (const [slug, source] of [
    [own, 'metadata'],
    [facts, 'facts'],
  ] as const) {
    if (slug === null) continue
    const c = await getCampaign(ctx.store, slug)
    if (c && !c.archived) return { campaign: c, source }
  }
  const d = await getDefaultCampaign(ctx.store)
  return d ? { campaign: d, source: 'default' } : { campaign: null, source: 'none' }
}

/** Where the payment entry (or the entry it was moved to) put this payment, if it landed. */
export async function landedPlacement(
  ctx: AppContext,
  paymentRef: string,
): Promise<Placement | undefined> {
  const key = `stripe:payment:${paymentRef}`
  const entry =
    (await getEntryByKey(ctx.store, `move:${key}:in`)) ?? (await getEntryByKey(ctx.store, key))
  if (!entry) return undefined
  const data = entry.data ? (JSON.parse(entry.data) as Record<string, unknown>) : {}
  const campaign = entry.campaign ? ((await getCampaign(ctx.store, entry.campaign)) ?? null) : null
  return {
    campaign,
    month: entry.month,
    paymentCreated: Number(data.paymentCreated ?? Date.parse(entry.occurred_at) / 1000),
    campaignSource: entry.entry_key.startsWith('move:')
      ? 'moved'
      : ((data.campaignSource as Placement['campaignSource']) ?? 'none'),
  }
}

/** Unix seconds of the original payment from Stripe's API, when a client is configured. */
async function fetchPaymentCreated(ctx: AppContext, paymentRef: string): Promise<number | null> {
  if (!ctx.stripe) return null
  const obj = paymentRef.startsWith('pi_')
    ? await ctx.stripe.paymentIntents.retrieve(paymentRef)
    : await ctx.stripe.charges.retrieve(paymentRef)
  return obj.created
}

/** Campaign and month of a money effect: the payment's own, whatever order events came in. */
export async function place(
  ctx: AppContext,
  effect: MoneyEffect,
  facts: MergedFacts,
): Promise<Placement> {
  if (effect.kind !== 'payment') {
    const landed = await landedPlacement(ctx, effect.paymentRef)
    if (landed) return landed
  }
  const created =
    effect.paymentCreated ??
    facts.chargeCreated ??
    (await fetchPaymentCreated(ctx, effect.paymentRef))
  if (created === null) {
    throw new RetryLater(`payment ${effect.paymentRef} not seen yet; its month is unknown`)
  }
  const { campaign, source } = await chooseCampaign(ctx, effect.campaign, facts.campaign)
  return {
    campaign,
    month: campaign ? monthOf(new Date(created * 1000), campaign.timezone) : null,
    paymentCreated: created,
    campaignSource: source,
  }
}

/** Stable donor id: the customer, else a SHA-256 of the lower-cased email (never the email). */
export async function donorId(hint: DonorHint | null): Promise<string | null> {
  if (!hint) return null
  if (hint.customer) return hint.customer
  if (!hint.email) return null
  const bytes = new TextEncoder().encode(hint.email.trim().toLowerCase())
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return `email:${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`
}
