import { describe, expect, it } from 'vitest'
import { MalformedEvent, toIncoming } from '../../src/stripe/incoming.js'
import { donation, event, paymentIntent, refund } from '../support/stripe-events.js'

// src/stripe/incoming.ts: the edges of what a signed event may carry (ids, times, amounts,
// signs, a subscription's amount a month), each side of each limit.

const MIN_TIME = 1_262_304_000 // 2010-01-01
const MAX_TIME = 4_102_444_800 // 2100-01-01
const MAX_AMOUNT = 99_999_999
const d = donation({ amount: 2500, created: 1_780_000_000 })
const accepts = (e: ReturnType<typeof event>) => expect(() => toIncoming(e)).not.toThrow()
const refuses = (e: ReturnType<typeof event>) => expect(() => toIncoming(e)).toThrow(MalformedEvent)
const paid = (over: Record<string, unknown>, created = 1_780_000_000) =>
  event('payment_intent.succeeded', { ...paymentIntent(d), ...over }, created)

describe('ids', () => {
  it('take 1 to 255 characters', () => {
    accepts({ ...paid({}), id: `evt_${'x'.repeat(251)}` })
    refuses({ ...paid({}), id: `evt_${'x'.repeat(252)}` })
    refuses({ ...paid({}), id: '' })
    accepts(paid({ id: `pi_${'x'.repeat(252)}` }))
    refuses(paid({ id: `pi_${'x'.repeat(253)}` }))
    refuses(paid({ id: '' }))
  })
})

describe('times', () => {
  it('run from 2010 to 2100, both ends included', () => {
    accepts(paid({}, MIN_TIME))
    refuses(paid({}, MIN_TIME - 1))
    accepts(paid({}, MAX_TIME))
    refuses(paid({}, MAX_TIME + 1))
    accepts(paid({ created: MIN_TIME }))
    refuses(paid({ created: MIN_TIME - 1 }))
    accepts(paid({ created: MAX_TIME }))
    refuses(paid({ created: MAX_TIME + 1 }))
  })
})

describe('amounts', () => {
  it("are 1 to Stripe's largest amount, never zero", () => {
    accepts(paid({ amount_received: MAX_AMOUNT }))
    refuses(paid({ amount_received: MAX_AMOUNT + 1 }))
    accepts(paid({ amount_received: 1 }))
    refuses(paid({ amount_received: 0 }))
  })

  it('have the sign of their kind: a refund takes money out, its reversal puts it back', () => {
    accepts(event('refund.created', refund(d, 900, 'succeeded')))
    refuses(event('refund.created', refund(d, -900, 'succeeded')))
    refuses(event('refund.updated', refund(d, -900, 'failed')))
  })
})

describe("a subscription's amount a month", () => {
  const sub = (unitAmount: number, quantity = 1) =>
    event('customer.subscription.updated', {
      id: 'sub_edge',
      object: 'subscription',
      status: 'active',
      currency: 'usd',
      metadata: {},
      customer: 'cus_1',
      items: {
        object: 'list',
        data: [
          {
            price: { currency: 'usd', unit_amount: unitAmount, recurring: { interval: 'month' } },
            quantity,
          },
        ],
      },
    })

  it('is 0 up to 31 times the largest amount', () => {
    accepts(sub(0))
    accepts(sub(MAX_AMOUNT, 31))
    refuses(sub(MAX_AMOUNT, 32))
    refuses(sub(-100))
  })
})

describe('the envelope', () => {
  const refusal = (body: unknown) => {
    try {
      toIncoming(body as ReturnType<typeof event>)
      return 'accepted'
    } catch (err) {
      expect(err).toBeInstanceOf(MalformedEvent)
      return (err as Error).message
    }
  }
  const good = paid({})

  it('is an object with an id and a type', () => {
    for (const body of [null, 'evt_1', 7, []]) {
      expect(refusal(body)).toMatch(/^Signed body is not a Stripe event/)
    }
    expect(refusal(null)).toBe('Signed body is not a Stripe event (not an object)')
    expect(refusal([])).toBe('Signed body is not a Stripe event (not an object)')
    expect(refusal({ ...good, type: 'x'.repeat(256) })).toBe(
      'Signed body is not a Stripe event (no id or type)',
    )
  })

  it('carries data.object, an object', () => {
    const noObject = `Signed event ${good.id} has no data.object`
    const { data: _, ...withoutData } = good
    expect(refusal(withoutData)).toBe(noObject)
    for (const data of [null, 'x', {}, { object: null }, { object: [] }, { object: 'pi_1' }]) {
      expect(refusal({ ...good, data })).toBe(noObject)
    }
    expect(refusal(good)).toBe('accepted')
  })
})
