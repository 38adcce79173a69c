import { describe, expect, it } from 'vitest'
import { decide } from '../../src/ingest/decide.js'
import type { MoneyEffect } from '../../src/ingest/facts.js'
import { conversionsDue } from '../../src/ingest/late-conversion.js'
import type { PaymentEntry, PaymentState, StoredFact } from '../../src/store/payments.js'
import { news, paidAt, tokyo } from './ingest-fixtures.js'

// src/ingest/late-conversion.ts: JPY money kept aside on a USD campaign, converted from the
// charge's balance transaction when settling (no event), and only from what an event brings
// otherwise; a converted entry counts in the payment's month where the payment sits now.

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
/** 5,000 JPY kept aside on the USD campaign. */
const keptPayment = entry({
  entryKey: 'stripe:payment:pi_1',
  kind: 'payment',
  amount: 5000,
  donation: 1,
})
/** Its twin, once converted. */
const convertedPayment = entry({
  entryKey: 'convert:stripe:payment:pi_1',
  kind: 'payment',
  amount: 3350,
  currency: 'USD',
  counted: true,
  donation: 1,
})
/** A 2,500 JPY refund of it, kept aside too. */
const keptRefund = entry({ entryKey: 'stripe:refund:re_1', kind: 'refund', amount: -2500 })
/** The charge fact, with its balance transaction (charge.updated came). */
const chargeFact: StoredFact = {
  paymentRef: 'pi_1',
  source: 'charge',
  campaign: 'news',
  donor: null,
  chargeCreated: paidAt,
  link: null,
  balanceTransaction: 'txn_charge',
}
const state = (entries: PaymentEntry[]): PaymentState => ({
  eventStatus: null,
  entries,
  facts: [chargeFact],
  parked: [],
  campaigns: [news, tokyo],
})
const conversions = (plan: ReturnType<typeof decide>) =>
  plan.entries.map((p) => [
    p.entry.entryKey,
    p.entry.campaign,
    p.entry.month,
    p.entry.amount,
    p.convert?.balanceTransaction,
    p.convert?.only,
  ])

describe('settling a payment (no event)', () => {
  it("converts the kept-aside payment from its charge's balance transaction", () => {
    const plan = decide({
      event: null,
      state: state([keptPayment]),
      refs: ['pi_1'],
      donorOf: () => null,
    })
    expect(conversions(plan)).toEqual([
      ['convert:stripe:payment:pi_1', 'news', '2026-03', 5000, 'txn_charge', true],
    ])
  })

  it("never converts a refund with the charge's balance transaction", () => {
    const plan = decide({
      event: null,
      state: state([keptPayment, convertedPayment, keptRefund]),
      refs: ['pi_1'],
      donorOf: () => null,
    })
    expect(conversions(plan)).toEqual([])
  })
})

describe('an event that brings a balance transaction', () => {
  const refundTxn: MoneyEffect = {
    entryKey: 'stripe:refund:re_1',
    kind: 'refund',
    paymentRef: 'pi_1',
    amount: -2500,
    currency: 'JPY',
    occurredAt: paidAt + 3600,
    sourceId: 're_1',
    campaign: null,
    donor: null,
    paymentCreated: paidAt,
    balanceTransaction: 'txn_refund',
    data: {},
  }

  it('converts the refund it names with its own, and the payment with none', () => {
    const plan = decide({
      event: { id: 'evt_r', type: 'refund.updated', money: [refundTxn], facts: [] },
      state: state([keptPayment, keptRefund]),
      refs: ['pi_1'],
      donorOf: () => null,
    })
    expect(conversions(plan)).toEqual([
      ['convert:stripe:refund:re_1', 'news', '2026-03', -2500, 'txn_refund', true],
    ])
  })

  it("never converts a refund with the charge's balance transaction it brings", () => {
    const chargeUpdated = {
      id: 'evt_c',
      type: 'charge.updated',
      money: [],
      facts: [{ ...chargeFact, source: 'charge' as const, donor: null }],
    }
    const plan = decide({
      event: chargeUpdated,
      state: state([keptPayment, convertedPayment, keptRefund]),
      refs: ['pi_1'],
      donorOf: () => null,
    })
    expect(conversions(plan)).toEqual([])
  })
})

