import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { MalformedEvent } from '../../src/stripe/incoming-error.js'
import { balanceFigures } from '../../src/stripe/map-balance.js'
import { VerifyError } from '../../src/stripe/verify.js'

/** src/stripe/map-balance.ts: a balance transaction's figures, with only well-formed fee lines. */

const bt = (o: Record<string, unknown>) =>
  ({
    id: 'txn_1',
    object: 'balance_transaction',
    amount: 5000,
    fee: 175,
    net: 4825,
    currency: 'usd',
    exchange_rate: null,
    ...o,
  }) as unknown as Stripe.BalanceTransaction

describe('balanceFigures', () => {
  it('keeps the fee lines with an integer amount and a type, and none when there is no list', () => {
    expect(
      balanceFigures(
        bt({
          fee_details: [
            { amount: 145, type: 'stripe_fee', currency: 'usd' },
            { amount: 30, type: 'tax' },
            { amount: 1.5, type: 'stripe_fee' },
            { amount: 10, type: null },
            null,
          ],
        }),
      ).feeDetails,
    ).toEqual([
      { type: 'stripe_fee', amount: 145 },
      { type: 'tax', amount: 30 },
    ])
    expect(balanceFigures(bt({})).feeDetails).toEqual([])
    expect(balanceFigures(bt({ fee_details: 'x' })).feeDetails).toEqual([])
  })

  it('reads the amount, fee, net, currency and a usable exchange rate', () => {
    expect(balanceFigures(bt({ exchange_rate: 0.0067 }))).toEqual({
      id: 'txn_1',
      amount: 5000,
      fee: 175,
      net: 4825,
      currency: 'USD',
      exchangeRate: 0.0067,
      feeDetails: [],
    })
    for (const rate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1.2', null]) {
      expect(balanceFigures(bt({ exchange_rate: rate })).exchangeRate).toBeNull()
    }
  })
})

describe('MalformedEvent', () => {
  it('names itself in logs and stack traces', () => {
    const e = new MalformedEvent('no amount')
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('MalformedEvent')
    expect(e.message).toBe('no amount')
  })
})

describe('VerifyError', () => {
  it('names itself and keeps its code', () => {
    const e = new VerifyError('missing_signature', 'No Stripe-Signature header')
    expect([e.name, e.code, e.message]).toEqual([
      'VerifyError',
      'missing_signature',
      'No Stripe-Signature header',
    ])
  })
})
