import type Stripe from 'stripe'
import type { BookedTxn } from '../reconcile/classify.js'
import { onAccount } from './api-lookups.js'

/** What a reconciliation lists: one payout's transactions, or those created in a time range. */
export type ListScope = { payout: string } | { from: number; to: number }

export interface ListOptions {
  account: string | null
  /** Transactions per page (Stripe allows up to 100). */
  pageSize?: number
  /** Retries of a page Stripe answers 429 (rate limited) to, with doubling waits from `waitMs`. */
  retries?: number
  waitMs?: number
}

const idOf = (v: unknown): string | null =>
  typeof v === 'string' ? v : v && typeof v === 'object' && 'id' in v ? String(v.id) : null

/** A Stripe balance transaction as the reconciliation reads it (pure). */
export function bookedTxn(bt: Stripe.BalanceTransaction): BookedTxn {
  const src = bt.source
  let source: BookedTxn['source'] = null
  if (typeof src === 'string') {
    source = {
      id: src,
      object: objectOfId(src),
      paymentIntent: null,
      charge: null,
      created: null,
    }
  } else if (src && typeof src === 'object') {
    const o = src as unknown as Record<string, unknown>
    const object = typeof o.object === 'string' ? o.object : objectOfId(String(o.id))
    source = {
      id: String(o.id),
      object,
      paymentIntent: idOf(o.payment_intent),
      charge: object === 'charge' ? null : idOf(o.charge),
      created: object === 'charge' && typeof o.created === 'number' ? o.created : null,
    }
  }
  return {
    id: bt.id,
    type: bt.type,
    reportingCategory: bt.reporting_category,
    amount: bt.amount,
    fee: bt.fee,
    net: bt.net,
    currency: bt.currency.toUpperCase(),
    status: bt.status,
    created: bt.created,
    source,
  }
}

/** The kind of object an id names, by Stripe's prefixes. */
function objectOfId(id: string): string {
  const prefix = id.split('_')[0]
  const kinds: Record<string, string> = {
    ch: 'charge',
    py: 'charge',
    re: 'refund',
    pyr: 'refund',
    dp: 'dispute',
    du: 'dispute',
    po: 'payout',
    tr: 'transfer',
  }
  return kinds[prefix ?? ''] ?? 'other'
}

const rateLimited = (err: unknown) => {
  const e = err as { statusCode?: unknown; type?: unknown } | null
  return e?.statusCode === 429 || e?.type === 'StripeRateLimitError'
}

/**
 * Stripe's balance transactions of a scope, one page at a time (`starting_after`), each source
 * expanded (`expand[]=data.source`): memory holds one page, whatever the payout's size. A page
 * answered 429 is asked again after a wait that doubles each time.
 */
export async function* balancePages(
  stripe: Stripe,
  scope: ListScope,
  o: ListOptions,
): AsyncGenerator<BookedTxn[]> {
  const base: Stripe.BalanceTransactionListParams = {
    limit: o.pageSize ?? 100,
    expand: ['data.source'],
    ...('payout' in scope
      ? { payout: scope.payout }
      : { created: { gte: scope.from, lt: scope.to } }),
  }
  let after: string | undefined
  for (;;) {
    const params = after ? { ...base, starting_after: after } : base
    const page = await withRetry(
      () => stripe.balanceTransactions.list(params, onAccount(o.account)),
      o.retries ?? 5,
      o.waitMs ?? 500,
    )
    if (page.data.length > 0) yield page.data.map(bookedTxn)
    const last = page.data.at(-1)
    if (!page.has_more || !last) return
    after = last.id
  }
}

async function withRetry<T>(call: () => Promise<T>, retries: number, waitMs: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (err) {
      if (!rateLimited(err) || attempt >= retries) throw err
      await new Promise((r) => setTimeout(r, waitMs * 2 ** attempt))
    }
  }
}

/**
 * The creation times of the charges refunds and disputes reverse (the month their money counts
 * in), one lookup each; a charge Stripe no longer has is left out.
 */
export async function chargeTimes(
  stripe: Stripe,
  charges: readonly string[],
  account: string | null,
): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (const id of new Set(charges)) {
    try {
      const ch = await withRetry(() => stripe.charges.retrieve(id, {}, onAccount(account)), 5, 500)
      out.set(id, ch.created)
    } catch (err) {
      if ((err as { code?: unknown } | null)?.code !== 'resource_missing') throw err
    }
  }
  return out
}

/** A payout as the report shows it. */
export async function payoutOf(stripe: Stripe, id: string, account: string | null) {
  const po = await withRetry(() => stripe.payouts.retrieve(id, {}, onAccount(account)), 5, 500)
  return {
    id: po.id,
    amount: po.amount,
    currency: po.currency.toUpperCase(),
    arrivalDate: new Date(po.arrival_date * 1000).toISOString(),
  }
}
