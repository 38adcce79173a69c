import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import type { DonorHint } from '../../src/ingest/facts.js'
import { UnsupportedApiVersion, versionDate } from '../../src/stripe/api-version.js'
import { MalformedEvent, mappedOk, toIncoming } from '../../src/stripe/incoming.js'
import { donation, event, paymentIntent } from '../support/stripe-events.js'
import { fact, money } from './ingest-fixtures.js'

/**
 * src/stripe/incoming.ts and api-version.ts: a signed body that is JSON but no object is refused
 * as such (the reason operators read), an `api_version` that is not text is refused even when it
 * prints as a version, and a mapping whose donor is missing is refused, not a crash.
 */

const d = donation({ amount: 2500, created: 1_780_000_000 })
const paid = () => event('payment_intent.succeeded', paymentIntent(d), 1_780_000_000)

describe('toIncoming: the signed body', () => {
  it('refuses JSON that is no object (a string, a number) as not an object', () => {
    for (const body of ['evt_1', 42, true]) {
      expect(() => toIncoming(body as unknown as Stripe.Event), String(body)).toThrow(
        new MalformedEvent('Signed body is not a Stripe event (not an object)'),
      )
    }
  })
})

describe('the API version', () => {
  it('is read only from text: a list that prints as a version is none', () => {
    expect(versionDate('2025-03-31.basil')).toBe('2025-03-31')
    expect(versionDate(['2025-03-31.basil'])).toBeNull()
  })

  it('refuses an event whose api_version is a list, naming it null', () => {
    const e = { ...paid(), api_version: ['2025-03-31.basil'] } as unknown as Stripe.Event
    expect(() => toIncoming(e)).toThrow(UnsupportedApiVersion)
    expect(() => toIncoming(e)).toThrow('Event rendered for Stripe API version null,')
  })
})

describe('mappedOk: the donor', () => {
  const undef = undefined as unknown as DonorHint
  const pay = (donor: DonorHint | null) =>
    money({
      entryKey: 'stripe:payment:pi_1',
      kind: 'payment',
      paymentRef: 'pi_1',
      amount: 2500,
      donor,
    })
  it('refuses a payment or a fact whose donor is missing (undefined), without throwing', () => {
    expect(mappedOk({ money: [pay(null)], facts: [] })).toBe(true)
    expect(mappedOk({ money: [pay(undef)], facts: [] })).toBe(false)
    expect(
      mappedOk({
        money: [],
        facts: [fact({ paymentRef: 'pi_1', source: 'charge', donor: undef })],
      }),
    ).toBe(false)
  })
})
