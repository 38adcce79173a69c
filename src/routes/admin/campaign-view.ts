import { reconciledThrough } from '../../store/reconciled-through.js'
import type { Store } from '../../store/store.js'

/**
 * Campaigns as the admin API answers them: each with the day its account's money was last
 * proved against Stripe's books (`reconciledThrough`), looked up once per account.
 */
export async function campaignViews<T extends { stripeAccount: string | null }>(
  store: Store,
  campaigns: readonly T[],
): Promise<(T & { reconciledThrough: string | null })[]> {
  const through = new Map<string | null, string | null>()
  for (const account of new Set(campaigns.map((c) => c.stripeAccount))) {
    through.set(account, await reconciledThrough(store, account))
  }
  return campaigns.map((c) => ({ ...c, reconciledThrough: through.get(c.stripeAccount) ?? null }))
}

/** One campaign as the admin API answers it. */
export async function campaignView<T extends { stripeAccount: string | null }>(
  store: Store,
  campaign: T,
): Promise<T & { reconciledThrough: string | null }> {
  return { ...campaign, reconciledThrough: await reconciledThrough(store, campaign.stripeAccount) }
}
