import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { STRIPE_MAX_AMOUNT } from '../../src/domain/money.js'
import type { Mapped, MoneyEffect, PaymentFact } from '../../src/ingest/facts.js'
import { MalformedEvent, mapChecked, mappedOk } from '../../src/stripe/incoming.js'
import { fact, money, paidAt } from './ingest-fixtures.js'

/**
 * src/stripe/incoming.ts, `mappedOk`: every field the ingest relies on, one at a time. The
 * baseline passes; each case breaks exactly one field and must be refused (or, where the field may
 * be null or absent, accepted).
 */

const pay: MoneyEffect = money({
  entryKey: 'stripe:payment:pi_1',
  kind: 'payment',
  paymentRef: 'pi_1',
  amount: 2500,
  paymentCreated: paidAt,
  balanceTransaction: 'txn_1',
  balance: {
    id: 'txn_1',
    amount: 2500,
    fee: 103,
    net: 2397,
    currency: 'USD',
    exchangeRate: null,
    feeDetails: [],
  },
  donor: { customer: 'cus_1', email: 'a@example.org' },
})
const f: PaymentFact = fact({
  paymentRef: 'pi_1',
  source: 'charge',
  chargeCreated: paidAt,
  link: 'in_1',
})
const sub = {
  id: 'sub_1',
  campaign: null,
  status: 'active',
  monthly: 1000,
  currency: 'USD',
  version: 1,
}
const ok = (m: Partial<MoneyEffect>) => mappedOk({ money: [{ ...pay, ...m }], facts: [] })
const okBalance = (b: Record<string, unknown>) =>
  ok({ balance: { ...(pay.balance as object), ...b } as unknown as MoneyEffect['balance'] })

