import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IncomingEvent, MoneyEffect } from '../../src/ingest/facts.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { toIncoming } from '../../src/stripe/incoming.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { checkoutSession, donation, event, unix } from '../support/stripe-events.js'
import { money } from './ingest-fixtures.js'

/**
 * src/ingest/ingest.ts called directly: where a subscription naming a campaign that is not the
 * default lands, the mode filter (Stripe's events only), the wall's campaign among several
 * loaded, and the outcome of an event that both counts money and parks some.
 */

const clock = fixedClock('2026-07-02T12:00:00Z')
const created = unix('2026-06-10T12:00:00Z')
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ deps: { clock } })
  const news = { ...newsCampaign, isDefault: true }
  expect((await t.call('POST', '/api/admin/campaigns', news)).status).toBe(201)
  const radio = { ...newsCampaign, slug: 'radio', name: 'Radio', timezone: 'Asia/Tokyo' }
  expect((await t.call('POST', '/api/admin/campaigns', radio)).status).toBe(201)
})
afterEach(() => t.close())

const envelope = (id: string, m: Partial<IncomingEvent>): IncomingEvent => ({
  id,
  type: 'test.event',
  created,
  livemode: false,
  body: {},
  money: [],
  facts: [],
  ...m,
})
const ledger = () =>
  t.store.db
    .selectFrom('ledger_entries')
    .select(['entry_key', 'campaign', 'month', 'amount'])
    .orderBy('entry_key')
    .execute()

describe('a subscription naming a campaign that is not the default', () => {
  it('is kept on that campaign, whose current month is said to change', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const e = envelope('evt_sub_radio', {
      type: 'customer.subscription.created',
      subscription: {
        id: 'sub_radio',
        campaign: 'radio',
        status: 'active',
        monthly: 1000,
        currency: 'USD',
        version: created,
      },
    })
    // July 2 at noon UTC is July in Tokyo.
    expect(await ingest.event(e)).toEqual({
      outcome: 'processed',
      changed: [{ campaign: 'radio', month: '2026-07' }],
    })
    const row = await t.store.db
      .selectFrom('stripe_subscriptions')
      .select(['id', 'campaign'])
      .executeTakeFirst()
    expect(row).toEqual({ id: 'sub_radio', campaign: 'radio' })
  })
})

describe('the mode filter (STRIPE_LIVEMODE)', () => {
  it("counts another provider's event whatever its livemode flag says", async () => {
    const ingest = createIngest({ store: t.store, clock, livemode: true })
    const paypal = money({
      entryKey: 'paypal:payment:CAP1',
      kind: 'payment',
      paymentRef: 'paypal:CAP1',
      amount: 2000,
      campaign: 'news',
      occurredAt: created,
      paymentCreated: created,
    })
    const e = envelope('paypal:WH-1', { provider: 'paypal', livemode: false, money: [paypal] })
    expect(await ingest.event(e)).toEqual({
      outcome: 'processed',
      changed: [{ campaign: 'news', month: '2026-06' }],
    })
    expect(await ledger()).toEqual([
      { entry_key: 'paypal:payment:CAP1', campaign: 'news', month: '2026-06', amount: 2000 },
    ])
  })
})

describe("a donor's name on a campaign's wall", () => {
  it('says the month changed of the campaign the name is for, not of another one loaded', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const d = donation({ amount: 1500, created })
    const session = {
      ...checkoutSession(d, 'radio'),
      custom_fields: [
        { key: 'wallname', type: 'text', text: { value: 'Ada' } },
        { key: 'wallconsent', type: 'dropdown', dropdown: { value: 'yes' } },
      ],
    } as unknown as Stripe.Checkout.Session
    const named = toIncoming(event('checkout.session.completed', session))
    expect(named.facts.some((f) => f.wallName === 'Ada')).toBe(true)
    // The default campaign (news) is loaded too; the name is radio's, in Tokyo's July.
    expect(await ingest.event(named)).toEqual({
      outcome: 'processed',
      changed: [{ campaign: 'radio', month: '2026-07' }],
    })
  })
})

describe('an event that counts money and parks some', () => {
  it('is processed, not parked', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const paid: MoneyEffect = money({
      entryKey: 'stripe:payment:pi_here',
      kind: 'payment',
      paymentRef: 'pi_here',
      amount: 2500,
      campaign: 'news',
      occurredAt: created,
      paymentCreated: created,
    })
    const early: MoneyEffect = money({
      entryKey: 'stripe:refund:re_early',
      kind: 'refund',
      paymentRef: 'pi_later',
      amount: -500,
      occurredAt: created,
    })
    const e = envelope('evt_both', { money: [paid, early] })
    expect(await ingest.event(e)).toEqual({
      outcome: 'processed',
      changed: [{ campaign: 'news', month: '2026-06' }],
    })
    const parked = await t.store.db.selectFrom('stripe_parked').select('entry_key').execute()
    expect(parked).toEqual([{ entry_key: 'stripe:refund:re_early' }])
  })
})
