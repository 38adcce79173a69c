import { describe, expect, it } from 'vitest'
import { monthOf } from '../../src/domain/months.js'
import { expectTotalsMatchLedger, newsCampaign } from '../support/harness.js'
import { unix } from '../support/stripe-events.js'
import { delayedFlow, shuffled } from '../support/stripe-flows.js'
import { flowHarness, none, SEEDS, type StartFlowApp } from './flow-harness.js'
import { subscriptionLifecycleTests } from './subscription-lifecycle-flows.js'

export type { FlowApp, StartFlowApp } from './flow-harness.js'

/**
 * Every Checkout flow end to end against a real app: the service creates the session at the
 * fake Stripe, the fake "pays" it and sends the full signed event sequence of its mode
 * (src/demo/stripe-flows.ts) to the service's webhook endpoint, shuffled with duplicates,
 * and the public progress and history APIs show the result. Each order (seed) runs on its own
 * campaign, so every order must give the same figures. Runs on SQLite (over HTTP) and PostgreSQL.
 */
export function checkoutFlowSuite(name: string, start: StartFlowApp) {
  describe(`Checkout flows through the fake Stripe, every order (${name})`, () => {
    const h = flowHarness(start)

    it('a one-off card gift counts once, in its month, with its donor', async () => {
      for (const seed of SEEDS) {
        h.fake().webhooks.seed = seed
        const slug = await h.campaign()
        const id = await h.give(slug, 2500, 'once')
        await h.fake().pay(id, { at: unix('2026-06-10T12:00:00Z'), email: 'ana@example.org' })
        h.expectAllAccepted()
        expect(await h.progress(slug, '2026-06'), `seed ${seed}`).toMatchObject({
          pledged: 2500,
          donations: 1,
          donors: 1,
          recurring: { supporters: 0, monthly: 0 },
        })
        expect(await h.progress(slug, '2026-07')).toMatchObject(none)
        expect(await h.history(slug)).toEqual({
          '2026-06': [2500, 1],
          '2026-07': [0, 0],
          '2026-08': [0, 0],
        })
      }
      await expectTotalsMatchLedger(h.app().store)
    })

    it("the fake Checkout page's Pay button pays the session and returns the reader to the thank-you page", async () => {
      const slug = await h.campaign()
      const id = await h.give(slug, 1000, 'once')
      const page = h.fake().checkout.sessions.get(id)?.url as string
      const html = await (await fetch(page)).text()
      expect(html).toContain('<button type="submit">Pay</button>')
      const paid = await fetch(page, { method: 'POST', redirect: 'manual' })
      expect(paid.status).toBe(303)
      expect(paid.headers.get('location')).toBe(
        `https://bar.example/donate/${slug}/thanks?session_id=${id}`,
      )
      h.expectAllAccepted()
      // Paid now, on the real clock: it counts in this month (New York time).
      const month = monthOf(new Date(), newsCampaign.timezone)
      expect(await h.progress(slug, month)).toMatchObject({ pledged: 1000, donations: 1 })
      // A second press pays nothing more.
      expect((await fetch(page, { method: 'POST', redirect: 'manual' })).status).toBe(303)
      expect(await h.progress(slug, month)).toMatchObject({ pledged: 1000, donations: 1 })
    })

    it('a monthly gift counts its first payment and each renewal once, each in its own month, with one monthly supporter', async () => {
      for (const seed of SEEDS) {
        h.fake().webhooks.seed = seed * 10
        const slug = await h.campaign()
        const id = await h.give(slug, 1500, 'month')
        await h.fake().pay(id, { at: unix('2026-06-10T12:00:00Z'), email: 'ben@example.org' })
        h.expectAllAccepted()
        const june = await h.progress(slug, '2026-06')
        expect(june, `seed ${seed}`).toMatchObject({
          pledged: 1500,
          donations: 1,
          donors: 1,
          recurring: { supporters: 1, monthly: 1500 },
        })
        expect(await h.progress(slug, '2026-07')).toMatchObject(none)

        // A month later Stripe renews it: the renewal counts in July; June stays as it was.
        const renewal = await h.fake().renew(id)
        h.expectAllAccepted()
        expect(new Date(renewal.at * 1000).toISOString()).toBe('2026-07-10T12:00:00.000Z')
        expect(await h.progress(slug, '2026-07'), `seed ${seed}`).toMatchObject({
          pledged: 1500,
          donations: 1,
          donors: 1,
          recurring: { supporters: 1, monthly: 1500 },
        })
        expect(await h.progress(slug, '2026-06')).toEqual(june)
        await h.fake().renew(id)
        h.expectAllAccepted()
        expect(await h.history(slug), `seed ${seed}`).toEqual({
          '2026-06': [1500, 1],
          '2026-07': [1500, 1],
          '2026-08': [1500, 1],
        })
      }
      await expectTotalsMatchLedger(h.app().store)
    })

    it('a SEPA Debit gift that succeeds days later counts once, in the month it was made; one that fails counts nothing', async () => {
      for (const seed of SEEDS) {
        h.fake().webhooks.seed = seed * 100
        const slug = await h.campaign()
        // Made on June 29 (New York), settled on July 2: it counts in June.
        const ok = await h.give(slug, 3000, 'once')
        await h.fake().pay(ok, {
          at: unix('2026-06-29T20:00:00Z'),
          email: 'cleo@example.org',
          method: 'sepa_debit',
          outcome: 'succeeded',
          settleAt: unix('2026-07-02T08:00:00Z'),
        })
        h.expectAllAccepted()
        const ko = await h.give(slug, 4000, 'once')
        await h.fake().pay(ko, {
          at: unix('2026-06-29T21:00:00Z'),
          email: 'dan@example.org',
          method: 'sepa_debit',
          outcome: 'failed',
          settleAt: unix('2026-07-02T08:00:00Z'),
        })
        h.expectAllAccepted()
        expect(await h.progress(slug, '2026-06'), `seed ${seed}`).toMatchObject({
          pledged: 3000,
          donations: 1,
          donors: 1,
        })
        expect(await h.progress(slug, '2026-07'), `seed ${seed}`).toMatchObject(none)
      }
      await expectTotalsMatchLedger(h.app().store)
    })

    it('a SEPA Debit gift counts nothing while it is processing, and once when it succeeds', async () => {
      for (const seed of SEEDS) {
        const slug = await h.campaign()
        const settleAt = unix('2026-06-08T08:00:00Z')
        const f = delayedFlow(
          { amount: 3000, currency: 'usd', at: unix('2026-06-05T12:00:00Z'), campaign: slug },
          'succeeded',
          {},
          settleAt,
        )
        const before = f.events.filter((e) => e.created < settleAt)
        await h.deliver(shuffled(before, seed))
        expect(await h.progress(slug, '2026-06'), `seed ${seed}`).toMatchObject(none)
        await h.deliver(shuffled(f.events, seed + 1))
        expect(await h.progress(slug, '2026-06'), `seed ${seed}`).toMatchObject({
          pledged: 3000,
          donations: 1,
        })
      }
      await expectTotalsMatchLedger(h.app().store)
    })

    subscriptionLifecycleTests(h)
  })
}
