import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { balancePages, bookedTxn, chargeTimes, payoutOf } from '../../src/stripe/balance-list.js'

/**
 * src/stripe/balance-list.ts: what the reconciliation reads of Stripe's balance transactions
 * (BalanceTransactions.d.ts: `source` an id or the expanded object), how it pages and retries.
 */

const bt = (source: unknown, over: Record<string, unknown> = {}) =>
  ({
    id: 'txn_1',
    object: 'balance_transaction',
    type: 'charge',
    reporting_category: 'charge',
    amount: 2500,
    fee: 103,
    net: 2397,
    currency: 'usd',
    status: 'available',
    created: 1_780_000_000,
    source,
    ...over,
  }) as unknown as Stripe.BalanceTransaction
const figures = {
  id: 'txn_1',
  type: 'charge',
  reportingCategory: 'charge',
  amount: 2500,
  fee: 103,
  net: 2397,
  currency: 'USD',
  status: 'available',
  created: 1_780_000_000,
}

describe('bookedTxn', () => {
  it('reads a source given as an id by its prefix', () => {
    const kind = (id: string) => bookedTxn(bt(id)).source?.object
    expect(bookedTxn(bt('ch_1'))).toEqual({
      ...figures,
      source: { id: 'ch_1', object: 'charge', paymentIntent: null, charge: null, created: null },
    })
    expect(
      ['py_1', 're_1', 'pyr_1', 'dp_1', 'du_1', 'po_1', 'tr_1', 'xx_1', 'plain'].map(kind),
    ).toEqual([
      'charge',
      'refund',
      'refund',
      'dispute',
      'dispute',
      'payout',
      'transfer',
      'other',
      'other',
    ])
  })

  it('reads an expanded charge with its PaymentIntent and time', () => {
    expect(
      bookedTxn(
        bt({
          id: 'ch_1',
          object: 'charge',
          payment_intent: 'pi_1',
          charge: 'x',
          created: 1_779_000_000,
        }),
      ).source,
    ).toEqual({
      id: 'ch_1',
      object: 'charge',
      paymentIntent: 'pi_1',
      charge: null,
      created: 1_779_000_000,
    })
  })

  it('reads an expanded refund or dispute with the charge it reverses', () => {
    expect(
      bookedTxn(
        bt({
          id: 're_1',
          object: 'refund',
          charge: { id: 'ch_9' },
          payment_intent: { id: 'pi_9' },
          created: 5,
        }),
      ).source,
    ).toEqual({
      id: 're_1',
      object: 'refund',
      paymentIntent: 'pi_9',
      charge: 'ch_9',
      created: null,
    })
    expect(bookedTxn(bt({ id: 'dp_1', charge: 'ch_8' })).source).toEqual({
      id: 'dp_1',
      object: 'dispute',
      paymentIntent: null,
      charge: 'ch_8',
      created: null,
    })
    expect(
      bookedTxn(bt({ id: 'ch_2', object: 'charge', created: 'soon' })).source?.created,
    ).toBeNull()
    expect(bookedTxn(bt({ id: 're_2', object: 'refund', charge: 7 })).source?.charge).toBeNull()
  })

  it('has no source when Stripe gives none', () => {
    expect(bookedTxn(bt(null)).source).toBeNull()
  })
})

/** A Stripe client whose balance list answers pages in turn (an Error is thrown). */
function fakeStripe(pages: unknown[]) {
  const calls: unknown[][] = []
  const next = async (...args: unknown[]) => {
    calls.push(args)
    const p = pages.shift()
    if (p instanceof Error) throw p
    return p
  }
  const stripe = {
    balanceTransactions: { list: next },
    charges: { retrieve: next },
    payouts: { retrieve: next },
  } as unknown as Stripe
  return { stripe, calls }
}
const rateLimit = () => Object.assign(new Error('Too many requests'), { statusCode: 429 })

