import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  expectError,
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import {
  charge,
  checkoutSession,
  type Donation,
  dispute,
  donation,
  event,
  invoice,
  paymentIntent,
  postEvent,
  refund,
  sign,
  unix,
  WHSEC,
  WHSEC_OLD,
  webhookEnv,
} from './support/stripe-events.js'

const radio = { ...newsCampaign, slug: 'radio', name: 'Radio', timezone: 'Europe/Paris' }

async function progress(t: TestApp, slug: string, month: string) {
  const res = await t.app.request(`/api/campaigns/${slug}/progress?month=${month}`)
  expect(res.status).toBe(200)
  return (await res.json()) as { pledged: number; donations: number; donors: number }
}

async function send(t: TestApp, e: Stripe.Event, status = 200) {
  const res = await postEvent((p, i) => t.app.request(p, i), e)
  expect(res.status, await res.clone().text()).toBe(status)
  return res
}

describe('POST /webhooks/stripe: verification', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await makeTestApp({ env: webhookEnv })
  })
  afterEach(() => t.close())

  const post = (body: string, headers: Record<string, string>) =>
    t.app.request('/webhooks/stripe', { method: 'POST', headers, body })
  const e = () => event('customer.created', { id: 'cus_1', object: 'customer' })

  it('refuses a missing signature with 400 missing_signature', async () => {
    await expectError(await post(JSON.stringify(e()), {}), 400, 'missing_signature')
  })
  it('refuses a wrong signature with 400 invalid_signature', async () => {
    const body = JSON.stringify(e())
    await expectError(
      await post(body, { 'Stripe-Signature': sign(body, 'whsec_wrong') }),
      400,
      'invalid_signature',
    )
  })
  it('refuses a stale timestamp with 400 stale_timestamp', async () => {
    const body = JSON.stringify(e())
    const old = Math.floor(Date.now() / 1000) - 3600
    await expectError(
      await post(body, { 'Stripe-Signature': sign(body, WHSEC, old) }),
      400,
      'stale_timestamp',
    )
  })
  it('refuses a signed non-JSON body with 400 invalid_payload', async () => {
    await expectError(
      await post('not json', { 'Stripe-Signature': sign('not json') }),
      400,
      'invalid_payload',
    )
  })
  it('refuses a body over 1 MiB with 413', async () => {
    const body = 'x'.repeat(1024 * 1024 + 1)
    await expectError(
      await post(body, { 'Stripe-Signature': sign(body), 'Content-Length': String(body.length) }),
      413,
      'payload_too_large',
    )
  })
  it('accepts the previous secret during rotation and records unknown types as ignored', async () => {
    const res = await postEvent((p, i) => t.app.request(p, i), e(), WHSEC_OLD)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ outcome: 'ignored' })
    const list = await t.call('GET', '/api/admin/stripe/events?status=ignored')
    expect(((await list.json()) as { events: unknown[] }).events).toHaveLength(1)
  })
})

