import { describe, expect, it } from 'vitest'
import { type Conversions, convertPlanned, LookupMissing } from '../../src/ingest/convert.js'
import type { PlannedEntry } from '../../src/ingest/decide.js'
import type { BalanceFigures } from '../../src/ingest/facts.js'
import type { NewEntry } from '../../src/store/ledger.js'

// src/ingest/convert.ts: money in another currency converted from its balance transaction, a
// fee learnt as an entry is written, and what happens when Stripe has neither.

const jpy: NewEntry = {
  entryKey: 'stripe:payment:pi_1',
  campaign: 'news',
  month: '2026-03',
  kind: 'payment',
  amount: 5000,
  currency: 'JPY',
  counted: false,
  donation: 1,
  donor: null,
  source: 'stripe',
  sourceId: 'pi_1',
  paymentRef: 'pi_1',
  note: 'currency JPY kept aside (campaign counts USD)',
  actor: null,
  eventId: 'evt_1',
  data: { paymentCreated: 1 },
  occurredAt: '2026-03-10T12:00:00.000Z',
}
const usd: NewEntry = { ...jpy, amount: 2500, currency: 'USD', counted: true, note: null }
const btUsd: BalanceFigures = {
  id: 'txn_1',
  amount: 3350,
  fee: 127,
  net: 3223,
  currency: 'USD',
  exchangeRate: 0.0067,
  feeDetails: [{ type: 'stripe_fee', amount: 127 }],
}

/** A Stripe stand-in: balance transactions by id, charges' transactions, and what it was asked. */
function stripe(bts: BalanceFigures[], charges: Record<string, string> = {}) {
  const asked: string[] = []
  const conversions: Conversions = {
    chargeBalanceTransaction: async (charge, account) => {
      asked.push(`charge ${charge} ${account}`)
      const txn = charges[charge]
      if (txn === undefined) throw new LookupMissing(`no charge ${charge}`)
      return txn
    },
    balanceTransaction: async (id, account) => {
      asked.push(`txn ${id} ${account}`)
      const bt = bts.find((b) => b.id === id)
      if (!bt) throw new LookupMissing(`no ${id}`)
      return bt
    },
  }
  return { conversions, asked }
}
const toUsd = (over: Partial<NonNullable<PlannedEntry['convert']>> = {}): PlannedEntry => ({
  entry: jpy,
  convert: { balanceTransaction: 'txn_1', latestCharge: null, to: 'USD', ...over },
})

describe('LookupMissing', () => {
  it('is named so logs tell it from a passing failure', () => {
    const e = new LookupMissing('no txn_9')
    expect(e.name).toBe('LookupMissing')
    expect(e.message).toBe('no txn_9')
    expect(e).toBeInstanceOf(Error)
  })
})

