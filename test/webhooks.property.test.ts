import fc from 'fast-check'
import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { monthOf } from '../src/domain/months.js'
import { storedTotals } from '../src/store/totals.js'
import { expectTotalsMatchLedger, makeTestApp, newsCampaign } from './support/harness.js'
import {
  charge,
  checkoutSession,
  dispute,
  donation,
  event,
  paymentIntent,
  postEvent,
  refund,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

const radio = { ...newsCampaign, slug: 'radio', name: 'Radio', timezone: 'Europe/Paris' }
const TZ: Record<string, string> = { news: newsCampaign.timezone, radio: radio.timezone }

const spec = fc.record({
  amount: fc.integer({ min: 100, max: 100_000 }),
  // Around a month boundary, so timezones matter.
  created: fc.integer({ min: unix('2026-06-30T18:00:00Z'), max: unix('2026-07-01T06:00:00Z') }),
  own: fc.constantFrom<string | null>('news', 'radio', null),
  session: fc.constantFrom<string | null>('radio', null),
  refund: fc.constantFrom('none', 'partial', 'failed', 'list'),
  dispute: fc.constantFrom('none', 'lost', 'won'),
})
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never

/** The events Stripe would send for one donation, and what it should add to which bucket. */
function scenario(s: Spec, i: number) {
  const d = donation({
    amount: s.amount,
    created: s.created,
    ...(s.own ? { campaign: s.own } : {}),
  })
  const events: Stripe.Event[] = [event('payment_intent.succeeded', paymentIntent(d))]
  if (s.session) events.push(event('checkout.session.completed', checkoutSession(d, s.session)))
  let net = s.amount
  const part = Math.floor(s.amount / 3)
  if (s.refund === 'partial') {
    events.push(event('refund.created', refund(d, part, 'succeeded', `re_p${i}`)))
    net -= part
  } else if (s.refund === 'failed') {
    const r = refund(d, part, 'pending', `re_f${i}`)
    events.push(event('refund.created', r), event('refund.failed', { ...r, status: 'failed' }))
  } else if (s.refund === 'list') {
    const r = refund(d, part, 'succeeded', `re_l${i}`)
    const list = {
      object: 'list',
      data: [r],
      has_more: false,
      url: '',
    } as Stripe.ApiList<Stripe.Refund>
    events.push(event('charge.refunded', charge(d, { amount_refunded: part, refunds: list })))
    events.push(event('refund.created', r))
    net -= part
  }
  if (s.dispute !== 'none') {
    const out = { id: `txn_o${i}`, amount: -net, fee: -1500 }
    const back = { id: `txn_b${i}`, amount: net, fee: 1500 }
    events.push(
      event('charge.dispute.funds_withdrawn', dispute(d, [out], 'under_review', `dp_${i}`)),
    )
    if (s.dispute === 'won') {
      events.push(
        event('charge.dispute.funds_reinstated', dispute(d, [out, back], 'won', `dp_${i}`)),
      )
    } else net = 0
  }
  const campaign = s.own ?? s.session ?? 'news'
  const month = monthOf(new Date(s.created * 1000), TZ[campaign] as string)
  return { events, campaign, month, net }
}

describe('webhooks: order and duplication do not change the totals', () => {
  it('any permutation with duplicates of N donations gives the expected totals, equal to the ledger', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { minLength: 1, maxLength: 4 }),
        fc.infiniteStream(fc.nat()),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (specs, randomness, dups) => {
          const t = await makeTestApp({ env: webhookEnv })
          try {
            await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
            await t.call('POST', '/api/admin/campaigns', radio)
            const expected = new Map<string, number>()
            const all: Stripe.Event[] = []
            specs.forEach((s, i) => {
              const sc = scenario(s, i)
              all.push(...sc.events)
              const k = `${sc.campaign}/${sc.month}`
              expected.set(k, (expected.get(k) ?? 0) + sc.net)
            })
            // Shuffle (Fisher-Yates from the generated stream), then append duplicates.
            const order = [...all]
            const rand = randomness[Symbol.iterator]()
            for (let i = order.length - 1; i > 0; i--) {
              const j = (rand.next().value as number) % (i + 1)
              ;[order[i], order[j]] = [order[j] as Stripe.Event, order[i] as Stripe.Event]
            }
            for (const n of dups) order.push(order[n % order.length] as Stripe.Event)
            // Every delivery is accepted at once, whatever the order: money that arrives
            // before its payment is parked, never left to Stripe's retries.
            for (const e of order) {
              const res = await postEvent((p, init) => t.app.request(p, init), e)
              expect(res.status, await res.clone().text()).toBe(200)
            }
            expect(await t.store.db.selectFrom('stripe_parked').selectAll().execute()).toEqual([])
            const got = new Map<string, number>()
            for (const r of await storedTotals(t.store)) {
              if (r.pledged !== 0) got.set(`${r.campaign}/${r.month}`, r.pledged)
            }
            for (const [k, v] of [...expected]) if (v === 0) expected.delete(k)
            expect(got).toEqual(expected)
            await expectTotalsMatchLedger(t.store)
          } finally {
            await t.close()
          }
        },
      ),
      { numRuns: 100 },
    )
  }, 120_000)
})
