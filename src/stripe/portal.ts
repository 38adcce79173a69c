import type Stripe from 'stripe'

/** A customer who gives (or gave) to a campaign by subscription, with those gifts. */
export interface DonorCustomer {
  customer: string
  /** The campaign's subscriptions of this customer: amount (minor units) and currency each. */
  gifts: { amount: number; currency: string }[]
}

/** Statuses of a subscription that never got paid: its customer never gave. */
const NEVER_PAID = new Set<Stripe.Subscription.Status>(['incomplete', 'incomplete_expired'])

/**
 * Whether a subscription is a recurring gift to campaign `slug` that was paid at least once
 * (pure): active, past due, paused, unpaid or ended all count, since the portal also shows
 * past invoices. A subscription without a campaign belongs to the default campaign, as the
 * ingest places it (Subscriptions.d.ts: `metadata`, `status`, `items.data[].price`).
 */
export function isCampaignGift(
  sub: Stripe.Subscription,
  campaign: { slug: string; isDefault: boolean },
): boolean {
  if (NEVER_PAID.has(sub.status)) return false
  const named = sub.metadata?.campaign
  return named ? named === campaign.slug : campaign.isDefault
}

/** The amount a subscription gives each period (its items' prices), in minor units. */
function amountOf(sub: Stripe.Subscription): number {
  return sub.items.data.reduce((sum, i) => sum + (i.price.unit_amount ?? 0) * (i.quantity ?? 1), 0)
}

/**
 * The customers with this e-mail address who give to the campaign by subscription. Looked up
 * with `GET /v1/customers?email=` (an exact, immediately consistent match; the Search API lags
 * by up to a minute and is not offered in every country), as typed and, when different, in
 * lower case (the filter is case-sensitive); then each one's subscriptions of every status.
 */
export async function findDonorCustomers(
  stripe: Stripe,
  email: string,
  campaign: { slug: string; isDefault: boolean },
  opts: Stripe.RequestOptions,
): Promise<DonorCustomer[]> {
  const request = { ...opts, maxNetworkRetries: 2 }
  const spellings = [...new Set([email, email.toLowerCase()])]
  const seen = new Map<string, Stripe.Customer>()
  for (const spelling of spellings) {
    const page = await stripe.customers.list({ email: spelling, limit: 100 }, request)
    for (const c of page.data) seen.set(c.id, c)
  }
  const found: DonorCustomer[] = []
  for (const id of seen.keys()) {
    const subs = await stripe.subscriptions.list(
      { customer: id, status: 'all', limit: 100 },
      request,
    )
    const gifts = subs.data
      .filter((s) => isCampaignGift(s, campaign))
      .map((s) => ({ amount: amountOf(s), currency: s.currency.toUpperCase() }))
    if (gifts.length > 0) found.push({ customer: id, gifts })
  }
  return found
}

/**
 * A customer portal session (`POST /v1/billing_portal/sessions`) for one customer, returning to
 * `returnUrl`; its `url` is where the donor changes the amount or card, or cancels.
 */
export async function createPortalSession(
  stripe: Stripe,
  customer: string,
  returnUrl: string,
  opts: Stripe.RequestOptions & { timeoutMs: number },
): Promise<string> {
  const { timeoutMs, ...request } = opts
  const session = await stripe.billingPortal.sessions.create(
    { customer, return_url: returnUrl },
    { ...request, timeout: timeoutMs, maxNetworkRetries: 1 },
  )
  return session.url
}
