import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { readSession } from '../../src/stripe/checkout-read.js'
import { consentedName } from '../../src/stripe/wall-fields.js'

/**
 * What a completed Checkout Session is read for, at its edges: the fee cover counts only beside
 * the gift it covers (src/stripe/checkout-read.ts), and the donor wall's custom fields may lack
 * the part their type would carry (Checkout/Sessions.d.ts: `dropdown?`, `text?`), which reads as
 * no consent or no name (src/stripe/wall-fields.ts).
 */

const session = (amountTotal: number, meta: Record<string, string>) =>
  ({
    id: 'cs_test_1',
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    amount_total: amountTotal,
    currency: 'eur',
    metadata: { campaign: 'news', interval: 'once', ...meta },
  }) as unknown as Stripe.Checkout.Session

describe('readSession: the fee cover', () => {
  it('is none when the metadata name a cover but no gift, even a cover that is the whole total', () => {
    expect(readSession(session(110, { cover: '110' }), 'news')).toEqual({
      kind: 'gift',
      gift: { amount: 110, currency: 'EUR', interval: 'once', cover: 0, pending: false },
    })
  })

  it('is 0, not missing, when the metadata name a gift that is the whole total and no cover', () => {
    expect(readSession(session(2500, { gift: '2500' }), 'news')).toEqual({
      kind: 'gift',
      gift: { amount: 2500, currency: 'EUR', interval: 'once', cover: 0, pending: false },
    })
  })
})

describe('consentedName: fields without their part', () => {
  const consent = (over: Record<string, unknown> = {}) => ({
    key: 'wallconsent',
    type: 'dropdown',
    optional: false,
    dropdown: { value: 'yes' },
    ...over,
  })
  const name = (over: Record<string, unknown> = {}) => ({
    key: 'wallname',
    type: 'text',
    optional: true,
    text: { value: 'Ada Lovelace' },
    ...over,
  })
  const read = (fields: Record<string, unknown>[]) =>
    consentedName(fields as unknown as Stripe.Checkout.Session.CustomField[])

  it('reads the name beside a yes (the fields as this test builds them)', () => {
    expect(read([name(), consent()])).toBe('Ada Lovelace')
  })

  it('is no consent when the consent field carries no dropdown', () => {
    expect(read([name(), consent({ type: 'text', dropdown: undefined })])).toBeNull()
  })

  it('is no name beside a yes when the name field carries no text, or is missing', () => {
    expect(read([name({ type: 'numeric', text: undefined }), consent()])).toBeNull()
    expect(read([consent()])).toBeNull()
  })
})
