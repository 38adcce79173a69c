import { describe, expect, it } from 'vitest'
import { decide } from '../../src/ingest/decide.js'
import type { MoneyEffect, PaymentFact } from '../../src/ingest/facts.js'
import { feesDue } from '../../src/ingest/fees.js'
import { conversionsDue } from '../../src/ingest/late-conversion.js'
import type { PaymentEntry, PaymentState, StoredFact } from '../../src/store/payments.js'
import { fact, money, news, paidAt, tokyo } from './ingest-fixtures.js'

// src/ingest/late-conversion.ts and src/ingest/fees.ts, with an event: an event that brings no
// balance transaction converts nothing and asks no fee (even when one is stored: only settling
// uses those), late entries name the event, a twin keeps the month its money was counted in, and
// a fee known elsewhere keeps no other fee from being asked.

const iso = new Date(paidAt * 1000).toISOString()
const entry = (
  e: Partial<PaymentEntry> & Pick<PaymentEntry, 'entryKey' | 'kind' | 'amount'>,
): PaymentEntry => ({
  campaign: 'news',
  month: '2026-03',
  currency: 'JPY',
  counted: false,
  donation: 0,
  donor: null,
  source: 'stripe',
  paymentRef: 'pi_1',
  data: { paymentCreated: paidAt, campaignSource: 'metadata' },
  occurredAt: iso,
  ...e,
})
/** 5,000 JPY kept aside on the USD campaign news, not yet converted. */
const keptPayment = entry({
  entryKey: 'stripe:payment:pi_1',
  kind: 'payment',
  amount: 5000,
  donation: 1,
})
/** The charge fact, stored with its balance transaction (charge.updated came, its lookup failed). */
const chargeFact: StoredFact = {
  paymentRef: 'pi_1',
  source: 'charge',
  campaign: 'news',
  donor: null,
  chargeCreated: paidAt,
  link: null,
  balanceTransaction: 'txn_charge',
}
/** 25.00 USD of pi_2 whose balance transaction was found without a fee. */
const usdPayment = entry({
  entryKey: 'stripe:payment:pi_2',
  kind: 'payment',
  paymentRef: 'pi_2',
  amount: 2500,
  currency: 'USD',
  counted: true,
  donation: 1,
  balanceTransaction: 'txn_2',
  fee: null,
})
const state = (entries: PaymentEntry[], facts: StoredFact[] = [chargeFact]): PaymentState => ({
  eventStatus: null,
  entries,
  facts,
  parked: [],
  campaigns: [news, tokyo],
})
const run = (s: PaymentState, m: MoneyEffect[], f: PaymentFact[], refs = ['pi_1']) =>
  decide({
    event: { id: 'evt_u', type: 'charge.updated', money: m, facts: f },
    state: s,
    refs,
    donorOf: () => null,
  })

describe('an event that brings no balance transaction', () => {
  it('converts nothing when it delivers the kept-aside payment again', () => {
    const again = money({
      entryKey: 'stripe:payment:pi_1',
      kind: 'payment',
      paymentRef: 'pi_1',
      amount: 5000,
      currency: 'JPY',
      campaign: 'news',
    })
    expect(run(state([keptPayment]), [again], []).entries).toEqual([])
  })

  it('converts nothing when it brings a fact of the payment without one', () => {
    const checkout = fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'news' })
    expect(run(state([keptPayment]), [], [checkout]).entries).toEqual([])
  })

  it('asks no fee of money whose balance transaction is stored (settling does)', () => {
    const checkout = fact({ paymentRef: 'pi_2', source: 'checkout', campaign: 'news' })
    const s = state([usdPayment], [])
    expect(run(s, [], [checkout], ['pi_2']).entries).toEqual([])
    const settled = decide({ event: null, state: s, refs: ['pi_2'], donorOf: () => null })
    expect(settled.entries.map((p) => p.entry.entryKey)).toEqual(['stripe:fee:txn_2'])
  })
})

describe('late entries an event brings', () => {
  it('name the event: a conversion and a fee alike', () => {
    const s = state([keptPayment, usdPayment])
    const plan = run(
      s,
      [],
      [
        { ...fact({ paymentRef: 'pi_1', source: 'charge' }), balanceTransaction: 'txn_charge' },
        { ...fact({ paymentRef: 'pi_2', source: 'charge' }), balanceTransaction: 'txn_2' },
      ],
      ['pi_1', 'pi_2'],
    )
    expect(plan.entries.map((p) => [p.entry.entryKey, p.entry.eventId])).toEqual([
      ['convert:stripe:payment:pi_1', 'evt_u'],
      ['stripe:fee:txn_2', 'evt_u'],
    ])
  })
})

describe('conversionsDue', () => {
  it('keeps the month its money was counted in when the campaign changed its timezone since', () => {
    // paidAt is 31 March in New York, 1 April in Tokyo: news now counts in Tokyo time.
    const placement = {
      campaign: { ...news, timezone: 'Asia/Tokyo' },
      month: '2026-04',
      paymentCreated: paidAt,
      campaignSource: 'metadata' as const,
    }
    const [twin] = conversionsDue([keptPayment], 'pi_1', placement, () => 'txn_charge', null)
    expect(twin?.entry.month).toBe('2026-03')
  })
})

describe('feesDue', () => {
  it("asks a refund's fee though its payment's fee is known (another balance transaction)", () => {
    const placement = {
      campaign: news,
      month: '2026-03',
      paymentCreated: paidAt,
      campaignSource: 'metadata' as const,
    }
    const paid = { ...usdPayment, paymentRef: 'pi_1', fee: 75 }
    const refund = entry({
      entryKey: 'stripe:refund:re_1',
      kind: 'refund',
      amount: -500,
      currency: 'USD',
      counted: true,
    })
    const planned = feesDue([paid, refund], 'pi_1', placement, () => 'txn_r', null)
    expect(planned.map((p) => [p.entry.entryKey, p.entry.data?.feeFor])).toEqual([
      ['stripe:fee:txn_r', 'stripe:refund:re_1'],
    ])
  })
})
