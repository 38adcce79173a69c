import { describe, expect, it } from 'vitest'
import { decide, touched } from '../../src/ingest/decide.js'
import type { MoneyEffect, PaymentFact } from '../../src/ingest/facts.js'
import type { CampaignRef, PaymentState, StoredFact } from '../../src/store/payments.js'
import { fact, money, news, pay1, refund1, state, stored } from './ingest-fixtures.js'

// src/ingest/decide.ts, what one event brings: its facts merged into those stored (per payment
// and source, the first value of each field kept), its money written in the order it came, the
// account scope of Stripe money only, a conversion's charge, and the buckets a plan touches.

const run = (money: MoneyEffect[], facts: PaymentFact[], s: PaymentState, refs = ['pi_1']) =>
  decide({
    event: { id: 'evt_3', type: 'test.event', money, facts },
    state: s,
    refs,
    donorOf: () => null,
  })

/** A stored fact that names nothing unless given. */
const kept = (f: Partial<StoredFact> & Pick<StoredFact, 'paymentRef' | 'source'>): StoredFact => ({
  campaign: null,
  donor: null,
  chargeCreated: null,
  link: null,
  balanceTransaction: null,
  ...f,
})

/** pi_1 with no campaign of its own: its facts (or nothing) place it. */
const bare = { ...pay1, campaign: null }
const placed = (plan: ReturnType<typeof decide>) =>
  plan.entries.map((p) => [p.entry.entryKey, p.entry.campaign, p.entry.data?.campaignSource])

describe('the facts an event brings, merged with those stored', () => {
  it("fills only the stored fact of the same payment and source: another payment's stays apart", () => {
    // The store has a Checkout Session fact of pi_9; pi_1's own names tokyo.
    const s = state({ facts: [kept({ paymentRef: 'pi_9', source: 'checkout' })] })
    const plan = run(
      [bare],
      [fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'tokyo' })],
      s,
    )
    expect(placed(plan)).toEqual([['stripe:payment:pi_1', 'tokyo', 'facts']])
  })

  it('keeps a fact of another source of the same payment apart (the charge comes first)', () => {
    const s = state({
      facts: [kept({ paymentRef: 'pi_1', source: 'checkout', campaign: 'news' })],
    })
    const plan = run([bare], [fact({ paymentRef: 'pi_1', source: 'charge', campaign: 'tokyo' })], s)
    expect(placed(plan)).toEqual([['stripe:payment:pi_1', 'tokyo', 'facts']])
  })

  it('fills the stored fact it repeats instead of adding one: its first link holds', () => {
    // pi_1's charge linked in_1; a later copy names in_2, whose invoice would name tokyo.
    const s = state({
      facts: [
        kept({ paymentRef: 'pi_1', source: 'charge', link: 'in_1' }),
        kept({ paymentRef: 'in_2', source: 'invoice', campaign: 'tokyo' }),
      ],
    })
    const plan = run([bare], [fact({ paymentRef: 'pi_1', source: 'charge', link: 'in_2' })], s)
    expect(placed(plan)).toEqual([['stripe:payment:pi_1', null, 'none']])
    // The fact is still stored as it came (the store keeps the first value of each field).
    expect(plan.facts).toEqual([kept({ paymentRef: 'pi_1', source: 'charge', link: 'in_2' })])
  })
})

describe("an event's money", () => {
  it('is written in the order it came, a refund of a payment already landed at once', () => {
    const s = state({ entries: [stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment' })] })
    const pay2 = money({
      entryKey: 'stripe:payment:pi_2',
      kind: 'payment',
      paymentRef: 'pi_2',
      amount: 1000,
      campaign: 'news',
    })
    const plan = run([refund1, pay2], [], s, ['pi_1', 'pi_2'])
    expect(plan.entries.map((p) => p.entry.entryKey)).toEqual([
      'stripe:refund:re_1',
      'stripe:payment:pi_2',
    ])
    expect(plan.park).toEqual([])
    expect(plan.unpark).toEqual([])
  })

  it("of another provider goes to a connected account's campaign its event names", () => {
    const connected: CampaignRef = { ...news, slug: 'conn', account: 'acct_1' }
    const paypal = money({
      entryKey: 'paypal:payment:P1',
      kind: 'payment',
      paymentRef: 'paypal:P1',
      amount: 1000,
      campaign: 'conn',
    })
    const plan = decide({
      event: { id: 'evt_3', type: 'PAYMENT.CAPTURE.COMPLETED', money: [paypal], facts: [] },
      state: state({ campaigns: [news, connected] }),
      refs: ['paypal:P1'],
      donorOf: () => null,
    })
    expect(placed(plan)).toEqual([['paypal:payment:P1', 'conn', 'metadata']])
  })

  it('in another currency waits for its conversion, by the charge it names or by none', () => {
    const euro = { ...pay1, currency: 'EUR' }
    const without = run([euro], [], state({}))
    expect(without.entries[0]?.convert).toStrictEqual({
      balanceTransaction: null,
      latestCharge: null,
      to: 'USD',
    })
    expect(without.entries[0]?.entry.counted).toBe(false)
    const numbered = run([{ ...euro, data: { latestCharge: 7 } }], [], state({}))
    expect(numbered.entries[0]?.convert?.latestCharge).toBeNull()
    const named = run([{ ...euro, data: { latestCharge: 'ch_1' } }], [], state({}))
    expect(named.entries[0]?.convert?.latestCharge).toBe('ch_1')
  })
})

describe('touched', () => {
  it('names the buckets of counted money only, not money kept unattributed', () => {
    const pay2 = money({
      entryKey: 'stripe:payment:pi_2',
      kind: 'payment',
      paymentRef: 'pi_2',
      amount: 1000,
      campaign: 'news',
    })
    const plan = run([bare, pay2], [], state({}), ['pi_1', 'pi_2'])
    expect(plan.entries.map((p) => p.entry.campaign)).toEqual([null, 'news'])
    expect(touched(plan)).toEqual([{ campaign: 'news', month: '2026-03' }])
  })
})
