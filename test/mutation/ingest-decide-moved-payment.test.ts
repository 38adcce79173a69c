import { describe, expect, it } from 'vitest'
import { decide } from '../../src/ingest/decide.js'
import type { BalanceFigures, MoneyEffect, PaymentFact } from '../../src/ingest/facts.js'
import { moveEntries } from '../../src/ingest/moves.js'
import type { PaymentState, StoredFact } from '../../src/store/payments.js'
import { fact, money, paidAt, state, stored, tokyo } from './ingest-fixtures.js'

// src/ingest/decide.ts and src/ingest/moves.ts, settling a payment that moved or must move:
// money that came after an admin's move stays with the payment, a donor learnt later joins it
// where it sits now, legacy money stored before its payment follows it, the reason a move gives,
// and a dispute's fee moved with it in the same decision.

const run = (
  s: PaymentState,
  facts: PaymentFact[] = [],
  moneyIn: MoneyEffect[] = [],
  donorOf: (hint: unknown) => string | null = () => null,
) =>
  decide({
    event: { id: 'evt_5', type: 'checkout.session.completed', money: moneyIn, facts },
    state: s,
    refs: ['pi_1'],
    donorOf,
  })
const rows = (plan: ReturnType<typeof decide>) =>
  plan.entries.map((p) => [p.entry.entryKey, p.entry.campaign, p.entry.amount])

const byDefault = { paymentCreated: paidAt, campaignSource: 'default' }
/** pi_1 landed on news by default, then an admin moved it (and all it had) to tokyo. */
const movedByAdmin = [
  stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment', data: byDefault }),
  stored({
    entryKey: 'move:stripe:payment:pi_1:out',
    kind: 'assignment',
    amount: -2500,
    donation: -1,
  }),
  stored({
    entryKey: 'move:stripe:payment:pi_1:in',
    kind: 'assignment',
    campaign: 'tokyo',
    month: '2026-04',
    donation: 1,
    data: { ...byDefault, movedFrom: 'news', movedEntry: 'stripe:payment:pi_1' },
  }),
]
/** A refund that came after the move: it landed with the payment, on tokyo. */
const refundOnTokyo = stored({
  entryKey: 'stripe:refund:re_1',
  kind: 'refund',
  amount: -500,
  campaign: 'tokyo',
  month: '2026-04',
  data: { paymentCreated: paidAt, campaignSource: 'moved' },
})

describe('a payment an admin moved', () => {
  it('keeps the money that came after the move with it, whatever campaign a later fact names', () => {
    const s = state({ entries: [...movedByAdmin, refundOnTokyo] })
    expect(run(s).entries).toEqual([])
    expect(
      run(s, [fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'news' })]).entries,
    ).toEqual([])
  })

  it('takes along a refund another instance wrote where the payment was while it moved (settled with no event)', () => {
    // D1 and PostgreSQL: one instance moves pi_1 to tokyo while another, deciding from the
    // state before that commit, writes a refund of pi_1 on news. The settle after the last
    // commit must not leave the refund on news, away from the payment it refunds.
    const stranded = stored({
      entryKey: 'stripe:refund:re_1',
      kind: 'refund',
      amount: -500,
      data: { paymentCreated: paidAt, campaignSource: 'default' },
    })
    const plan = decide({
      event: null,
      state: state({ entries: [...movedByAdmin, stranded] }),
      refs: ['pi_1'],
      donorOf: () => null,
    })
    expect(rows(plan)).toEqual([
      ['move:stripe:refund:re_1:out', 'news', 500],
      ['move:stripe:refund:re_1:in', 'tokyo', -500],
    ])
    expect(plan.entries.map((p) => p.entry.note)).toEqual([
      'follows its payment',
      'follows its payment',
    ])
  })

  it('takes a donor learnt later where it sits now, on the entry it was moved in with', () => {
    const s = state({ entries: movedByAdmin })
    const tells = fact({
      paymentRef: 'pi_1',
      source: 'checkout',
      donor: { customer: 'cus_1', email: null },
    })
    const plan = run(s, [tells], [], (h) => (h ? 'donor_1' : null))
    expect(
      plan.entries.map((p) => [
        p.entry.entryKey,
        p.entry.campaign,
        p.entry.month,
        p.entry.donation,
        p.entry.donor,
        p.entry.sourceId,
      ]),
    ).toEqual([
      [
        'donor:move:stripe:payment:pi_1:in:1:out',
        'tokyo',
        '2026-04',
        -1,
        null,
        'move:stripe:payment:pi_1:in',
      ],
      [
        'donor:move:stripe:payment:pi_1:in:1:in',
        'tokyo',
        '2026-04',
        1,
        'donor_1',
        'move:stripe:payment:pi_1:in',
      ],
    ])
  })
})