describe('convertPlanned: conversions', () => {
  it("converts money kept aside from its balance transaction, keeping the original and Stripe's figures", async () => {
    const { conversions, asked } = stripe([btUsd])
    const [out] = await convertPlanned([toUsd()], conversions, 'acct_1')
    expect(asked).toEqual(['txn txn_1 acct_1'])
    expect(out).toEqual({
      ...jpy,
      amount: 3350,
      currency: 'USD',
      counted: true,
      note: null,
      data: {
        paymentCreated: 1,
        original: { amount: 5000, currency: 'JPY' },
        balance: expect.objectContaining({ id: 'txn_1', amount: 3350, fee: 127 }),
      },
      settled: {
        balanceTransaction: 'txn_1',
        fee: 127,
        settlementCurrency: null,
        exchangeRate: null,
      },
    })
  })

  it('keeps the sign of a converted refund', async () => {
    const { conversions } = stripe([{ ...btUsd, amount: -3350, net: -3350 }])
    const [out] = await convertPlanned(
      [{ ...toUsd(), entry: { ...jpy, kind: 'refund', amount: -5000 } }],
      conversions,
    )
    expect(out?.amount).toBe(-3350)
  })

  it("finds the balance transaction through the payment's charge when none is named", async () => {
    const { conversions, asked } = stripe([btUsd], { ch_1: 'txn_1' })
    const [out] = await convertPlanned(
      [toUsd({ balanceTransaction: null, latestCharge: 'ch_1' })],
      conversions,
    )
    expect(asked).toEqual(['charge ch_1 null', 'txn txn_1 null'])
    expect(out?.counted).toBe(true)
  })

  it('keeps money aside when the balance transaction is in another currency than the campaign', async () => {
    const { conversions } = stripe([{ ...btUsd, currency: 'EUR' }])
    expect(await convertPlanned([toUsd()], conversions)).toEqual([jpy])
  })

  it('keeps money aside when nothing names a balance transaction yet', async () => {
    const { conversions, asked } = stripe([btUsd])
    const planned = toUsd({ balanceTransaction: null, latestCharge: null })
    expect(await convertPlanned([planned], conversions)).toEqual([jpy])
    expect(asked).toEqual([])
  })

  it('keeps money aside without a Stripe key, and writes a late conversion only when it converts', async () => {
    expect(await convertPlanned([toUsd()], undefined)).toEqual([jpy])
    expect(await convertPlanned([toUsd({ only: true })], undefined)).toEqual([])
    const { conversions } = stripe([{ ...btUsd, currency: 'EUR' }])
    expect(await convertPlanned([toUsd({ only: true })], conversions)).toEqual([])
    expect(
      await convertPlanned([toUsd({ only: true, balanceTransaction: null })], conversions),
    ).toEqual([])
  })

  it('fails when the charge to convert from is missing at Stripe (the event is retried)', async () => {
    const { conversions } = stripe([])
    await expect(convertPlanned([toUsd()], conversions)).rejects.toBeInstanceOf(LookupMissing)
  })
})

describe('convertPlanned: fees', () => {
  const withFee = (only?: boolean): PlannedEntry => ({
    entry: usd,
    fee: { balanceTransaction: 'txn_2', latestCharge: null, ...(only ? { only } : {}) },
  })
  const bt2: BalanceFigures = {
    ...btUsd,
    id: 'txn_2',
    amount: 2500,
    fee: 103,
    net: 2397,
    exchangeRate: null,
  }

  it('records the balance transaction, fee and net as the entry is written', async () => {
    const { conversions } = stripe([bt2])
    const [out] = await convertPlanned([withFee()], conversions)
    expect(out?.settled).toEqual({
      balanceTransaction: 'txn_2',
      fee: 103,
      settlementCurrency: null,
      exchangeRate: null,
    })
    expect(out?.amount).toBe(2500)
    expect(out?.data).toEqual({
      paymentCreated: 1,
      balance: expect.objectContaining({ id: 'txn_2' }),
    })
  })

  it('writes the gift without a fee when Stripe has no such balance transaction', async () => {
    const { conversions } = stripe([])
    expect(await convertPlanned([withFee()], conversions)).toEqual([usd])
  })

  it('writes a fee-only entry only once Stripe knows the fee', async () => {
    const { conversions } = stripe([{ ...bt2, fee: null, net: null }])
    expect(await convertPlanned([withFee(true)], conversions)).toEqual([])
    expect(await convertPlanned([withFee()], conversions)).toEqual([
      { ...usd, data: expect.any(Object), settled: expect.objectContaining({ fee: null }) },
    ])
    const known = stripe([bt2])
    expect(await convertPlanned([withFee(true)], known.conversions)).toHaveLength(1)
    expect(await convertPlanned([withFee(true)], stripe([]).conversions)).toEqual([])
  })

  it('writes money with nothing to look up as it is', async () => {
    const { conversions, asked } = stripe([bt2])
    expect(await convertPlanned([{ entry: usd }], conversions)).toEqual([usd])
    expect(asked).toEqual([])
  })
})
