import { sql } from 'kysely'
import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createIngest } from '../../src/ingest/ingest.js'
import { toIncoming } from '../../src/stripe/incoming.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import {
  checkoutSession,
  donation,
  event,
  paymentIntent,
  refund,
  unix,
} from '../support/stripe-events.js'

/**
 * src/ingest/ingest.ts called directly (no route around it): each outcome an event can have,
 * the row it leaves, the campaign months it says changed, and an admin's move of a payment.
 */

const clock = fixedClock('2026-07-02T12:00:00Z')
const created = unix('2026-06-10T12:00:00Z')
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ deps: { clock } })
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  const radio = { ...newsCampaign, slug: 'radio', name: 'Radio', timezone: 'Asia/Tokyo' }
  expect((await t.call('POST', '/api/admin/campaigns', radio)).status).toBe(201)
})
afterEach(() => t.close())

const row = (id: string) =>
  t.store.db
    .selectFrom('webhook_events')
    .select(['status', 'error'])
    .where('id', '=', id)
    .executeTakeFirst()

describe('an event of the other mode', () => {
  it.each([
    [false, true, 'livemode true event ignored by a test deployment'],
    [true, false, 'livemode false event ignored by a live deployment'],
  ])(
    'on a deployment counting livemode %s is kept as ignored, saying why',
    async (mode, live, why) => {
      const ingest = createIngest({ store: t.store, clock, livemode: mode })
      const e = event(
        'payment_intent.succeeded',
        paymentIntent(donation({ amount: 900, created })),
        created,
        live,
      )
      expect(await ingest.event(toIncoming(e))).toEqual({ outcome: 'ignored', changed: [] })
      expect(await row(e.id)).toEqual({ status: 'ignored', error: why })
    },
  )
})

describe('an event of a connected account no campaign names', () => {
  it('is kept as ignored, naming the account', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const e = {
      ...event('payment_intent.succeeded', paymentIntent(donation({ amount: 900, created }))),
      account: 'acct_1Nobody',
    }
    expect(await ingest.event(toIncoming(e))).toEqual({ outcome: 'ignored', changed: [] })
    expect(await row(e.id)).toMatchObject({ status: 'ignored' })
    expect((await row(e.id))?.error).toMatch(/^Connected account acct_1Nobody /)
  })
})

describe('outcomes and the months they change', () => {
  it('parks a refund before its payment, then counts both in the payment month', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const d = donation({ amount: 1500, created, campaign: 'news' })
    const back = event('refund.created', refund(d, 500, 'succeeded'))
    expect(await ingest.event(toIncoming(back))).toEqual({ outcome: 'parked', changed: [] })
    const paid = await ingest.event(toIncoming(event('payment_intent.succeeded', paymentIntent(d))))
    expect(paid.outcome).toBe('processed')
    expect(paid.changed).toContainEqual({ campaign: 'news', month: '2026-06' })
  })

  it("says the campaign's current month changed when a donor's name joins its wall", async () => {
    const ingest = createIngest({ store: t.store, clock })
    const d = donation({ amount: 1500, created, campaign: 'radio' })
    const named = (yes: string) =>
      ({
        ...checkoutSession(d, 'radio'),
        custom_fields: [
          { key: 'wallname', type: 'text', text: { value: 'Ada' } },
          { key: 'wallconsent', type: 'dropdown', dropdown: { value: yes } },
        ],
      }) as unknown as Stripe.Checkout.Session
    const shown = await ingest.event(toIncoming(event('checkout.session.completed', named('yes'))))
    // July 2 at noon UTC is July 2 in Tokyo: the wall is this month's, the money June's.
    expect(shown.changed).toContainEqual({ campaign: 'radio', month: '2026-07' })
    const d2 = donation({ amount: 700, created, campaign: 'radio' })
    const hidden = await ingest.event(
      toIncoming(
        event('checkout.session.completed', {
          ...named('no'),
          id: 'cs_hidden',
          payment_intent: d2.pi,
        } as Stripe.Checkout.Session),
      ),
    )
    expect(hidden.changed).not.toContainEqual({ campaign: 'radio', month: '2026-07' })
  })

  it('keeps an event that failed as failed, with the error, and throws it', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const e = event('payment_intent.succeeded', paymentIntent(donation({ amount: 900, created })))
    await sql`ALTER TABLE ledger_entries RENAME TO ledger_away`.execute(t.store.db)
    const err = await ingest.event(toIncoming(e)).catch((x: unknown) => x)
    await sql`ALTER TABLE ledger_away RENAME TO ledger_entries`.execute(t.store.db)
    expect(err).toBeInstanceOf(Error)
    expect(await row(e.id)).toEqual({ status: 'failed', error: (err as Error).message })
    expect((await ingest.event(toIncoming(e))).outcome).toBe('processed')
  })
})

describe("an admin's move of a payment", () => {
  it('tells the months it left and reached, and is unchanged the second time', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const d = donation({ amount: 1500, created: unix('2026-06-30T20:00:00Z'), campaign: 'news' })
    await ingest.event(toIncoming(event('payment_intent.succeeded', paymentIntent(d))))
    await ingest.event(toIncoming(event('refund.created', refund(d, 500, 'succeeded'))))
    const told: unknown[] = []
    const moved = await ingest.assign(d.pi, 'radio', 'admin', (changes) => {
      told.push(changes)
      return []
    })
    // June 30 at 20:00 UTC is June in New York and July in Tokyo.
    expect(moved.outcome).toBe('assigned')
    expect(told).toEqual([
      {
        before: [
          { campaign: 'news', month: '2026-06' },
          { campaign: 'news', month: '2026-06' },
        ],
        after: [
          { campaign: 'radio', month: '2026-07' },
          { campaign: 'radio', month: '2026-07' },
        ],
      },
    ])
    expect(moved.changed).toEqual(
      expect.arrayContaining([
        { campaign: 'news', month: '2026-06' },
        { campaign: 'radio', month: '2026-07' },
      ]),
    )
    const progress = async (slug: string, month: string) =>
      (await (await t.app.request(`/api/campaigns/${slug}/progress?month=${month}`)).json()) as {
        pledged: number
      }
    expect((await progress('radio', '2026-07')).pledged).toBe(1000)
    expect((await progress('news', '2026-06')).pledged).toBe(0)
    expect(await ingest.assign(d.pi, 'radio', 'admin', () => [])).toEqual({
      outcome: 'unchanged',
      changed: [],
    })
  })

  it('commits what the caller adds with the move', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const d = donation({ amount: 1500, created, campaign: 'news' })
    await ingest.event(toIncoming(event('payment_intent.succeeded', paymentIntent(d))))
    await ingest.assign(d.pi, 'radio', 'admin', () => [
      sql`INSERT INTO settings (name, value, created_at) VALUES ('moved-mark', 'yes', 'now')`.compile(
        t.store.db,
      ),
    ])
    const mark = await t.store.db
      .selectFrom('settings')
      .select('value')
      .where('name', '=', 'moved-mark')
      .executeTakeFirst()
    expect(mark?.value).toBe('yes')
  })
})