describe('balancePages', () => {
  it('pages with starting_after until Stripe has no more, skipping an empty page', async () => {
    const { stripe, calls } = fakeStripe([
      { data: [bt('ch_1', { id: 'txn_a' }), bt('ch_2', { id: 'txn_b' })], has_more: true },
      { data: [bt('ch_3', { id: 'txn_c' })], has_more: false },
    ])
    const pages: string[][] = []
    for await (const p of balancePages(
      stripe,
      { payout: 'po_1' },
      { account: 'acct_1', pageSize: 2 },
    )) {
      pages.push(p.map((t) => t.id))
    }
    expect(pages).toEqual([['txn_a', 'txn_b'], ['txn_c']])
    const base = { limit: 2, expand: ['data.source'], payout: 'po_1' }
    expect(calls).toEqual([
      [base, { stripeAccount: 'acct_1' }],
      [{ ...base, starting_after: 'txn_b' }, { stripeAccount: 'acct_1' }],
    ])
  })

  it('lists a time range 100 at a time, and stops on an empty page', async () => {
    const { stripe, calls } = fakeStripe([{ data: [], has_more: true }])
    const pages: unknown[] = []
    for await (const p of balancePages(stripe, { from: 10, to: 20 }, { account: null }))
      pages.push(p)
    expect(pages).toEqual([])
    expect(calls[0]?.[0]).toEqual({
      limit: 100,
      expand: ['data.source'],
      created: { gte: 10, lt: 20 },
    })
  })

  it('asks again after a 429, up to its retries, and throws other failures at once', async () => {
    const ok = { data: [bt('ch_1')], has_more: false }
    const retried = fakeStripe([
      rateLimit(),
      Object.assign(new Error('slow down'), { type: 'StripeRateLimitError' }),
      ok,
    ])
    const got: unknown[] = []
    for await (const p of balancePages(
      retried.stripe,
      { payout: 'po_1' },
      { account: null, retries: 2, waitMs: 1 },
    ))
      got.push(p)
    expect(got).toHaveLength(1)
    expect(retried.calls).toHaveLength(3)

    const limited = fakeStripe([rateLimit(), rateLimit(), rateLimit()])
    const pages = balancePages(
      limited.stripe,
      { payout: 'po_1' },
      { account: null, retries: 2, waitMs: 1 },
    )
    await expect(pages.next()).rejects.toThrow('Too many requests')
    expect(limited.calls).toHaveLength(3)

    const broken = fakeStripe([Object.assign(new Error('bad key'), { statusCode: 401 })])
    const once = balancePages(
      broken.stripe,
      { payout: 'po_1' },
      { account: null, retries: 2, waitMs: 1 },
    )
    await expect(once.next()).rejects.toThrow('bad key')
    expect(broken.calls).toHaveLength(1)
  })
})

describe('chargeTimes', () => {
  it('looks each charge up once, leaving out those Stripe no longer has', async () => {
    const gone = Object.assign(new Error('No such charge'), { code: 'resource_missing' })
    const { stripe, calls } = fakeStripe([{ created: 111 }, gone])
    const times = await chargeTimes(stripe, ['ch_1', 'ch_2', 'ch_1'], 'acct_1')
    expect([...times]).toEqual([['ch_1', 111]])
    expect(calls).toEqual([
      ['ch_1', {}, { stripeAccount: 'acct_1' }],
      ['ch_2', {}, { stripeAccount: 'acct_1' }],
    ])
  })

  it('throws any other failure', async () => {
    const { stripe } = fakeStripe([Object.assign(new Error('down'), { code: 'api_error' })])
    await expect(chargeTimes(stripe, ['ch_1'], null)).rejects.toThrow('down')
  })
})

describe('payoutOf', () => {
  it('reads a payout as the report shows it', async () => {
    const { stripe, calls } = fakeStripe([
      { id: 'po_1', amount: 9900, currency: 'eur', arrival_date: 1_780_000_000 },
    ])
    expect(await payoutOf(stripe, 'po_1', null)).toEqual({
      id: 'po_1',
      amount: 9900,
      currency: 'EUR',
      arrivalDate: '2026-05-28T20:26:40.000Z',
    })
    expect(calls).toEqual([['po_1', {}, {}]])
  })
})
