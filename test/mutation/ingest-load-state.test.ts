import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IncomingEvent, PaymentFact } from '../../src/ingest/facts.js'
import { loadLinked } from '../../src/ingest/load-state.js'
import type { InvoiceLinks } from '../../src/ingest/lookup-links.js'
import { loadPaymentState } from '../../src/store/payments.js'
import { makeTestApp, type TestApp } from '../support/harness.js'
import { fact, money } from './ingest-fixtures.js'

/** The state an event decides from: its payments, their links, and one API lookup at most. */

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(() => t.close())

const customer = { customer: 'cus_1', email: null }
/** An event with one payment of cus_1, pi_1, that names no campaign. */
const unplaced: IncomingEvent = {
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
      donor: customer,
    }),
  ],
  facts: [],
}
const fromApi: PaymentFact[] = [
  fact({ paymentRef: 'pi_1', source: 'invoice', link: 'in_1' }),
  fact({ paymentRef: 'in_1', source: 'invoice', campaign: 'news' }),
]

function counting(answer: PaymentFact[]) {
  let calls = 0
  const links: InvoiceLinks = {
    invoiceFacts: async () => {
      calls++
      return answer
    },
  }
  return { links, calls: () => calls }
}

const first = () => loadPaymentState(t.store, 'evt_1', ['pi_1'], [])

describe('loadLinked', () => {
  it('looks the links up once and adds what was found to the facts, once', async () => {
    const { links, calls } = counting(fromApi)
    const out = await loadLinked(t.store, links, unplaced, [], await first())
    expect(calls()).toBe(1)
    expect(out.event.facts).toEqual(fromApi)
    expect(out.event.money).toBe(unplaced.money)
    expect(out.refs.sort()).toEqual(['in_1', 'pi_1'])
  })

  it('looks up once even when the answer links nothing new', async () => {
    const { links, calls } = counting([fact({ paymentRef: 'pi_1', source: 'invoice' })])
    const out = await loadLinked(t.store, links, unplaced, [], await first())
    expect(calls()).toBe(1)
    expect(out.event.facts).toEqual([fact({ paymentRef: 'pi_1', source: 'invoice' })])
    expect(out.refs).toEqual(['pi_1'])
  })

  it('returns the event itself when nothing was looked up', async () => {
    const out = await loadLinked(t.store, undefined, unplaced, [], await first())
    expect(out.event).toBe(unplaced)
    const { links, calls } = counting([])
    const none = await loadLinked(t.store, links, unplaced, [], await first())
    expect(calls()).toBe(1)
    expect(none.event).toBe(unplaced)
  })
})
