import { describe, expect, it } from 'vitest'
import { type Conversions, convertPlanned, LookupMissing } from '../../src/ingest/convert.js'
import type { BalanceFigures } from '../../src/ingest/facts.js'
import { feeIn, feesDue, settlementOf } from '../../src/ingest/fees.js'
import type { NewEntry } from '../../src/store/ledger.js'
import type { PaymentEntry } from '../../src/store/payments.js'
import { news, paidAt } from './ingest-fixtures.js'

// src/ingest/fees.ts and the fee lookups of src/ingest/convert.ts: a balance transaction's fee in
// the entry's currency (exponents and Stripe's rate), a late fee entry once per balance
// transaction, and a fee lookup that never keeps a gift out of the ledger.

const figures = (o: Partial<BalanceFigures>): BalanceFigures => ({
  id: 'txn_1',
  amount: 10_000,
  fee: 320,
  net: 9680,
  currency: 'USD',
  exchangeRate: null,
  feeDetails: [],
  ...o,
})

describe('feeIn', () => {
  it('takes the fee as it is in its own currency', () => {
    expect(feeIn('USD', figures({}))).toBe(320)
    expect(feeIn('USD', figures({ fee: -1500 }))).toBe(-1500)
  })
  it("goes back through Stripe's rate, rounded to the entry currency's minor unit", () => {
    // 3.49 USD at 1.1 USD a euro: 3.1727… EUR.
    expect(feeIn('EUR', figures({ fee: 349, exchangeRate: 1.1 }))).toBe(317)
    // 1.27 USD at 0.0067 USD a yen: 189.55… JPY (no minor unit).
    expect(feeIn('JPY', figures({ fee: 127, exchangeRate: 0.0067 }))).toBe(190)
    // 0.50 USD at 3.25 USD a dinar: 0.153846… KWD, three decimals.
    expect(feeIn('KWD', figures({ fee: 50, exchangeRate: 3.25 }))).toBe(154)
  })
  it('is unknown without a rate, with a rate of 0, or without a fee', () => {
    expect(feeIn('EUR', figures({ fee: 349 }))).toBeNull()
    expect(feeIn('EUR', figures({ fee: 349, exchangeRate: 0 }))).toBeNull()
    expect(feeIn('USD', figures({ fee: null }))).toBeNull()
    expect(feeIn('EUR', figures({ fee: null, exchangeRate: 1.1 }))).toBeNull()
    // A rate below zero is no rate: no fee of the opposite sign.
    expect(feeIn('EUR', figures({ fee: 349, exchangeRate: -1.1 }))).toBeNull()
  })
})

describe('settlementOf', () => {
  it('names no rate when Stripe gave none, even across currencies', () => {
    expect(settlementOf('EUR', figures({ fee: 349 }))).toEqual({
      balanceTransaction: 'txn_1',
      fee: null,
      settlementCurrency: 'USD',
      exchangeRate: null,
    })
  })
  it('names the settlement currency and rate only when they differ from the entry', () => {
    expect(settlementOf('USD', figures({ exchangeRate: 0.9 }))).toEqual({
      balanceTransaction: 'txn_1',
      fee: 320,
      settlementCurrency: null,
      exchangeRate: null,
    })
    expect(settlementOf('EUR', figures({ fee: 349, exchangeRate: 1.1 }))).toEqual({
      balanceTransaction: 'txn_1',
      fee: 317,
      settlementCurrency: 'USD',
      exchangeRate: '1.1',
    })
  })
})

const paymentEntry = (o: Partial<PaymentEntry> = {}): PaymentEntry => ({
  entryKey: 'stripe:payment:pi_1',
  campaign: 'news',
  month: '2026-03',
  kind: 'payment',
  amount: 10_000,
  currency: 'USD',
  counted: true,
  donation: 1,
  donor: null,
  source: 'stripe',
  paymentRef: 'pi_1',
  data: { paymentCreated: paidAt },
  occurredAt: new Date(paidAt * 1000).toISOString(),
  balanceTransaction: null,
  fee: null,
  ...o,
})
const placement = {
  campaign: news,
  month: '2026-03',
  paymentCreated: paidAt,
  campaignSource: 'metadata' as const,
}

