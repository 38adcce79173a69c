import fc from 'fast-check'
import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { monthOf } from '../src/domain/months.js'
import { storedTotals } from '../src/store/totals.js'
import { expectTotalsMatchLedger, makeTestApp, newsCampaign } from './support/harness.js'
import { postEvent, unix, webhookEnv } from './support/stripe-events.js'
import { cancelFlow, renewalAt, renewalFlow, subscriptionFlow } from './support/stripe-flows.js'

const radio = { ...newsCampaign, slug: 'radio', name: 'Radio', timezone: 'Europe/Paris' }
const TZ: Record<string, string> = { news: newsCampaign.timezone, radio: radio.timezone }

const spec = fc.record({
  amount: fc.integer({ min: 100, max: 50_000 }),
  // Near a month boundary, so the campaign's timezone decides the month.
  at: fc.integer({ min: unix('2026-06-30T18:00:00Z'), max: unix('2026-07-01T06:00:00Z') }),
  campaign: fc.constantFrom<string | undefined>('radio', 'news', undefined),
  renewals: fc.integer({ min: 0, max: 2 }),
  canceled: fc.boolean(),
  email: fc.constantFrom<string | undefined>('a@example.org', undefined),
})

describe('subscriptions: any order and duplication of their events gives the same result', () => {
  it('totals, months, donors and monthly supporters do not depend on delivery order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { minLength: 1, maxLength: 3 }),
        fc.infiniteStream(fc.nat()),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (specs, randomness, dups) => {
          const t = await makeTestApp({ env: webhookEnv })
          try {
            await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
            await t.call('POST', '/api/admin/campaigns', radio)
            const all: Stripe.Event[] = []
            const expected = new Map<string, { pledged: number; donations: number }>()
            // A donor is the e-mail when Stripe knows one, else the customer.
            const donors = new Map<string, Set<string>>()
            const supporters = { news: 0, radio: 0 } as Record<string, number>
            const monthly = { news: 0, radio: 0 } as Record<string, number>
            for (const s of specs) {
              const f = subscriptionFlow({
                amount: s.amount,
                at: s.at,
                ...(s.campaign ? { campaign: s.campaign } : {}),
                ...(s.email ? { email: s.email } : {}),
              })
              const campaign = s.campaign ?? 'news'
              // A payment's month is its PaymentIntent's time (a renewal's comes when its
              // invoice is finalized, about an hour after the period starts).
              const times = [f.paidAt]
              all.push(...f.events)
              for (let i = 1; i <= s.renewals; i++) {
                const renewal = renewalFlow(f.sub, renewalAt(f.sub, i))
                times.push(renewal.paidAt)
                all.push(...renewal.events)
              }
              if (s.canceled) all.push(...cancelFlow(f.sub, s.at + 100 * 86400))
              else {
                supporters[campaign] = (supporters[campaign] ?? 0) + 1
                monthly[campaign] = (monthly[campaign] ?? 0) + s.amount
              }
              for (const at of times) {
                const k = `${campaign}/${monthOf(new Date(at * 1000), TZ[campaign] as string)}`
                donors.set(k, (donors.get(k) ?? new Set()).add(s.email ?? f.sub.customer))
                const e = expected.get(k) ?? { pledged: 0, donations: 0 }
                expected.set(k, { pledged: e.pledged + s.amount, donations: e.donations + 1 })
              }
            }
            const order = [...all]
            const rand = randomness[Symbol.iterator]()
            for (let i = order.length - 1; i > 0; i--) {
              const j = (rand.next().value as number) % (i + 1)
              ;[order[i], order[j]] = [order[j] as Stripe.Event, order[i] as Stripe.Event]
            }
            for (const n of dups) order.push(order[n % order.length] as Stripe.Event)
            for (const e of order) {
              const res = await postEvent((p, init) => t.app.request(p, init), e)
              expect(res.status, await res.clone().text()).toBe(200)
            }
            const got = new Map<string, { pledged: number; donations: number }>()
            for (const r of await storedTotals(t.store)) {
              if (r.pledged !== 0 || r.donations !== 0) {
                got.set(`${r.campaign}/${r.month}`, { pledged: r.pledged, donations: r.donations })
                expect(r.donors).toBe(donors.get(`${r.campaign}/${r.month}`)?.size)
              }
            }
            expect(got).toEqual(expected)
            for (const slug of ['news', 'radio']) {
              const res = await t.app.request(`/api/campaigns/${slug}/progress?month=2026-07`)
              const p = (await res.json()) as { recurring: { supporters: number; monthly: number } }
              expect(p.recurring).toEqual({ supporters: supporters[slug], monthly: monthly[slug] })
            }
            await expectTotalsMatchLedger(t.store)
          } finally {
            await t.close()
          }
        },
      ),
      { numRuns: 60 },
    )
  }, 180_000)
})