describe('legacy money, stored before its payment', () => {
  it('follows the payment even when the ledger lists it first', () => {
    const s = state({
      entries: [
        stored({ entryKey: 'stripe:refund:re_1', kind: 'refund', amount: -500 }),
        stored({
          entryKey: 'stripe:payment:pi_1',
          kind: 'payment',
          campaign: 'tokyo',
          month: '2026-04',
        }),
      ],
    })
    const plan = run(s)
    expect(rows(plan)).toEqual([
      ['move:stripe:refund:re_1:out', 'news', 500],
      ['move:stripe:refund:re_1:in', 'tokyo', -500],
    ])
    expect(plan.entries.map((p) => p.entry.data)).toEqual([
      {
        paymentCreated: paidAt,
        campaignSource: 'metadata',
        movedFrom: 'news',
        movedEntry: 'stripe:refund:re_1',
      },
      {
        paymentCreated: paidAt,
        campaignSource: 'metadata',
        movedFrom: 'news',
        movedEntry: 'stripe:refund:re_1',
      },
    ])
  })

  it('leaves the payment where its own metadata put it, whatever the legacy money listed first says', () => {
    // The refund, stored before its payment, landed by default; the payment names tokyo in its
    // metadata. A fact naming news must not move the payment: its own placement decides.
    const s = state({
      entries: [
        stored({
          entryKey: 'stripe:refund:re_1',
          kind: 'refund',
          amount: -500,
          data: { paymentCreated: paidAt, campaignSource: 'default' },
        }),
        stored({
          entryKey: 'stripe:payment:pi_1',
          kind: 'payment',
          campaign: 'tokyo',
          month: '2026-04',
        }),
      ],
    })
    const plan = run(s, [fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'news' })])
    expect(rows(plan)).toEqual([
      ['move:stripe:refund:re_1:out', 'news', 500],
      ['move:stripe:refund:re_1:in', 'tokyo', -500],
    ])
  })

  it('stays where it is when its payment landed on no campaign', () => {
    const s = state({
      entries: [
        stored({ entryKey: 'stripe:refund:re_1', kind: 'refund', amount: -500 }),
        stored({
          entryKey: 'stripe:payment:pi_1',
          kind: 'payment',
          campaign: null,
          month: null,
          counted: false,
          data: { paymentCreated: paidAt, campaignSource: 'none' },
        }),
      ],
    })
    expect(run(s).entries).toEqual([])
  })
})

describe('the reason a move gives', () => {
  it("names the event when one of its own facts names the campaign, among others' facts", () => {
    const s = state({
      entries: [stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment', data: byDefault })],
    })
    const plan = run(s, [
      fact({ paymentRef: 'pi_9', source: 'checkout' }),
      fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'tokyo' }),
    ])
    expect(plan.entries.map((p) => p.entry.note)).toEqual([
      'checkout.session.completed names campaign tokyo',
      'checkout.session.completed names campaign tokyo',
    ])
  })
})

describe('a dispute of a payment that moves in the same decision', () => {
  /** pi_1 landed on news by default; its Checkout Session, stored before, names tokyo. */
  const concurrent = state({
    entries: [stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment', data: byDefault })],
    facts: [
      {
        paymentRef: 'pi_1',
        source: 'checkout',
        campaign: 'tokyo',
        donor: null,
        chargeCreated: null,
        link: null,
        balanceTransaction: null,
      } satisfies StoredFact,
    ],
  })
  const dispute = (fee: number | null) => {
    const balance: BalanceFigures = {
      id: 'txn_d',
      amount: -2500,
      fee,
      net: -2500 - (fee ?? 0),
      currency: 'USD',
      exchangeRate: null,
      feeDetails: [],
    }
    return money({
      entryKey: 'stripe:dispute_withdrawal:txn_d',
      kind: 'dispute_withdrawal',
      paymentRef: 'pi_1',
      amount: -2500,
      balanceTransaction: 'txn_d',
      balance,
    })
  }

  it('moves its fee with it, each half signed as its amount', () => {
    const plan = run(concurrent, [], [dispute(1500)])
    const fees = plan.entries.map((p) => [p.entry.entryKey, p.entry.settled?.fee])
    expect(fees).toEqual([
      ['stripe:dispute_withdrawal:txn_d', 1500],
      ['move:stripe:payment:pi_1:out', undefined],
      ['move:stripe:payment:pi_1:in', undefined],
      ['move:stripe:dispute_withdrawal:txn_d:out', -1500],
      ['move:stripe:dispute_withdrawal:txn_d:in', 1500],
    ])
  })

  it('asks for the fee by its balance transaction when the figures it carried had none', () => {
    const plan = run(concurrent, [], [dispute(null)])
    const late = plan.entries.filter((p) => p.entry.kind === 'fee')
    expect(late.map((p) => [p.entry.entryKey, p.entry.campaign, p.fee])).toEqual([
      [
        'stripe:fee:txn_d',
        'tokyo',
        { balanceTransaction: 'txn_d', latestCharge: null, only: true },
      ],
    ])
  })
})

describe('moveEntries', () => {
  it('leaves money already in the target campaign where it is', () => {
    expect(
      moveEntries([refundOnTokyo], tokyo, { actor: null, reason: 'x', eventId: null }),
    ).toEqual([])
  })
})