describe('feesDue', () => {
  const txn = () => 'txn_1'
  it('plans one fee entry keyed by the balance transaction, in the month the payment sits in', () => {
    const [planned, ...rest] = feesDue([paymentEntry()], 'pi_1', placement, txn, 'evt_1')
    expect(rest).toEqual([])
    expect(planned?.entry).toMatchObject({
      entryKey: 'stripe:fee:txn_1',
      kind: 'fee',
      amount: 0,
      currency: 'USD',
      campaign: 'news',
      month: '2026-03',
      counted: true,
      donation: 0,
      sourceId: 'txn_1',
      eventId: 'evt_1',
    })
    expect(planned?.fee).toEqual({ balanceTransaction: 'txn_1', latestCharge: null, only: true })
    expect(planned?.entry.note).toBe('fee of payment known when its balance transaction came')
    expect(planned?.entry.source).toBe('stripe')
    expect(planned?.entry.data).toEqual({ feeFor: 'stripe:payment:pi_1', paymentCreated: paidAt })
  })
  it("plans fees for this payment's own Stripe money only", () => {
    const other = paymentEntry({ entryKey: 'stripe:payment:pi_2', paymentRef: 'pi_2' })
    expect(feesDue([other], 'pi_1', placement, txn, null)).toEqual([])
    const paypal = paymentEntry({ source: 'paypal' as PaymentEntry['source'] })
    expect(feesDue([paypal], 'pi_1', placement, txn, null)).toEqual([])
    const move = paymentEntry({ entryKey: 'move:stripe:payment:pi_1:in', kind: 'assignment' })
    expect(feesDue([move], 'pi_1', placement, txn, null)).toEqual([])
    const refund = paymentEntry({ entryKey: 'stripe:refund:re_1', kind: 'refund', amount: -500 })
    expect(
      feesDue([refund], 'pi_1', placement, () => 'txn_r', null).map((p) => p.entry.note),
    ).toEqual(['fee of refund known when its balance transaction came'])
  })
  it('plans none when the fee is known, already entered, unasked for, or left to a conversion', () => {
    const known = paymentEntry({ fee: 320, balanceTransaction: 'txn_1' })
    expect(feesDue([known], 'pi_1', placement, txn, null)).toEqual([])
    const entered = paymentEntry({ entryKey: 'stripe:fee:txn_1', kind: 'fee', amount: 0 })
    expect(feesDue([paymentEntry(), entered], 'pi_1', placement, txn, null)).toEqual([])
    expect(feesDue([paymentEntry()], 'pi_1', placement, () => null, null)).toEqual([])
    const yen = paymentEntry({ currency: 'JPY', counted: false })
    expect(feesDue([yen], 'pi_1', placement, txn, null)).toEqual([])
    expect(feesDue([paymentEntry()], 'pi_1', { ...placement, campaign: null }, txn, null)).toEqual(
      [],
    )
    const adjustment = paymentEntry({ kind: 'adjustment', source: 'admin' })
    expect(feesDue([adjustment], 'pi_1', placement, txn, null)).toEqual([])
  })
  it('is kept from planning only by an entry of the same balance transaction whose fee is known', () => {
    const sameTxn = (fee: number | null) =>
      paymentEntry({
        entryKey: 'stripe:refund:re_1',
        kind: 'adjustment',
        balanceTransaction: 'txn_1',
        fee,
      })
    expect(feesDue([paymentEntry(), sameTxn(null)], 'pi_1', placement, txn, null)).toHaveLength(1)
    expect(feesDue([paymentEntry(), sameTxn(0)], 'pi_1', placement, txn, null)).toEqual([])
  })
  it("dates the fee by the payment's time in the campaign's timezone when its month is not known", () => {
    const [planned] = feesDue([paymentEntry()], 'pi_1', { ...placement, month: null }, txn, null)
    // paidAt is 31 March in New York (and 1 April in UTC).
    expect(planned?.entry.month).toBe('2026-03')
  })
})

const newEntry: NewEntry = {
  entryKey: 'stripe:payment:pi_1',
  campaign: 'news',
  month: '2026-03',
  kind: 'payment',
  amount: 10_000,
  currency: 'USD',
  counted: true,
  donation: 1,
  donor: null,
  source: 'stripe',
  sourceId: 'pi_1',
  paymentRef: 'pi_1',
  note: null,
  actor: null,
  eventId: 'evt_1',
  data: {},
  occurredAt: new Date(paidAt * 1000).toISOString(),
}

const lookups = (bt: () => Promise<BalanceFigures>): Conversions => ({
  chargeBalanceTransaction: async () => 'txn_1',
  balanceTransaction: bt,
})

describe('convertPlanned, fees', () => {
  const ask = { balanceTransaction: null, latestCharge: 'ch_1' }
  it("records the charge's balance transaction, fee and figures on the entry", async () => {
    const [entry] = await convertPlanned(
      [{ entry: newEntry, fee: ask }],
      lookups(async () => figures({})),
    )
    expect(entry?.settled).toEqual({
      balanceTransaction: 'txn_1',
      fee: 320,
      settlementCurrency: null,
      exchangeRate: null,
    })
    expect(entry?.data).toMatchObject({ balance: { id: 'txn_1', amount: 10_000, fee: 320 } })
  })
  it('writes the gift without a fee when Stripe has no such object; a late fee entry not at all', async () => {
    const missing = lookups(async () => {
      throw new LookupMissing('No such balance transaction')
    })
    const [entry] = await convertPlanned([{ entry: newEntry, fee: ask }], missing)
    expect(entry).toEqual(newEntry)
    expect(
      await convertPlanned([{ entry: newEntry, fee: { ...ask, only: true } }], missing),
    ).toEqual([])
  })
  it('lets any other failure through (the event is retried), and a conversion fail on a missing object', async () => {
    const down = lookups(async () => {
      throw new Error('Stripe is down')
    })
    await expect(convertPlanned([{ entry: newEntry, fee: ask }], down)).rejects.toThrow('down')
    const missing = lookups(async () => {
      throw new LookupMissing('No such balance transaction')
    })
    const convert = { ...ask, to: 'EUR' }
    await expect(convertPlanned([{ entry: newEntry, convert }], missing)).rejects.toThrow(
      'No such balance transaction',
    )
  })
  it('writes a late fee entry only when its fee is known', async () => {
    const fee = {
      entry: { ...newEntry, kind: 'fee' as const, amount: 0 },
      fee: { ...ask, only: true },
    }
    expect(
      await convertPlanned(
        [fee],
        lookups(async () => figures({ fee: null })),
      ),
    ).toEqual([])
    const [written] = await convertPlanned(
      [fee],
      lookups(async () => figures({})),
    )
    expect(written?.settled?.fee).toBe(320)
    expect(await convertPlanned([fee], undefined)).toEqual([])
  })
})
