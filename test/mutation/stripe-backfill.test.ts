import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createIngest } from '../../src/ingest/ingest.js'
import { backfill } from '../../src/stripe/backfill.js'
import { toIncoming } from '../../src/stripe/incoming.js'
import { stripeIngest } from '../../src/stripe/ingest.js'
import { startFakeStripe } from '../support/fake-stripe.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { donation, event, paymentIntent, unix } from '../support/stripe-events.js'

// src/stripe/backfill.ts (an event that fails does not stop the run, and is reported) and
// src/stripe/ingest.ts (the write path wired without a clock: the Workers cron).

const clock = fixedClock('2026-06-25T12:00:00Z')
let t: TestApp
let fake: Awaited<ReturnType<typeof startFakeStripe>>
beforeEach(async () => {
  fake = await startFakeStripe()
  t = await makeTestApp({ deps: { clock } })
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
})
afterEach(async () => {
  await t.close()
  await fake.close()
})

const progress = async () =>
  (await (await t.app.request('/api/campaigns/news/progress?month=2026-06')).json()) as {
    pledged: number
  }

describe('backfill', () => {
  it('reports an event it cannot take by id, type and reason, and runs the others', async () => {
    const base = unix('2026-06-20T10:00:00Z')
    const good = donation({ amount: 1500, created: base, campaign: 'news' })
    const bad = donation({ amount: 700, created: base, campaign: 'news' })
    const { currency: _, ...noCurrency } = paymentIntent(bad)
    const broken = event('payment_intent.succeeded', noCurrency, base + 1)
    fake.data.events.push(broken, event('payment_intent.succeeded', paymentIntent(good), base + 2))
    const ingest = createIngest({ store: t.store, clock })
    const result = await backfill(fake.stripe, ingest, {
      since: new Date(base * 1000),
      now: clock(),
    })
    expect(result).toMatchObject({
      since: '2026-06-20T10:00:00.000Z',
      accounts: [],
      seen: 2,
      processed: 1,
    })
    expect(result.failed).toEqual([
      {
        id: broken.id,
        type: 'payment_intent.succeeded',
        error: `Signed event ${broken.id} does not have the shape of a payment_intent.succeeded event`,
      },
    ])
    expect((await progress()).pledged).toBe(1500)
  })
})

describe('backfill on connected accounts', () => {
  it('gives an event listed on an account that account, and refuses one naming another', async () => {
    const base = unix('2026-06-20T10:00:00Z')
    const created = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      slug: 'acme',
      name: 'Acme',
      isDefault: true,
      stripeAccount: 'acct_acme',
    })
    expect(created.status).toBe(201)
    const plain = event(
      'payment_intent.succeeded',
      paymentIntent(donation({ amount: 800, created: base })),
      base,
    )
    const stray = {
      ...event(
        'payment_intent.succeeded',
        paymentIntent(donation({ amount: 300, created: base })),
        base + 1,
      ),
      account: 'acct_other',
    }
    // Stripe's event list, per Stripe-Account header: this listing names no account on its events.
    const lists = new Map<string | null, Stripe.Event[]>([['acct_acme', [plain, stray]]])
    const asked: (string | null)[] = []
    const stripe = {
      events: {
        list: (_params: Stripe.EventListParams, opts?: Stripe.RequestOptions) => {
          const account = opts?.stripeAccount ?? null
          asked.push(account)
          return (async function* () {
            yield* lists.get(account) ?? []
          })()
        },
      },
    } as unknown as Stripe
    const ingest = createIngest({ store: t.store, clock })
    const result = await backfill(stripe, ingest, {
      since: new Date(base * 1000),
      now: clock(),
      accounts: ['acct_acme', 'acct_acme'],
    })
    expect(asked).toEqual([null, 'acct_acme'])
    expect(result).toMatchObject({ accounts: ['acct_acme'], seen: 2, processed: 1 })
    expect(result.failed).toEqual([
      {
        id: stray.id,
        type: 'payment_intent.succeeded',
        error: 'Listed on connected account acct_acme but names account acct_other',
      },
    ])
    const acme = (await (
      await t.app.request('/api/campaigns/acme/progress?month=2026-06')
    ).json()) as {
      pledged: number
    }
    // Counted on the account's campaign, not the platform's default.
    expect(acme.pledged).toBe(800)
    expect((await progress()).pledged).toBe(0)
  })
})

describe('stripeIngest', () => {
  it('without a clock, records events at the time they are taken', async () => {
    const ingest = stripeIngest({
      store: t.store,
      config: { stripeLivemode: undefined, donorHashKey: undefined },
    })
    const d = donation({ amount: 900, created: unix('2026-06-20T10:00:00Z'), campaign: 'news' })
    const e = event('payment_intent.succeeded', paymentIntent(d))
    const before = Date.now()
    expect((await ingest.event(toIncoming(e))).outcome).toBe('processed')
    const row = await t.store.db
      .selectFrom('webhook_events')
      .select(['status', 'processed_at'])
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('processed')
    // The real clock, not the app's fixed one (2026-06-25).
    expect(Date.parse(row.processed_at as string)).toBeGreaterThanOrEqual(before - 1000)
    expect((await progress()).pledged).toBe(900)
  })
})
