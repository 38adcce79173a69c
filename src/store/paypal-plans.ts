import type { Store } from './store.js'

/**
 * PayPal ids the donate page made and reuses (schema/0019): a catalog product per campaign and a
 * billing plan per amount, currency and interval, per PayPal API origin. Of two requests that
 * create one at once, the first row stays: the other's id is never used again.
 */

export interface PlanKey {
  api: string
  campaign: string
  currency: string
  amount: number
  every: 'month' | 'year'
}

export async function paypalProduct(
  store: Store,
  api: string,
  campaign: string,
): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('paypal_products')
    .select('product_id')
    .where('api', '=', api)
    .where('campaign', '=', campaign)
    .executeTakeFirst()
  return row?.product_id
}

/** Keeps a product id unless one is kept already; answers the kept one. */
export async function keepPaypalProduct(
  store: Store,
  api: string,
  campaign: string,
  productId: string,
  now: string,
): Promise<string> {
  await store.db
    .insertInto('paypal_products')
    .values({ api, campaign, product_id: productId, created_at: now })
    .onConflict((oc) => oc.columns(['api', 'campaign']).doNothing())
    .execute()
  return (await paypalProduct(store, api, campaign)) ?? productId
}

export async function paypalPlan(store: Store, k: PlanKey): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('paypal_plans')
    .select('plan_id')
    .where('api', '=', k.api)
    .where('campaign', '=', k.campaign)
    .where('currency', '=', k.currency)
    .where('amount', '=', k.amount)
    .where('every', '=', k.every)
    .executeTakeFirst()
  return row?.plan_id
}

/** Keeps a plan id unless one is kept already for its key; answers the kept one. */
export async function keepPaypalPlan(
  store: Store,
  k: PlanKey,
  planId: string,
  now: string,
): Promise<string> {
  await store.db
    .insertInto('paypal_plans')
    .values({ ...k, plan_id: planId, created_at: now })
    .onConflict((oc) => oc.columns(['api', 'campaign', 'currency', 'amount', 'every']).doNothing())
    .execute()
  return (await paypalPlan(store, k)) ?? planId
}

/** What a plan id this service made charges (the thank-you page of a subscription). */
export async function planById(
  store: Store,
  api: string,
  planId: string,
): Promise<PlanKey | undefined> {
  const row = await store.db
    .selectFrom('paypal_plans')
    .selectAll()
    .where('api', '=', api)
    .where('plan_id', '=', planId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    api: row.api,
    campaign: row.campaign,
    currency: row.currency,
    amount: Number(row.amount),
    every: row.every === 'year' ? 'year' : 'month',
  }
}
