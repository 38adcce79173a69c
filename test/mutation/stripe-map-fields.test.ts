import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { mapEvent } from '../../src/stripe/map.js'
import { charge, donation, event, paymentIntent, refund, unix } from '../support/stripe-events.js'

// src/stripe/map.ts and map-fields.ts: what a charge, a PaymentIntent or a refund says of the
// amount, the donor and the campaign when its fields differ from the plain case.

const created = unix('2026-06-10T12:00:00Z')
const d = donation({ amount: 3000, created, campaign: 'news' })
const legacy = (extra: Partial<Stripe.Charge>) =>
  mapEvent(event('charge.succeeded', charge(d, { payment_intent: null, ...extra }))).money

describe('a legacy charge (no PaymentIntent)', () => {
  it('counts what was captured, not what was authorized', () => {
    expect(legacy({ amount: 3000, amount_captured: 2500 }).map((m) => m.amount)).toEqual([2500])
  })

  it('counts the amount when nothing says what was captured', () => {
    expect(legacy({ amount_captured: 0 }).map((m) => m.amount)).toEqual([3000])
  })

  it("takes the donor's e-mail from billing details, else from the receipt", () => {
    const billing = legacy({
      billing_details: { email: 'bill@example.org' } as Stripe.Charge.BillingDetails,
      receipt_email: 'receipt@example.org',
    })
    expect(billing.map((m) => m.donor)).toEqual([{ customer: null, email: 'bill@example.org' }])
    const receipt = legacy({
      billing_details: null as unknown as Stripe.Charge.BillingDetails,
      receipt_email: 'receipt@example.org',
    })
    expect(receipt.map((m) => m.donor)).toEqual([{ customer: null, email: 'receipt@example.org' }])
  })
})

describe('donor hints', () => {
  const donorOf = (customer: string | null, email: string | null) =>
    mapEvent(
      event(
        'payment_intent.succeeded',
        paymentIntent({ ...d, ...(customer ? { customer } : {}), ...(email ? { email } : {}) }),
      ),
    ).money[0]?.donor
  it('names a customer alone, an e-mail alone, or both; nothing when neither', () => {
    expect(donorOf('cus_1', null)).toEqual({ customer: 'cus_1', email: null })
    expect(donorOf(null, 'a@example.org')).toEqual({ customer: null, email: 'a@example.org' })
    expect(donorOf('cus_1', 'a@example.org')).toEqual({ customer: 'cus_1', email: 'a@example.org' })
    expect(donorOf(null, null)).toBeNull()
  })
})

describe('metadata.campaign', () => {
  const campaignOf = (campaign: string) =>
    mapEvent(event('payment_intent.succeeded', paymentIntent({ ...d, campaign }))).money[0]
      ?.campaign
  it('is trimmed, and a blank one names no campaign', () => {
    expect(campaignOf('  news  ')).toBe('news')
    expect(campaignOf('   ')).toBeNull()
  })
})

describe('a refund whose charge is expanded', () => {
  it("takes the campaign and the payment's time from the charge", () => {
    const ch = charge({ ...d, campaign: 'radio' })
    const re = { ...refund(d, 900, 'succeeded', 're_exp'), charge: ch }
    expect(mapEvent(event('refund.created', re)).money).toMatchObject([
      {
        entryKey: 'stripe:refund:re_exp',
        campaign: 'radio',
        paymentCreated: created,
        amount: -900,
      },
    ])
  })

  it('without it, names neither', () => {
    expect(
      mapEvent(event('refund.created', refund(d, 900, 'succeeded', 're_id'))).money,
    ).toMatchObject([{ entryKey: 'stripe:refund:re_id', campaign: null, paymentCreated: null }])
  })
})
