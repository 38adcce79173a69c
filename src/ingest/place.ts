import { isMoveIn, ledgerKey } from '../domain/keys.js'
import { monthOf } from '../domain/months.js'
import type { CampaignRef, PaymentEntry, StoredFact } from '../store/payments.js'
import { FACT_ORDER } from './facts.js'

/** How a payment came to its campaign. */
export type CampaignSource = 'metadata' | 'facts' | 'default' | 'none' | 'moved'

/** Where a payment's money sits: its campaign (null = unattributed) and month. */
export interface Placement {
  campaign: CampaignRef | null
  month: string | null
  paymentCreated: number
  campaignSource: CampaignSource
}

/** Facts about one payment merged, first source first (a charge's metadata is the payment's). */
export interface MergedFacts {
  campaign: string | null
  donor: string | null
  chargeCreated: number | null
  /** The payment's own charge's balance transaction, once known. */
  txn: string | null
}

/**
 * The campaigns the decision may use, by slug, seen from one Stripe account: money from a
 * connected account (`acct_…`) goes only to the campaigns that name it, the platform's own
 * (`null`) only to campaigns that name none. Where money already sits (`any`) is not scoped.
 */
export class Campaigns {
  readonly #bySlug: Map<string, CampaignRef>
  readonly #account: string | null
  readonly #scoped: boolean
  /**
   * `scoped` false: money that is in no Stripe account (another provider's) may go to any
   * campaign its event names or that claims the provider; the default stays the platform's.
   */
  constructor(rows: readonly CampaignRef[], account: string | null = null, scoped = true) {
    this.#bySlug = new Map(rows.map((c) => [c.slug, c]))
    this.#account = account
    this.#scoped = scoped
  }
  #mine(c: CampaignRef): boolean {
    return !this.#scoped || c.account === this.#account
  }
  /** A campaign of this account that takes money (exists, not archived). */
  active(slug: string | null): CampaignRef | undefined {
    // Stryker disable next-line ConditionalExpression: no campaign's slug is null, so the map answers undefined too
    const c = slug === null ? undefined : this.#bySlug.get(slug)
    return c && !c.archived && this.#mine(c) ? c : undefined
  }
  /** A campaign by slug, whatever its account or state (where money already sits). */
  any(slug: string | null): CampaignRef | undefined {
    // Stryker disable next-line ConditionalExpression: no campaign's slug is null, so the map answers undefined too
    return slug === null ? undefined : this.#bySlug.get(slug)
  }
  /**
   * Where this account's money goes when nothing names a campaign of it: the campaign marked
   * default among its own; for a connected account with none marked, its oldest campaign (one
   * newsroom, one campaign needs no flag). The platform's money without a default is kept aside.
   */
  get default(): CampaignRef | undefined {
    const own = [...this.#bySlug.values()].filter((c) => c.account === this.#account && !c.archived)
    const marked = own.find((c) => c.isDefault)
    if (marked || this.#account === null) return marked
    return own.sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.slug.localeCompare(b.slug),
    )[0]
  }
  /**
   * Where a provider's money goes when its event names no campaign: the campaign that claims
   * the provider (`sources`), else the default. Stripe claims are not taken (its default stays).
   */
  fallback(provider: string): CampaignRef | undefined {
    if (provider !== 'stripe') {
      const claimed = [...this.#bySlug.values()].find(
        (c) => !c.archived && this.#mine(c) && c.sources?.includes(provider),
      )
      if (claimed) return claimed
    }
    return this.default
  }
  /** True when some campaign (archived or not) names this connected account. */
  get named(): boolean {
    return [...this.#bySlug.values()].some((c) => c.account === this.#account)
  }
}

/**
 * The objects whose facts a payment inherits, nearest first: the payment itself, then what its
 * facts link to (its invoice), then what those link to (the invoice's subscription).
 */
export function linkChain(
  paymentRef: string,
  facts: readonly { paymentRef: string; link: string | null }[],
): string[] {
  const chain = [paymentRef]
  for (let i = 0; i < chain.length && chain.length < 8; i++) {
    for (const f of facts) {
      if (f.paymentRef === chain[i] && f.link && !chain.includes(f.link)) chain.push(f.link)
    }
  }
  return chain
}

/** Every object linked to these ones, either way (the closure the ingest loads and settles). */
export function linkClosure(
  refs: readonly string[],
  facts: readonly { paymentRef: string; link: string | null }[],
): string[] {
  const all = [...refs]
  for (let i = 0; i < all.length && all.length < 64; i++) {
    for (const f of facts) {
      if (!f.link) continue
      if (f.paymentRef === all[i] && !all.includes(f.link)) all.push(f.link)
      if (f.link === all[i] && !all.includes(f.paymentRef)) all.push(f.paymentRef)
    }
  }
  return all
}

/**
 * Stored facts of a payment merged: its own first (a charge's metadata is the payment's), then
 * those of the objects it links to (its invoice, then the invoice's subscription).
 */
export function mergeFacts(paymentRef: string, facts: readonly StoredFact[]): MergedFacts {
  const chain = linkChain(paymentRef, facts)
  const all = facts
    .filter((f) => chain.includes(f.paymentRef))
    .sort(
      (a, b) =>
        chain.indexOf(a.paymentRef) - chain.indexOf(b.paymentRef) ||
        (FACT_ORDER[a.source] ?? 9) - (FACT_ORDER[b.source] ?? 9),
    )
  return {
    campaign: all.find((f) => f.campaign)?.campaign ?? null,
    donor: all.find((f) => f.donor)?.donor ?? null,
    chargeCreated:
      all.find((f) => f.paymentRef === paymentRef && f.chargeCreated !== null)?.chargeCreated ??
      null,
    txn:
      all.find((f) => f.paymentRef === paymentRef && f.balanceTransaction)?.balanceTransaction ??
      null,
  }
}

export /** Each field of a stored fact keeps its value; a later fact fills only what it lacked. */
function fillFact(old: StoredFact, next: StoredFact): StoredFact {
  return {
    paymentRef: old.paymentRef,
    source: old.source,
    campaign: old.campaign ?? next.campaign,
    donor: old.donor ?? next.donor,
    chargeCreated: old.chargeCreated ?? next.chargeCreated,
    link: old.link ?? next.link,
    balanceTransaction: old.balanceTransaction ?? next.balanceTransaction ?? null,
  }
}

/** The campaign a payment is placed in: its own metadata, else its facts, else the default. */
export function chooseCampaign(
  campaigns: Campaigns,
  own: string | null,
  facts: string | null,
  // Stryker disable next-line StringLiteral: no campaign claims '', so it falls back to the default as Stripe does
  provider = 'stripe',
): { campaign: CampaignRef | null; source: CampaignSource } {
  const mine = campaigns.active(own)
  if (mine) return { campaign: mine, source: 'metadata' }
  const told = campaigns.active(facts)
  if (told) return { campaign: told, source: 'facts' }
  const d = campaigns.fallback(provider)
  return d ? { campaign: d, source: 'default' } : { campaign: null, source: 'none' }
}

/** The placement of a new payment: campaign chosen, month from its time in that timezone. */
export function placePayment(
  campaigns: Campaigns,
  own: string | null,
  facts: MergedFacts,
  created: number,
  // Stryker disable next-line StringLiteral: no campaign claims '', so it falls back to the default as Stripe does
  provider = 'stripe',
): Placement {
  const { campaign, source } = chooseCampaign(campaigns, own, facts.campaign, provider)
  return {
    campaign,
    month: campaign ? monthOf(new Date(created * 1000), campaign.timezone) : null,
    paymentCreated: created,
    campaignSource: source,
  }
}

/** Unix seconds of the original payment an entry belongs to. */
export const paymentTime = (e: PaymentEntry): number =>
  Number(e.data.paymentCreated ?? Date.parse(e.occurredAt) / 1000)

/**
 * Where a payment landed (the entry it was moved to, else its own), or undefined when it has not
 * arrived: money that refers to it is then parked.
 */
export function landed(
  campaigns: Campaigns,
  entries: readonly PaymentEntry[],
  paymentRef: string,
): Placement | undefined {
  const key = ledgerKey.payment(paymentRef)
  const entry =
    entries.find((e) => e.entryKey === ledgerKey.moveIn(key)) ??
    entries.find((e) => e.entryKey === key)
  if (!entry) return undefined
  return {
    campaign: campaigns.any(entry.campaign) ?? null,
    month: entry.month,
    paymentCreated: paymentTime(entry),
    campaignSource: isMoveIn(entry.entryKey)
      ? 'moved'
      : ((entry.data.campaignSource as CampaignSource | undefined) ?? 'none'),
  }
}
