import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IncomingEvent } from '../../src/ingest/facts.js'
import { loadLinked } from '../../src/ingest/load-state.js'
import type { InvoiceLinks } from '../../src/ingest/lookup-links.js'
import { loadPaymentState } from '../../src/store/payments.js'
import { makeTestApp, type TestApp } from '../support/harness.js'
import { fact, money } from './ingest-fixtures.js'

// src/ingest/load-state.ts: the API is asked for a payment's invoice only when nothing it knows,
// stored or brought by the event, places the payment already.

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(() => t.close())

/** A subscriber's payment, pi_1, whose own event names no campaign but whose Session does. */
const placedByFacts: IncomingEvent = {
  id: 'evt_1',
  type: 'payment_intent.succeeded',
  created: 1,
  livemode: false,
  body: {},
  money: [
    money({
      entryKey: 'stripe:payment:pi_1',
      kind: 'payment',
      paymentRef: 'pi_1',
      amount: 100,
      donor: { customer: 'cus_1', email: null },
    }),
  ],
  facts: [fact({ paymentRef: 'pi_1', source: 'checkout', campaign: 'news' })],
}

describe('loadLinked', () => {
  it('asks nothing when the facts it has already name a campaign for the payment', async () => {
    let calls = 0
    const links: InvoiceLinks = {
      invoiceFacts: async () => {
        calls++
        return []
      },
    }
    const first = await loadPaymentState(t.store, 'evt_1', ['pi_1'], [])
    const out = await loadLinked(t.store, links, placedByFacts, [], first)
    expect(calls).toBe(0)
    expect(out.event).toBe(placedByFacts)
    expect(out.refs).toEqual(['pi_1'])
  })
})
