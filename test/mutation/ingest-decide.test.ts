import { describe, expect, it } from 'vitest'
import { type DecideInput, decide } from '../../src/ingest/decide.js'
import type { MoneyEffect } from '../../src/ingest/facts.js'
import { moveEntries } from '../../src/ingest/moves.js'
import type { PaymentEntry, PaymentState } from '../../src/store/payments.js'
import { unix } from '../support/stripe-events.js'
import { money, paidAt, pay1, state, tokyo } from './ingest-fixtures.js'

// src/ingest/decide.ts (money parked and landed by one event), src/ingest/place.ts (entries
// stored before `paymentCreated`/`campaignSource` were kept), src/ingest/moves.ts.

const input = (event: DecideInput['event'], s: PaymentState, refs: string[]): DecideInput => ({
  event,
  state: s,
  refs,
  donorOf: () => null,
})

describe('one event whose refund comes before its payment', () => {
  const pay = pay1
  const back = money({
    entryKey: 'stripe:refund:re_1',
    kind: 'refund',
    paymentRef: 'pi_1',
    amount: -900,
  })
  const orphan = money({
    entryKey: 'stripe:refund:re_2',
    kind: 'refund',
    paymentRef: 'pi_2',
    amount: -300,
  })

  it('lands the refund with its payment, and keeps parked only money whose payment is absent', () => {
    const plan = decide(
      input({ id: 'evt_1', type: 'test.batch', money: [back, orphan, pay], facts: [] }, state({}), [
        'pi_1',
        'pi_2',
      ]),
    )
    expect(
      plan.entries.map((p) => [p.entry.entryKey, p.entry.campaign, p.entry.month, p.entry.amount]),
    ).toEqual([
      ['stripe:payment:pi_1', 'news', '2026-03', 2500],
      ['stripe:refund:re_1', 'news', '2026-03', -900],
    ])
    expect(plan.park.map((p) => [p.entryKey, p.paymentRef, p.eventId])).toEqual([
      ['stripe:refund:re_2', 'pi_2', 'evt_1'],
    ])
  })

  it('decides the same entries as the other order', () => {
    const keys = (list: MoneyEffect[]) =>
      decide(
        input({ id: 'evt_2', type: 'test.batch', money: list, facts: [] }, state({}), ['pi_1']),
      )
        .entries.map((p) => [p.entry.entryKey, p.entry.amount, p.entry.month])
        .sort()
    expect(keys([back, pay])).toEqual(keys([pay, back]))
  })
})

/** A payment entry as versions before `paymentCreated` and `campaignSource` stored it. */
const legacyPayment: PaymentEntry = {
  entryKey: 'stripe:payment:pi_old',
  campaign: 'news',
  month: '2026-03',
  kind: 'payment',
  amount: 4000,
  currency: 'USD',
  counted: true,
  donation: 1,
  donor: null,
  source: 'stripe',
  paymentRef: 'pi_old',
  data: {},
  occurredAt: new Date(paidAt * 1000).toISOString(),
}

describe('entries stored before paymentCreated and campaignSource were kept', () => {
  it("a refund takes the payment's time from its occurredAt, and a source of none", () => {
    const back = money({
      entryKey: 'stripe:refund:re_old',
      kind: 'refund',
      paymentRef: 'pi_old',
      amount: -1000,
      occurredAt: unix('2026-04-20T12:00:00Z'),
    })
    const plan = decide(
      input(
        { id: 'evt_3', type: 'refund.created', money: [back], facts: [] },
        state({ entries: [legacyPayment] }),
        ['pi_old'],
      ),
    )
    expect(plan.entries.map((p) => p.entry)).toMatchObject([
      {
        entryKey: 'stripe:refund:re_old',
        campaign: 'news',
        month: '2026-03',
        amount: -1000,
        data: { paymentCreated: paidAt, campaignSource: 'none' },
      },
    ])
  })

  it('moving a payment whose fee is known moves the fee with it, each half signed as its amount', () => {
    const moved = moveEntries(
      [{ ...legacyPayment, fee: 150, balanceTransaction: 'txn_1' }],
      tokyo,
      {
        actor: 'admin',
        reason: 'assigned by admin',
        eventId: null,
      },
    )
    expect(moved.map((e) => [e.entryKey, e.amount, e.settled])).toEqual([
      [
        'move:stripe:payment:pi_old:out',
        -4000,
        { balanceTransaction: null, fee: -150, settlementCurrency: null, exchangeRate: null },
      ],
      [
        'move:stripe:payment:pi_old:in',
        4000,
        { balanceTransaction: null, fee: 150, settlementCurrency: null, exchangeRate: null },
      ],
    ])
    const plain = moveEntries([legacyPayment], tokyo, {
      actor: 'admin',
      reason: 'r',
      eventId: null,
    })
    expect(plain.map((e) => 'settled' in e)).toEqual([false, false])
  })

  it("moving it puts it in the payment's month in the new campaign's timezone", () => {
    const moved = moveEntries([legacyPayment], tokyo, {
      actor: 'admin',
      reason: 'assigned by admin',
      eventId: null,
    })
    expect(moved.map((e) => [e.entryKey, e.campaign, e.month, e.amount])).toEqual([
      ['move:stripe:payment:pi_old:out', 'news', '2026-03', -4000],
      ['move:stripe:payment:pi_old:in', 'tokyo', '2026-04', 4000],
    ])
  })
})