describe('POST /webhooks/stripe: money', () => {
  let t: TestApp
  const june = unix('2026-06-10T15:00:00Z')
  beforeEach(async () => {
    t = await makeTestApp({ env: webhookEnv })
    expect(
      (await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })).status,
    ).toBe(201)
    expect((await t.call('POST', '/api/admin/campaigns', radio)).status).toBe(201)
  })
  afterEach(async () => {
    await expectTotalsMatchLedger(t.store)
    await t.close()
  })

  it('counts a Checkout one-off donation once, whatever events carry it', async () => {
    const d = donation({ amount: 2500, created: june, campaign: 'news', email: 'A@x.org' })
    const pi = event('payment_intent.succeeded', paymentIntent(d))
    await send(t, event('checkout.session.completed', checkoutSession(d, 'news')))
    await send(t, event('charge.succeeded', charge(d)))
    await send(t, pi)
    const dup = await send(t, pi)
    expect(await dup.json()).toMatchObject({ outcome: 'duplicate' })
    expect(await progress(t, 'news', '2026-06')).toMatchObject({
      pledged: 2500,
      donations: 1,
      donors: 1,
    })
  })

  it('moves a Payment Link payment that landed on the default campaign once its session names another', async () => {
    const d = donation({ amount: 1000, created: june, customer: 'cus_pl' })
    await send(t, event('payment_intent.succeeded', paymentIntent(d)))
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(1000)
    const cs = event('checkout.session.completed', checkoutSession(d, 'radio'))
    await send(t, cs)
    await send(t, event('checkout.session.async_payment_succeeded', checkoutSession(d, 'radio')))
    // The donation and its donor move with the money.
    expect(await progress(t, 'news', '2026-06')).toMatchObject({
      pledged: 0,
      donations: 0,
      donors: 0,
    })
    expect(await progress(t, 'radio', '2026-06')).toMatchObject({
      pledged: 1000,
      donations: 1,
      donors: 1,
    })
    // A refund after the move follows the payment to its new campaign.
    await send(t, event('refund.created', refund(d, 400, 'succeeded')))
    expect((await progress(t, 'radio', '2026-06')).pledged).toBe(600)
  })

  it('moves a refund that landed before its payment when the payment takes another campaign', async () => {
    const d = donation({ amount: 3000, created: june })
    const r = refund(d, 1000, 'succeeded')
    const list = {
      object: 'list',
      data: [r],
      has_more: false,
      url: '',
    } as Stripe.ApiList<Stripe.Refund>
    await send(t, event('charge.refunded', charge(d, { amount_refunded: 1000, refunds: list })))
    await send(t, event('checkout.session.completed', checkoutSession(d, 'radio')))
    await send(t, event('payment_intent.succeeded', paymentIntent(d)))
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(0)
    expect((await progress(t, 'radio', '2026-06')).pledged).toBe(2000)
  })

  it('attributes a payment whose Checkout Session is delivered at the same moment', async () => {
    const ds = Array.from({ length: 20 }, () => donation({ amount: 100, created: june }))
    await Promise.all(
      ds.flatMap((d) => [
        send(t, event('payment_intent.succeeded', paymentIntent(d))),
        send(t, event('checkout.session.completed', checkoutSession(d, 'radio'))),
      ]),
    )
    expect((await progress(t, 'radio', '2026-06')).pledged).toBe(2000)
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(0)
  })

  it('attributes monthly subscription renewals from the subscription metadata', async () => {
    for (const when of ['2026-05-03T10:00:00Z', '2026-06-03T10:00:00Z']) {
      const d = donation({ amount: 500, created: unix(when), customer: 'cus_sub' })
      await send(t, event('invoice.paid', invoice(d, 'radio')))
      await send(t, event('payment_intent.succeeded', paymentIntent(d)))
    }
    expect(await progress(t, 'radio', '2026-05')).toMatchObject({ pledged: 500, donors: 1 })
    expect(await progress(t, 'radio', '2026-06')).toMatchObject({ pledged: 500, donors: 1 })
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(0)
  })

  it('derives partial then full refunds per re_ from refund and charge.refunded events', async () => {
    const d = donation({ amount: 5000, created: june, campaign: 'news' })
    await send(t, event('payment_intent.succeeded', paymentIntent(d)))
    const r1 = refund(d, 1500, 'succeeded')
    const r2 = refund(d, 3500, 'succeeded')
    await send(t, event('refund.created', r1))
    await send(
      t,
      event(
        'charge.refunded',
        charge(d, {
          amount_refunded: 1500,
          refunds: {
            object: 'list',
            data: [r1],
            has_more: false,
            url: '',
          } as Stripe.ApiList<Stripe.Refund>,
        }),
      ),
    )
    await send(
      t,
      event(
        'charge.refunded',
        charge(d, {
          amount_refunded: 5000,
          refunded: true,
          refunds: {
            object: 'list',
            data: [r2, r1],
            has_more: false,
            url: '',
          } as Stripe.ApiList<Stripe.Refund>,
        }),
      ),
    )
    await send(t, event('refund.created', r2))
    expect(await progress(t, 'news', '2026-06')).toMatchObject({ pledged: 0, donations: 1 })
  })

  it('reverses a failed refund whatever order its events arrive in', async () => {
    const d = donation({ amount: 3000, created: june, campaign: 'news' })
    const r = refund(d, 3000, 'pending', 're_fail1')
    const failed = event('refund.failed', { ...r, status: 'failed' })
    // Before its payment: accepted and kept (the refund and its reversal), not left to a retry.
    expect(await (await send(t, failed)).json()).toMatchObject({ outcome: 'parked' })
    await send(t, event('payment_intent.succeeded', paymentIntent(d)))
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(3000)
    await send(t, event('refund.created', r))
    await send(t, failed)
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(3000)
  })

  it('counts a lost dispute once and a won dispute as withdrawn then reinstated', async () => {
    const lost = donation({ amount: 2000, created: june, campaign: 'news' })
    const won = donation({ amount: 7000, created: june, campaign: 'news' })
    await send(t, event('payment_intent.succeeded', paymentIntent(lost)))
    await send(t, event('payment_intent.succeeded', paymentIntent(won)))
    const w1 = [{ id: 'txn_l1', amount: -2000, fee: -1500 }]
    await send(
      t,
      event('charge.dispute.funds_withdrawn', dispute(lost, w1, 'under_review', 'dp_l')),
    )
    await send(t, event('charge.dispute.closed', dispute(lost, w1, 'lost', 'dp_l')))
    const w2 = [
      { id: 'txn_w1', amount: -7000, fee: -1500 },
      { id: 'txn_w2', amount: 7000, fee: 1500 },
    ]
    await send(t, event('charge.dispute.funds_reinstated', dispute(won, w2, 'won', 'dp_w')))
    await send(
      t,
      event('charge.dispute.funds_withdrawn', dispute(won, w2.slice(0, 1), 'under_review', 'dp_w')),
    )
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(7000)
  })

  it('parks a refund that arrives before its payment and counts it in the payment month, once, with no retry', async () => {
    // 02:00 UTC on July 1st is still June in New York.
    const d = donation({ amount: 4000, created: unix('2026-07-01T02:00:00Z'), campaign: 'news' })
    const early = event(
      'refund.created',
      refund(d, 1000, 'succeeded', 're_early', unix('2026-07-02T00:00:00Z')),
    )
    expect(await (await send(t, early)).json()).toMatchObject({ outcome: 'parked' })
    const failed = await t.call('GET', '/api/admin/stripe/events?status=failed')
    expect(((await failed.json()) as { events: unknown[] }).events).toEqual([])
    // Nothing counted while the payment is unknown; the month is not known yet either.
    expect((await progress(t, 'news', '2026-07')).pledged).toBe(0)
    await send(t, event('payment_intent.succeeded', paymentIntent(d)))
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(3000)
    expect((await progress(t, 'news', '2026-07')).pledged).toBe(0)
    // The refund's own event again (Stripe retries nothing, but it may deliver twice).
    expect(await (await send(t, early)).json()).toMatchObject({ outcome: 'duplicate' })
    const parked = await t.store.db.selectFrom('stripe_parked').selectAll().execute()
    expect(parked).toEqual([])
    const refunds = await t.store.db
      .selectFrom('ledger_entries')
      .select(['month', 'event_id'])
      .where('kind', '=', 'refund')
      .execute()
    expect(refunds).toEqual([{ month: '2026-06', event_id: early.id }])
  })

  it('keeps another currency aside and reports it, never adding it', async () => {
    const d = donation({ amount: 900, created: june, campaign: 'news', currency: 'eur' })
    await send(t, event('payment_intent.succeeded', paymentIntent(d)))
    await send(
      t,
      event(
        'payment_intent.succeeded',
        paymentIntent(donation({ amount: 100, created: june, campaign: 'news' })),
      ),
    )
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(100)
    const list = (await (await t.call('GET', '/api/admin/stripe/unattributed')).json()) as {
      entries: { paymentRef: string; currency: string; note: string }[]
    }
    expect(list.entries).toMatchObject([{ paymentRef: d.pi, currency: 'EUR' }])
    expect(list.entries[0]?.note).toMatch(/EUR kept aside/)
  })
})