describe('mappedOk', () => {
  it('accepts the well-formed baseline, and nulls where a field may be null', () => {
    expect(mappedOk({ money: [pay], facts: [f], subscription: sub })).toBe(true)
    expect(
      ok({
        paymentCreated: null,
        campaign: null,
        balanceTransaction: null,
        balance: null,
        donor: null,
      }),
    ).toBe(true)
    expect(ok({ balance: undefined })).toBe(true)
    expect(ok({ donor: { customer: null, email: null } })).toBe(true)
    expect(okBalance({ fee: null, net: null })).toBe(true)
    expect(ok({ amount: STRIPE_MAX_AMOUNT })).toBe(true)
    expect(ok({ kind: 'refund', amount: -500 })).toBe(true)
    expect(
      mappedOk({
        money: [],
        facts: [{ ...f, campaign: null, chargeCreated: null, link: null, donor: null }],
      }),
    ).toBe(true)
  })

  it.each<[string, Partial<MoneyEffect>]>([
    ['an empty entry key', { entryKey: '' }],
    ['an entry key that is not a string', { entryKey: 7 as unknown as string }],
    ['no payment', { paymentRef: '' }],
    ['an absurd payment id', { paymentRef: 'p'.repeat(256) }],
    ['no source id', { sourceId: '' }],
    ['a fractional amount', { amount: 12.5 }],
    ['a zero amount', { amount: 0 }],
    ['a zero amount of a kind with no fixed sign', { kind: 'adjustment', amount: 0 }],
    ['an amount over what Stripe takes', { amount: STRIPE_MAX_AMOUNT + 1 }],
    ['a boolean amount', { amount: true as unknown as number }],
    ['a payment that takes money away', { amount: -2500 }],
    ['a refund that adds money', { kind: 'refund', amount: 500 }],
    ['a currency that is not a string', { currency: 840 as unknown as string }],
    ['a lower-case currency', { currency: 'usd' }],
    ['a currency with more letters', { currency: 'USDX' }],
    ['a currency after other text', { currency: 'XUSD' }],
    ['a time before Stripe', { occurredAt: 1_000 }],
    ['a time after 2100', { occurredAt: 4_102_444_801 }],
    ['a payment time out of range', { paymentCreated: 5 }],
    ['a campaign that is not a string', { campaign: 3 as unknown as string }],
    ['an absurd balance transaction id', { balanceTransaction: 't'.repeat(256) }],
    ['a donor that is not an object', { donor: 'cus_1' as unknown as MoneyEffect['donor'] }],
    [
      'a donor with a numeric customer',
      { donor: { customer: 1 as unknown as string, email: null } },
    ],
    ['a donor with an absurd e-mail', { donor: { customer: null, email: 'e'.repeat(256) } }],
  ])('refuses %s', (_why, change) => {
    expect(ok(change)).toBe(false)
  })

  it.each<[string, Record<string, unknown>]>([
    ['no id', { id: '' }],
    ['a fractional amount', { amount: 1.5 }],
    ['an amount over the maximum', { amount: STRIPE_MAX_AMOUNT + 1 }],
    ['a negative amount over the maximum', { amount: -(STRIPE_MAX_AMOUNT + 1) }],
    ['a fractional fee', { fee: 1.5 }],
    ['a text net', { net: '2397' }],
    ['a lower-case currency', { currency: 'usd' }],
    ['a longer currency', { currency: 'USDD' }],
    ['a currency after other text', { currency: 'XUSD' }],
  ])('refuses a balance transaction with %s', (_why, change) => {
    expect(okBalance(change)).toBe(false)
  })

  it('takes a balance amount of exactly the maximum, either sign', () => {
    expect(okBalance({ amount: STRIPE_MAX_AMOUNT })).toBe(true)
    expect(okBalance({ amount: -STRIPE_MAX_AMOUNT })).toBe(true)
  })

  it.each<[string, Partial<PaymentFact>]>([
    ['no payment', { paymentRef: '' }],
    ['a numeric campaign', { campaign: 1 as unknown as string }],
    ['a charge time out of range', { chargeCreated: 12 }],
    ['an absurd link', { link: 'l'.repeat(256) }],
    ['a donor that is not an object', { donor: 5 as unknown as PaymentFact['donor'] }],
  ])('refuses a fact with %s', (_why, change) => {
    expect(mappedOk({ money: [], facts: [{ ...f, ...change }] })).toBe(false)
  })

  it.each<[string, Record<string, unknown>]>([
    ['no id', { id: '' }],
    ['no status', { status: '' }],
    ['a numeric campaign', { campaign: 2 }],
    ['a fractional amount', { monthly: 1.5 }],
    ['a negative amount', { monthly: -1 }],
    ['an amount over 31 days of the maximum', { monthly: STRIPE_MAX_AMOUNT * 31 + 1 }],
    ['a lower-case currency', { currency: 'usd' }],
    ['a longer currency', { currency: 'USDD' }],
    ['a currency after other text', { currency: 'XUSD' }],
    ['a fractional version', { version: 1.5 }],
  ])('refuses a subscription with %s', (_why, change) => {
    expect(
      mappedOk({
        money: [],
        facts: [],
        subscription: { ...sub, ...change } as Mapped['subscription'],
      }),
    ).toBe(false)
  })

  it('takes a subscription of nothing a month, and of 31 days of the maximum', () => {
    expect(mappedOk({ money: [], facts: [], subscription: { ...sub, monthly: 0 } })).toBe(true)
    expect(
      mappedOk({ money: [], facts: [], subscription: { ...sub, monthly: STRIPE_MAX_AMOUNT * 31 } }),
    ).toBe(true)
  })
})

describe('mapChecked', () => {
  it('refuses an object its mapping cannot read, naming the event and its type', () => {
    const broken = {
      id: 'evt_broken',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: paidAt,
      livemode: false,
      // A currency that is not text: the mapping itself throws on it.
      data: { object: { object: 'payment_intent', id: 'pi_1', amount: 500, currency: 840 } },
    } as unknown as Stripe.Event
    expect(() => mapChecked(broken)).toThrow(MalformedEvent)
    expect(() => mapChecked(broken)).toThrow(
      'Signed event evt_broken does not have the shape of a payment_intent.succeeded event',
    )
  })
})
