import { expect, it } from 'vitest'
import { expectTotalsMatchLedger } from '../support/harness.js'
import { unix } from '../support/stripe-events.js'
import { declinedRenewalFlow, renewalAt, shuffled } from '../support/stripe-flows.js'
import { type FlowHarness, none, SEEDS } from './flow-harness.js'

/**
 * What a monthly gift goes through after its first payment, on the events Stripe sends
 * (src/demo/stripe-subscription-flows.ts): a renewal whose card is declined and that Stripe's
 * retry pays days later, in the next month, or never (Stripe then cancels it or marks it
 * unpaid); and a cancellation. Monthly supporters follow
 * docs/webhooks.md: `past_due` still counts (Stripe still retries it), `canceled` does not.
 */
export function subscriptionLifecycleTests(h: FlowHarness) {
  const monthly = { supporters: 1, monthly: 1500 }
  const noMonthly = { supporters: 0, monthly: 0 }

  /** A monthly 15 $ gift paid on `at` through the fake's Checkout: its session id. */
  async function subscribe(slug: string, at: string, email: string) {
    const id = await h.give(slug, 1500, 'month')
    await h.fake().pay(id, { at: unix(at), email })
    h.expectAllAccepted()
    return id
  }

  it('a declined renewal counts nothing and keeps its supporter (past_due); the retry in the next month counts once, in the renewal month', async () => {
    for (const seed of SEEDS) {
      h.fake().webhooks.seed = seed * 1000
      const slug = await h.campaign()
      const id = await subscribe(slug, '2026-06-28T12:00:00Z', 'eva@example.org')
      const june = await h.progress(slug, '2026-06')
      expect(june, `seed ${seed}`).toMatchObject({
        pledged: 1500,
        donations: 1,
        recurring: monthly,
      })

      // July 28: the card is declined; Stripe will retry on August 2.
      const renewal = await h.fake().renewDeclined(id, unix('2026-08-02T12:00:00Z'))
      h.expectAllAccepted()
      expect(new Date(renewal.at * 1000).toISOString()).toBe('2026-07-28T12:00:00.000Z')
      expect(await h.progress(slug, '2026-07'), `seed ${seed}`).toMatchObject({
        ...none,
        recurring: monthly,
      })
      expect(await h.progress(slug, '2026-06')).toEqual(june)

      // August 2: the retry pays the July invoice, whose PaymentIntent was made in July.
      await renewal.retry()
      h.expectAllAccepted()
      expect(await h.progress(slug, '2026-07'), `seed ${seed}`).toMatchObject({
        pledged: 1500,
        donations: 1,
        donors: 1,
        recurring: monthly,
      })
      expect(await h.progress(slug, '2026-08'), `seed ${seed}`).toMatchObject(none)
      expect(await h.history(slug), `seed ${seed}`).toEqual({
        '2026-06': [1500, 1],
        '2026-07': [1500, 1],
        '2026-08': [0, 0],
      })
    }
    await expectTotalsMatchLedger(h.app().store)
  })

  it('a declined renewal and its retry delivered together in any order count the same', async () => {
    for (const seed of SEEDS) {
      const slug = await h.campaign()
      const id = await subscribe(slug, '2026-06-28T12:00:00Z', 'finn@example.org')
      const sub = h.fake().checkout.sessions.get(id)?.subscription
      if (!sub) throw new Error('the paid session has no subscription')
      const f = declinedRenewalFlow(sub, renewalAt(sub, 1), unix('2026-08-02T12:00:00Z'))
      await h.deliver(shuffled([...f.declined, ...f.retried], seed, 6))
      expect(await h.progress(slug, '2026-07'), `seed ${seed}`).toMatchObject({
        pledged: 1500,
        donations: 1,
        donors: 1,
        recurring: monthly,
      })
      expect(await h.history(slug), `seed ${seed}`).toEqual({
        '2026-06': [1500, 1],
        '2026-07': [1500, 1],
        '2026-08': [0, 0],
      })
    }
    await expectTotalsMatchLedger(h.app().store)
  })

  it('a declined renewal whose retries all fail counts nothing, and its supporter leaves once Stripe cancels it or marks it unpaid', async () => {
    for (const seed of SEEDS) {
      h.fake().webhooks.seed = seed * 100000
      const end = seed % 2 ? 'canceled' : 'unpaid'
      const slug = await h.campaign()
      const id = await subscribe(slug, '2026-06-28T12:00:00Z', 'hal@example.org')
      const renewal = await h.fake().renewDeclined(id, unix('2026-08-02T12:00:00Z'))
      h.expectAllAccepted()
      expect(await h.progress(slug, '2026-07')).toMatchObject({ ...none, recurring: monthly })

      await renewal.giveUp(end)
      h.expectAllAccepted()
      for (const month of ['2026-07', '2026-08'])
        expect(await h.progress(slug, month), `seed ${seed} ${end} ${month}`).toMatchObject({
          ...none,
          recurring: noMonthly,
        })
      expect(await h.history(slug), `seed ${seed} ${end}`).toEqual({
        '2026-06': [1500, 1],
        '2026-07': [0, 0],
        '2026-08': [0, 0],
      })
    }
    await expectTotalsMatchLedger(h.app().store)
  })

  it('a cancellation drops the monthly supporter; the money already counted stays in its months', async () => {
    for (const seed of SEEDS) {
      h.fake().webhooks.seed = seed * 10000
      const slug = await h.campaign()
      const id = await subscribe(slug, '2026-06-10T12:00:00Z', 'gus@example.org')
      await h.fake().renew(id)
      h.expectAllAccepted()
      expect(await h.progress(slug, '2026-07'), `seed ${seed}`).toMatchObject({
        pledged: 1500,
        recurring: monthly,
      })

      await h.fake().cancel(id, unix('2026-07-20T00:00:00Z'))
      h.expectAllAccepted()
      for (const month of ['2026-06', '2026-07'])
        expect(await h.progress(slug, month), `seed ${seed} ${month}`).toMatchObject({
          pledged: 1500,
          donations: 1,
          donors: 1,
          recurring: noMonthly,
        })
      expect(await h.history(slug), `seed ${seed}`).toEqual({
        '2026-06': [1500, 1],
        '2026-07': [1500, 1],
        '2026-08': [0, 0],
      })
    }
    await expectTotalsMatchLedger(h.app().store)
  })
}
