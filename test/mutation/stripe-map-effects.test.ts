import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { disputeEffects, mapEvent, refundEffects } from '../../src/stripe/map.js'
import { idOf } from '../../src/stripe/map-fields.js'

/**
 * src/stripe/map.ts effect by effect: a legacy charge's payment, a refund's data, a dispute's
 * campaign from its expanded charge (fields as Stripe's API reference gives them).
 */

describe('idOf', () => {
  it('reads an id given as text or as an expanded object, and none from nothing', () => {
    expect(idOf('ch_1')).toBe('ch_1')
    expect(idOf({ id: 'ch_2' })).toBe('ch_2')
    expect(idOf(null)).toBeNull()
    expect(idOf(undefined)).toBeNull()
  })
})

describe('a legacy charge (no PaymentIntent)', () => {
  it('is a payment keyed by the charge, in upper-case currency, of the amount captured', () => {
    const ch = {
      id: 'ch_legacy',
      object: 'charge',
      amount: 3000,
      amount_captured: 2500,
      currency: 'eur',
      created: 1_700_000_000,
      paid: true,
      status: 'succeeded',
      payment_intent: null,
      metadata: { campaign: 'news' },
      customer: null,
      billing_details: { email: 'a@example.org' },
      balance_transaction: 'txn_1',
    }
    const mapped = mapEvent({
      id: 'evt_1',
      type: 'charge.succeeded',
      created: 1_700_000_000,
      data: { object: ch },
    } as unknown as Stripe.Event)
    expect(mapped.money).toEqual([
      {
        entryKey: 'stripe:payment:ch_legacy',
        kind: 'payment',
        paymentRef: 'ch_legacy',
        amount: 2500,
        currency: 'EUR',
        occurredAt: 1_700_000_000,
        sourceId: 'ch_legacy',
        campaign: 'news',
        donor: { customer: null, email: 'a@example.org' },
        paymentCreated: 1_700_000_000,
        balanceTransaction: 'txn_1',
        data: {},
      },
    ])
  })
})

describe('refundEffects', () => {
  it("keeps the refund's status and charge with it", () => {
    const re = {
      id: 're_1',
      object: 'refund',
      amount: 500,
      currency: 'usd',
      created: 1_700_000_100,
      status: 'succeeded',
      charge: 'ch_1',
      payment_intent: 'pi_1',
      balance_transaction: 'txn_re',
    } as unknown as Stripe.Refund
    const [effect] = refundEffects(re)
    expect(effect?.data).toEqual({ status: 'succeeded', charge: 'ch_1' })
    expect(effect?.amount).toBe(-500)
  })
})

describe('disputeEffects', () => {
  const dp = (charge: unknown) =>
    ({
      id: 'dp_1',
      object: 'dispute',
      charge,
      payment_intent: 'pi_1',
      reason: 'fraudulent',
      status: 'needs_response',
      balance_transactions: [
        {
          id: 'txn_dp',
          object: 'balance_transaction',
          amount: -2500,
          fee: 1500,
          net: -4000,
          currency: 'usd',
          created: 1_700_000_200,
          exchange_rate: null,
          fee_details: [],
        },
      ],
    }) as unknown as Stripe.Dispute

  it('takes the campaign and time of an expanded charge, and none from a charge id', () => {
    const expanded = disputeEffects(
      dp({ id: 'ch_1', object: 'charge', created: 1_700_000_000, metadata: { campaign: 'radio' } }),
    )
    expect(expanded.map((e) => [e.kind, e.campaign, e.paymentCreated])).toEqual([
      ['dispute_withdrawal', 'radio', 1_700_000_000],
    ])
    expect(disputeEffects(dp('ch_1')).map((e) => [e.campaign, e.paymentCreated])).toEqual([
      [null, null],
    ])
  })
})
