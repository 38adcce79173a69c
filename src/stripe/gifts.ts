import type Stripe from 'stripe'
import { isCampaignGift } from './portal.js'

/**
 * A donor's active monthly or yearly gift to a campaign, as the manage page shows and changes
 * it: one subscription of one item whose price recurs every month or every year.
 */
export interface ManagedGift {
  /** The subscription (`sub_…`). */
  id: string
  /** Its one item (`si_…`): the item a new amount replaces the price of. */
  item: string
  /** The item's price now (`price_…`): each change makes a new one. */
  price: string
  /** The product of the item's price: the new price is made under it. */
  product: string
  /** Lower case, as Stripe writes it. */
  currency: string
  interval: 'month' | 'year'
  /** Minor units each period. */
  amount: number
}

/**
 * The gift a subscription is, when the page can change it (pure): one item, a price recurring
 * once a month or once a year with a whole unit amount (Subscriptions.d.ts `items.data[]`,
 * Prices.d.ts `product`, `recurring`, `unit_amount`). Others are left to the portal.
 */
export function managedGift(sub: Stripe.Subscription): ManagedGift | null {
  const [item, ...more] = sub.items.data
  if (!item || more.length > 0) return null
  const price = item.price
  const recurring = price.recurring
  if (recurring?.interval_count !== 1) return null
  const interval =
    recurring.interval === 'month' ? 'month' : recurring.interval === 'year' ? 'year' : null
  if (!interval) return null
  if (price.unit_amount === null || (item.quantity ?? 1) !== 1) return null
  const product = typeof price.product === 'string' ? price.product : price.product.id
  return {
    id: sub.id,
    item: item.id,
    price: price.id,
    product,
    currency: price.currency,
    interval,
    amount: price.unit_amount,
  }
}

/**
 * The customer's active gifts to the campaign that the page can change: `GET /v1/subscriptions`
 * with `customer` and `status=active`, on the campaign's account (`opts`, Stripe Connect).
 */
export async function listCampaignGifts(
  stripe: Stripe,
  customer: string,
  campaign: { slug: string; isDefault: boolean },
  opts: Stripe.RequestOptions & { timeoutMs: number },
): Promise<ManagedGift[]> {
  const { timeoutMs, ...request } = opts
  const subs = await stripe.subscriptions.list(
    { customer, status: 'active', limit: 100 },
    { ...request, timeout: timeoutMs, maxNetworkRetries: 2 },
  )
  return subs.data
    .filter((s) => s.customer === customer && isCampaignGift(s, campaign))
    .map(managedGift)
    .filter((g): g is ManagedGift => g !== null)
}

/**
 * A new amount for a gift from its next renewal on: `POST /v1/subscriptions/:id` replacing the
 * item's price with an inline one (`items[0][id]`, `items[0][price_data]` of the same product,
 * currency and interval) and `proration_behavior=none`, so nothing is charged or credited for
 * the period already paid (SubscriptionUpdateParams in Subscriptions.d.ts). Stripe answers
 * with `customer.subscription.updated`, which the ingest reads as for any other change.
 */
export async function changeGiftAmount(
  stripe: Stripe,
  gift: ManagedGift,
  amount: number,
  opts: Stripe.RequestOptions & { timeoutMs: number; idempotencyKey: string },
): Promise<ManagedGift | null> {
  const { timeoutMs, ...request } = opts
  const sub = await stripe.subscriptions.update(
    gift.id,
    {
      items: [
        {
          id: gift.item,
          price_data: {
            currency: gift.currency,
            product: gift.product,
            unit_amount: amount,
            recurring: { interval: gift.interval },
          },
        },
      ],
      proration_behavior: 'none',
    },
    { ...request, timeout: timeoutMs, maxNetworkRetries: 1 },
  )
  return managedGift(sub)
}
