import type Stripe from 'stripe'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { balancePages, bookedTxn, chargeTimes } from '../../src/stripe/balance-list.js'

/**
 * src/stripe/balance-list.ts, beyond stripe-balance-list.test.ts: the source object Stripe names
 * is kept even where the id's prefix says otherwise (BalanceTransactions.d.ts: `source` is an id,
 * one of BalanceTransactionSource's objects, or null), a page of three continues after its last
 * transaction, the waits between 429s double from `waitMs` (500 ms unless given), and a failure
 * that is not an Error object is passed on as it is.
 */

const bt = (source: unknown, id = 'txn_1') =>
  ({
    id,
    object: 'balance_transaction',
    type: 'topup',
    reporting_category: 'topup',
    amount: 10_000,
    fee: 0,
    net: 10_000,
    currency: 'eur',
    status: 'available',
    created: 1_780_000_000,
    source,
  }) as unknown as Stripe.BalanceTransaction

/** A Stripe client answering each call with the next answer; `{ reject: v }` rejects with v. */
function fakeStripe(answers: unknown[]) {
  const calls: unknown[][] = []
  const next = async (...args: unknown[]) => {
    calls.push(args)
    const a = answers.shift()
    if (typeof a === 'object' && a !== null && 'reject' in a)
      throw (a as { reject: unknown }).reject
    return a
  }
  const stripe = {
    balanceTransactions: { list: next },
    charges: { retrieve: next },
  } as unknown as Stripe
  return { stripe, calls }
}
const rateLimit = () => ({
  reject: Object.assign(new Error('Too many requests'), { statusCode: 429 }),
})
const drain = async (pages: AsyncGenerator<unknown[]>) => {
  const got: unknown[][] = []
  for await (const p of pages) got.push(p)
  return got
}

afterEach(() => {
  vi.useRealTimers()
})

describe('bookedTxn: the source', () => {
  it('keeps the object an expanded source names (a top-up, whose tu_ prefix names no kind)', () => {
    expect(bookedTxn(bt({ id: 'tu_1', object: 'topup', created: 1_779_000_000 })).source).toEqual({
      id: 'tu_1',
      object: 'topup',
      paymentIntent: null,
      charge: null,
      created: null,
    })
  })

  it('is none when it is neither an id nor an object', () => {
    expect(bookedTxn(bt(7)).source).toBeNull()
    expect(bookedTxn(bt(true)).source).toBeNull()
  })
})

describe('balancePages', () => {
  it('asks for the next page after the last transaction of a page of three', async () => {
    const { stripe, calls } = fakeStripe([
      { data: [bt('tu_1', 'txn_a'), bt('tu_2', 'txn_b'), bt('tu_3', 'txn_c')], has_more: true },
      { data: [bt('tu_4', 'txn_d')], has_more: false },
    ])
    const pages = await drain(balancePages(stripe, { payout: 'po_1' }, { account: null }))
    expect(pages.map((p) => p.length)).toEqual([3, 1])
    expect(calls.map((c) => (c[0] as { starting_after?: string }).starting_after)).toEqual([
      undefined,
      'txn_c',
    ])
  })

  it('waits 500 ms before asking again after a 429 when no wait is given', async () => {
    vi.useFakeTimers()
    const { stripe, calls } = fakeStripe([rateLimit(), { data: [bt('tu_1')], has_more: false }])
    const pages = drain(balancePages(stripe, { payout: 'po_1' }, { account: null }))
    await vi.advanceTimersByTimeAsync(499)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
    expect(await pages).toHaveLength(1)
  })

  it('doubles the wait after each 429, from the wait given', async () => {
    vi.useFakeTimers()
    const { stripe, calls } = fakeStripe([
      rateLimit(),
      rateLimit(),
      { data: [bt('tu_1')], has_more: false },
    ])
    const pages = drain(
      balancePages(stripe, { payout: 'po_1' }, { account: null, retries: 2, waitMs: 100 }),
    )
    await vi.advanceTimersByTimeAsync(99)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(199)
    expect(calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(3)
    expect(await pages).toHaveLength(1)
  })

  it('passes on a failure that is not an object (null) as it is, unretried', async () => {
    const { stripe, calls } = fakeStripe([{ reject: null }])
    const pages = balancePages(stripe, { payout: 'po_1' }, { account: null, waitMs: 1 })
    await expect(pages.next()).rejects.toBeNull()
    expect(calls).toHaveLength(1)
  })
})

describe('chargeTimes', () => {
  it('passes on a failure that is not an object (null) as it is', async () => {
    const { stripe } = fakeStripe([{ reject: null }])
    await expect(chargeTimes(stripe, ['ch_1'], null)).rejects.toBeNull()
  })
})