describe('a payment moved to another campaign after it was kept aside', () => {
  it("converts into the new campaign, in the payment's month in its timezone", () => {
    const moveOut = entry({
      entryKey: 'move:stripe:payment:pi_1:out',
      kind: 'assignment',
      amount: -5000,
      donation: -1,
    })
    const moveIn = entry({
      entryKey: 'move:stripe:payment:pi_1:in',
      kind: 'assignment',
      campaign: 'tokyo',
      month: '2026-04',
      amount: 5000,
      donation: 1,
    })
    const plan = decide({
      event: null,
      state: state([keptPayment, moveOut, moveIn]),
      refs: ['pi_1'],
      donorOf: () => null,
    })
    expect(conversions(plan)).toEqual([
      ['convert:stripe:payment:pi_1', 'tokyo', '2026-04', 5000, 'txn_charge', true],
    ])
  })
})

describe('conversionsDue', () => {
  const placement = {
    campaign: news,
    month: '2026-03',
    paymentCreated: paidAt,
    campaignSource: 'metadata' as const,
  }
  const txn = () => 'txn_1'

  it("plans the kept-aside money's converted twin, written only if it converts", () => {
    const [planned, ...rest] = conversionsDue([keptPayment], 'pi_1', placement, txn, 'evt_5')
    expect(rest).toEqual([])
    expect(planned?.entry).toEqual({
      entryKey: 'convert:stripe:payment:pi_1',
      campaign: 'news',
      month: '2026-03',
      kind: 'payment',
      amount: 5000,
      currency: 'JPY',
      counted: false,
      donation: 1,
      donor: null,
      source: 'stripe',
      sourceId: 'stripe:payment:pi_1',
      paymentRef: 'pi_1',
      note: 'converted from JPY when its balance transaction came',
      actor: null,
      eventId: 'evt_5',
      data: {
        paymentCreated: paidAt,
        campaignSource: 'metadata',
        convertedFrom: 'stripe:payment:pi_1',
      },
      occurredAt: iso,
    })
    expect(planned?.convert).toEqual({
      balanceTransaction: 'txn_1',
      latestCharge: null,
      to: 'USD',
      only: true,
    })
  })

  it('plans nothing for counted money, another payment, assignments, twins, or money in the campaign currency', () => {
    const due = (e: PaymentEntry[]) => conversionsDue(e, 'pi_1', placement, txn, null)
    expect(due([{ ...keptPayment, counted: true }])).toEqual([])
    expect(due([{ ...keptPayment, paymentRef: 'pi_2' }])).toEqual([])
    expect(
      due([{ ...keptPayment, entryKey: 'move:stripe:payment:pi_1:in', kind: 'assignment' }]),
    ).toEqual([])
    expect(due([{ ...keptPayment, entryKey: 'convert:stripe:payment:pi_0' }])).toEqual([])
    expect(due([{ ...keptPayment, currency: 'USD' }])).toEqual([])
    expect(due([keptPayment, convertedPayment])).toEqual([])
    expect(conversionsDue([keptPayment], 'pi_1', placement, () => null, null)).toEqual([])
    expect(
      conversionsDue([keptPayment], 'pi_1', { ...placement, campaign: null }, txn, null),
    ).toEqual([])
  })

  it("dates the twin in the payment's month in the campaign it converts into", () => {
    const [planned] = conversionsDue(
      [keptPayment],
      'pi_1',
      { ...placement, campaign: tokyo },
      txn,
      null,
    )
    // paidAt is 31 March in New York and 1 April in Tokyo.
    expect(planned?.entry.month).toBe('2026-04')
    const [unplaced] = conversionsDue(
      [{ ...keptPayment, month: null }],
      'pi_1',
      placement,
      txn,
      null,
    )
    expect(unplaced?.entry.month).toBe('2026-03')
  })
})
