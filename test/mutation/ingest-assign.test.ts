import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { IngestError } from '../../src/ingest/errors.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { toIncoming } from '../../src/stripe/incoming.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { donation, event, paymentIntent, refund, unix } from '../support/stripe-events.js'

/**
 * src/ingest/ingest.ts, an admin's move of a payment (`assign`): what its entries say of who
 * moved it and why, the months it tells for money that was unattributed (in no month), and the
 * refusal to move money out of the Stripe account it came in.
 */

const clock = fixedClock('2026-07-02T12:00:00Z')
const created = unix('2026-06-10T12:00:00Z')
const ACCOUNT = 'acct_1A2b3C4d5E6f7G8h'
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ deps: { clock } })
  // No default campaign: a payment naming none is unattributed.
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  const conn = { ...newsCampaign, slug: 'conn', name: 'Connected', stripeAccount: ACCOUNT }
  expect((await t.call('POST', '/api/admin/campaigns', conn)).status).toBe(201)
})
afterEach(() => t.close())

const entriesOf = (pi: string) =>
  t.store.db
    .selectFrom('ledger_entries')
    .select(['entry_key', 'kind', 'campaign', 'month', 'amount', 'note', 'actor'])
    .where('payment_ref', '=', pi)
    .orderBy('entry_key')
    .execute()

describe('moving unattributed money', () => {
  it('tells no month it left, the month it reached, and says who moved it and why', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const d = donation({ amount: 1500, created })
    await ingest.event(toIncoming(event('payment_intent.succeeded', paymentIntent(d))))
    await ingest.event(toIncoming(event('refund.created', refund(d, 500, 'succeeded', 're_un'))))
    expect((await entriesOf(d.pi)).map((e) => [e.campaign, e.month])).toEqual([
      [null, null],
      [null, null],
    ])
    const told: unknown[] = []
    const moved = await ingest.assign(d.pi, 'news', 'ada@example.org', (changes) => {
      told.push(changes)
      return []
    })
    expect(moved).toEqual({
      outcome: 'assigned',
      changed: [{ campaign: 'news', month: '2026-06' }],
    })
    expect(told).toEqual([
      {
        before: [],
        after: [
          { campaign: 'news', month: '2026-06' },
          { campaign: 'news', month: '2026-06' },
        ],
      },
    ])
    const moves = (await entriesOf(d.pi)).filter((e) => e.kind === 'assignment')
    expect(moves).toHaveLength(4)
    for (const m of moves) {
      expect(m).toMatchObject({ note: 'assigned by admin', actor: 'ada@example.org' })
    }
  })
})

describe('moving money across Stripe accounts', () => {
  it("is refused, naming the platform's own account and the connected one", async () => {
    const ingest = createIngest({ store: t.store, clock })
    const d = donation({ amount: 1500, created, campaign: 'news' })
    await ingest.event(toIncoming(event('payment_intent.succeeded', paymentIntent(d))))
    const err = await ingest.assign(d.pi, 'conn', 'admin', () => []).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IngestError)
    expect(err).toMatchObject({
      reason: 'other_account',
      message: `Payment ${d.pi} came from the platform's own account; campaign conn counts connected account ${ACCOUNT}`,
    })
  })
})