describe('unattributed money', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await makeTestApp({ env: webhookEnv })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  })
  afterEach(async () => {
    await expectTotalsMatchLedger(t.store)
    await t.close()
  })

  it('keeps money without campaign or default aside until an admin assigns it, once', async () => {
    const d: Donation = donation({
      amount: 1200,
      created: unix('2026-06-20T12:00:00Z'),
      customer: 'cus_u',
    })
    await send(t, event('payment_intent.succeeded', paymentIntent(d)))
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(0)
    const before = (await (await t.call('GET', '/api/admin/stripe/unattributed')).json()) as {
      entries: unknown[]
    }
    expect(before.entries).toHaveLength(1)
    for (let i = 0; i < 2; i++) {
      const res = await t.call('POST', '/api/admin/stripe/unattributed/assign', {
        paymentRef: d.pi,
        campaign: 'news',
      })
      expect(res.status).toBe(200)
    }
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(1200)
    const after = (await (await t.call('GET', '/api/admin/stripe/unattributed')).json()) as {
      entries: unknown[]
    }
    expect(after.entries).toHaveLength(0)
    await send(t, event('refund.created', refund(d, 200, 'succeeded')))
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(1000)
  })

  it('records test events to a live deployment as ignored, without money', async () => {
    await t.close()
    t = await makeTestApp({ env: { ...webhookEnv, STRIPE_LIVEMODE: 'true' } })
    expect(
      (await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })).status,
    ).toBe(201)
    const d = donation({ amount: 1200, created: unix('2026-06-20T12:00:00Z') })
    const res = await send(t, event('payment_intent.succeeded', paymentIntent(d)))
    expect(await res.json()).toMatchObject({ outcome: 'ignored' })
    expect((await progress(t, 'news', '2026-06')).pledged).toBe(0)
  })
})
