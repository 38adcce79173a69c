import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectError, newsCampaign } from '../support/harness.js'
import {
  charge,
  checkoutSession,
  dispute,
  donation,
  event,
  invoice,
  paymentIntent,
  postEvent,
  refund,
  sign,
  unix,
} from '../support/stripe-events.js'
import { client, uniqueSlug } from './client.js'
import type { Target, TargetFactory } from './target.js'

/**
 * The HTTP contract every runtime must keep (SQLite, PostgreSQL, Workers + D1). Each case
 * creates its own campaign, so cases are independent on one shared database. To add cases,
 * add an `it` below (or another `describe` taking `target()`): every runtime file picks it up.
 */
export function contractSuite(factory: TargetFactory): void {
  describe(`contract on ${factory.name}`, () => {
    let t: Target | undefined
    const target = (): Target => {
      if (!t) throw new Error(`${factory.name} target did not start`)
      return t
    }
    beforeAll(async () => {
      t = await factory.start()
    })
    afterAll(async () => {
      await t?.close()
    })

    streamCases(target, factory.streams)
    foundationCases(target)
    embedCases(target)
    webhookCases(target)
    attributionCases(target)
  })
}

const june = '2026-06'
const inJune = unix('2026-06-10T15:00:00Z')

function foundationCases(target: () => Target) {
  it('answers /healthz with {ok:true}', async () => {
    const res = await target().fetch('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
  })

  it('creates a campaign, sets a goal and label, adjusts, and reads progress', async () => {
    const c = client(target())
    const slug = uniqueSlug('news')
    const created = await c.createCampaign({ ...newsCampaign, slug })
    expect(created).toMatchObject({ slug, currency: 'USD', defaultGoal: 500000 })
    const month = await c.json<Record<string, unknown>>(
      await c.call('PUT', `/api/admin/campaigns/${slug}/months/${june}`, {
        goal: 400000,
        label: 'JUNE <b>2026</b>',
      }),
      200,
    )
    expect(month).toMatchObject({ month: june, goal: 400000, label: 'JUNE <b>2026</b>' })
    const adj = (amount: number, reason: string) =>
      c.call('POST', `/api/admin/campaigns/${slug}/adjustments`, { month: june, amount, reason })
    expect((await adj(150000, 'cheque')).status).toBe(201)
    expect((await adj(-14000, 'correction')).status).toBe(201)
    const p = await c.progress(slug, june)
    expect(p).toMatchObject({
      slug,
      month: june,
      label: 'JUNE <b>2026</b>',
      currency: 'USD',
      goal: 400000,
      pledged: 136000,
      percent: 34,
    })
    // Another month keeps the default goal and nothing pledged.
    expect(await c.progress(slug, '2026-07')).toMatchObject({ goal: 500000, pledged: 0 })
    const months = await c.json<{ months: { month: string; pledged: number }[] }>(
      await c.call('GET', `/api/admin/campaigns/${slug}/months`),
      200,
    )
    expect(months.months.find((m) => m.month === june)).toMatchObject({ pledged: 136000 })
    await c.expectTotalsMatchLedger()
  })

  it('serves progress with CORS and an ETag, 304 until the totals change', async () => {
    const c = client(target())
    const slug = uniqueSlug('etag')
    await c.createCampaign({ ...newsCampaign, slug })
    const path = `/api/campaigns/${slug}/progress?month=${june}`
    const first = await target().fetch(path, { headers: { Origin: 'https://site.example' } })
    expect(first.status).toBe(200)
    expect(first.headers.get('access-control-allow-origin')).toBe('*')
    const etag = first.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await target().fetch(path, { headers: { 'If-None-Match': etag ?? '' } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    await c.call('POST', `/api/admin/campaigns/${slug}/adjustments`, {
      month: june,
      amount: 500,
      reason: 'gift',
    })
    const changed = await target().fetch(path, { headers: { 'If-None-Match': etag ?? '' } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(((await changed.json()) as { pledged: number }).pledged).toBe(500)
  })

  it('refuses bad input with the one error shape and changes nothing', async () => {
    const c = client(target())
    const slug = uniqueSlug('errors')
    await c.createCampaign({ ...newsCampaign, slug })
    const before = await c.snapshot(slug)
    const t = target()
    await expectError(await t.fetch('/api/campaigns/no-such-campaign/progress'), 404, 'not_found')
    await expectError(await t.fetch(`/api/campaigns/${slug}/progress?month=2026-13`), 400)
    await expectError(
      await c.call('POST', '/api/admin/campaigns', { ...newsCampaign, slug }),
      409,
      'conflict',
    )
    await expectError(
      await c.call('POST', '/api/admin/campaigns', {
        ...newsCampaign,
        slug: uniqueSlug('xxx'),
        currency: 'XYZ',
      }),
      422,
    )
    await expectError(
      await c.call('PUT', `/api/admin/campaigns/${slug}/months/${june}`, { goal: -1 }),
      422,
    )
    await expectError(
      await c.call('PUT', `/api/admin/campaigns/${slug}/months/${june}`, { goal: 10.5 }),
      422,
    )
    await expectError(
      await c.call('PUT', `/api/admin/campaigns/${slug}/months/2026-00`, { goal: 100 }),
      400,
    )
    await expectError(
      await c.call('POST', `/api/admin/campaigns/${slug}/adjustments`, '{"month":'),
      400,
      'malformed_json',
    )
    await expectError(
      await c.call(
        'POST',
        `/api/admin/campaigns/${slug}/adjustments`,
        {
          month: june,
          amount: 100,
          reason: 'x',
        },
        { Authorization: 'Bearer wrong-token-0123456789' },
      ),
      401,
      'unauthorized',
    )
    await expectError(
      await t.fetch(`/api/admin/campaigns/${slug}/adjustments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ month: june, amount: 100, reason: 'x' }),
      }),
      401,
      'unauthorized',
    )
    const body = JSON.stringify(
      event(
        'payment_intent.succeeded',
        paymentIntent(donation({ amount: 999, created: inJune, campaign: slug })),
      ),
    )
    const post = (headers: Record<string, string>) =>
      t.fetch('/webhooks/stripe', { method: 'POST', headers, body })
    await expectError(
      await post({ 'Stripe-Signature': sign(body, 'whsec_wrong_secret') }),
      400,
      'invalid_signature',
    )
    await expectError(await post({}), 400, 'missing_signature')
    expect(await c.snapshot(slug)).toEqual(before)
  })
}

function webhookCases(target: () => Target) {
  it('counts a Checkout donation once, whatever events carry it and however often', async () => {
    const c = client(target())
    const slug = uniqueSlug('checkout')
    await c.createCampaign({ ...newsCampaign, slug })
    const d = donation({ amount: 2500, created: inJune, campaign: slug, email: 'Ann@x.org' })
    const pi = event('payment_intent.succeeded', paymentIntent(d))
    expect(
      await c.send(event('checkout.session.completed', checkoutSession(d, slug))),
    ).toMatchObject({
      outcome: 'processed',
    })
    await c.send(event('charge.succeeded', charge(d)))
    expect(await c.send(pi)).toMatchObject({ outcome: 'processed' })
    expect(await c.send(pi)).toMatchObject({ outcome: 'duplicate' })
    // Stripe may also send the same money under a new event id: still one payment.
    await c.send(event('payment_intent.succeeded', paymentIntent(d)))
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 2500, donations: 1, donors: 1 })
    // A second gift by the same donor is a donation, not a new donor.
    const d2 = donation({ amount: 1000, created: inJune, campaign: slug, email: 'ann@x.org' })
    await c.send(event('payment_intent.succeeded', paymentIntent(d2)))
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 3500, donations: 2, donors: 1 })
    await c.expectTotalsMatchLedger()
  })

  it('subtracts refunds once per refund, and reverses a failed one', async () => {
    const c = client(target())
    const slug = uniqueSlug('refunds')
    await c.createCampaign({ ...newsCampaign, slug })
    const d = donation({ amount: 5000, created: inJune, campaign: slug, customer: 'cus_r1' })
    await c.send(event('payment_intent.succeeded', paymentIntent(d)))
    const partial = refund(d, 1500, 'succeeded')
    await c.send(event('refund.created', partial))
    await c.send(event('refund.updated', partial))
    // charge.refunded carries the cumulative amount; the same refund is not taken twice.
    await c.send(
      event(
        'charge.refunded',
        charge(d, {
          amount_refunded: 1500,
          refunds: { object: 'list', data: [partial], has_more: false, url: '' },
        } as never),
      ),
    )
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 3500, donations: 1 })
    const failing = refund(d, 1000, 'succeeded')
    await c.send(event('refund.created', failing))
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 2500 })
    await c.send(event('refund.failed', { ...failing, status: 'failed' }))
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 3500 })
    const ledger = await c.json<{ entries: { kind: string; amount: number }[] }>(
      await c.call('GET', `/api/admin/campaigns/${slug}/ledger`),
      200,
    )
    expect(ledger.entries.map((e) => [e.kind, e.amount]).sort()).toEqual(
      [
        ['payment', 5000],
        ['refund', -1500],
        ['refund', -1000],
        ['refund_reversal', 1000],
      ].sort(),
    )
    await c.expectTotalsMatchLedger()
  })

  it('answers a duplicate event 2xx and records unknown types as ignored', async () => {
    const c = client(target())
    const e = event('customer.created', { id: 'cus_ignored', object: 'customer' })
    expect(await c.send(e)).toMatchObject({ outcome: 'ignored' })
    expect(await c.send(e)).toMatchObject({ outcome: 'duplicate' })
    const list = await c.json<{ events: { id: string; status: string }[] }>(
      await c.call('GET', '/api/admin/stripe/events?status=ignored'),
      200,
    )
    expect(list.events.find((x) => x.id === e.id)).toMatchObject({ status: 'ignored' })
  })
}

function attributionCases(target: () => Target) {
  it('moves a payment from the default campaign, with its donor and later refunds, once a session names another', async () => {
    const c = client(target())
    const home = uniqueSlug('default')
    const other = uniqueSlug('radio')
    await c.createCampaign({ ...newsCampaign, slug: home, isDefault: true })
    await c.createCampaign({ ...newsCampaign, slug: other, name: 'Radio' })
    const d = donation({ amount: 1000, created: inJune, customer: `cus_${other}` })
    await c.send(event('payment_intent.succeeded', paymentIntent(d)))
    expect(await c.progress(home, june)).toMatchObject({ pledged: 1000, donations: 1, donors: 1 })
    await c.send(event('checkout.session.completed', checkoutSession(d, other)))
    await c.send(event('checkout.session.async_payment_succeeded', checkoutSession(d, other)))
    expect(await c.progress(home, june)).toMatchObject({ pledged: 0, donations: 0, donors: 0 })
    expect(await c.progress(other, june)).toMatchObject({ pledged: 1000, donations: 1, donors: 1 })
    await c.send(event('refund.created', refund(d, 400, 'succeeded')))
    expect(await c.progress(other, june)).toMatchObject({ pledged: 600 })
    await c.json(await c.call('PATCH', `/api/admin/campaigns/${home}`, { isDefault: false }), 200)
    await c.expectTotalsMatchLedger()
  })

  it('puts subscription renewals in the month of each payment, in the campaign timezone', async () => {
    const c = client(target())
    const slug = uniqueSlug('subs')
    await c.createCampaign({ ...newsCampaign, slug })
    // 02:00 UTC on July 1st is still June in New York.
    for (const when of ['2026-05-03T10:00:00Z', '2026-07-01T02:00:00Z']) {
      const d = donation({ amount: 500, created: unix(when), customer: `cus_${slug}` })
      await c.send(event('invoice.paid', invoice(d, slug)))
      await c.send(event('payment_intent.succeeded', paymentIntent(d)))
    }
    expect(await c.progress(slug, '2026-05')).toMatchObject({ pledged: 500, donors: 1 })
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 500, donors: 1 })
    expect(await c.progress(slug, '2026-07')).toMatchObject({ pledged: 0, donors: 0 })
    await c.expectTotalsMatchLedger()
  })

  it('counts dispute withdrawals and reinstatements once per balance transaction', async () => {
    const c = client(target())
    const slug = uniqueSlug('disputes')
    await c.createCampaign({ ...newsCampaign, slug })
    const won = donation({ amount: 7000, created: inJune, campaign: slug })
    await c.send(event('payment_intent.succeeded', paymentIntent(won)))
    const w = [
      { id: `txn_${slug}_1`.replace(/-/g, ''), amount: -7000, fee: -1500 },
      { id: `txn_${slug}_2`.replace(/-/g, ''), amount: 7000, fee: 1500 },
    ]
    const dp = `dp_${slug}`.replace(/-/g, '')
    await c.send(
      event('charge.dispute.funds_withdrawn', dispute(won, w.slice(0, 1), 'under_review', dp)),
    )
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 0 })
    await c.send(event('charge.dispute.funds_reinstated', dispute(won, w, 'won', dp)))
    await c.send(event('charge.dispute.closed', dispute(won, w, 'won', dp)))
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 7000, donations: 1 })
    await c.expectTotalsMatchLedger()
  })

  it('accepts a refund whose payment is unknown, keeps it, and counts it once the payment came', async () => {
    const c = client(target())
    const slug = uniqueSlug('early')
    await c.createCampaign({ ...newsCampaign, slug })
    const d = donation({ amount: 4000, created: inJune, campaign: slug })
    const early = event('refund.created', refund(d, 1000, 'succeeded'))
    expect(await c.send(early)).toMatchObject({ outcome: 'parked' })
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 0 })
    await c.send(event('payment_intent.succeeded', paymentIntent(d)))
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 3000, donations: 1 })
    // A second delivery of the parked event changes nothing.
    expect(await c.send(early)).toMatchObject({ outcome: 'duplicate' })
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 3000, donations: 1 })
    await c.expectTotalsMatchLedger()
  })

  it('applies refunds, disputes and enrichments that came first exactly once, in any order, with duplicates', async () => {
    const c = client(target())
    const slug = uniqueSlug('park')
    const other = uniqueSlug('parkb')
    await c.createCampaign({ ...newsCampaign, slug })
    await c.createCampaign({ ...newsCampaign, slug: other, timezone: 'Europe/Paris' })
    // 23:30 New York on June 30th is July 1st in Paris: the enrichment decides the month too.
    const created = unix('2026-07-01T03:30:00Z')
    const d = donation({ amount: 9000, created, campaign: slug })
    const bare = donation({ amount: 5000, created })
    const r = refund(d, 2000, 'succeeded')
    const r2 = refund(bare, 500, 'succeeded')
    const out = [{ id: `txn_o${slug}`.replace(/-/g, ''), amount: -7000, fee: -1500 }]
    const early = [
      event('refund.created', r),
      event('refund.updated', r),
      event('charge.dispute.funds_withdrawn', dispute(d, out, 'under_review')),
      event('checkout.session.completed', checkoutSession(bare, other)),
      event('refund.created', r2),
    ]
    // Two rounds of every early event, interleaved in a fixed shuffle; all accepted at once.
    for (const e of [
      early[2],
      early[0],
      early[4],
      early[3],
      early[1],
      early[0],
      early[2],
      early[4],
    ]) {
      expect((await postEventRaw(target(), e as Stripe.Event)).status).toBe(200)
    }
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 0 })
    const payments = [
      event('payment_intent.succeeded', paymentIntent(d)),
      event('payment_intent.succeeded', paymentIntent(bare)),
    ]
    await Promise.all([...payments, ...payments].map((e) => postEventRaw(target(), e)))
    for (const e of early) await c.send(e)
    expect(await c.progress(slug, june)).toMatchObject({ pledged: 0, donations: 1 })
    expect(await c.progress(other, '2026-07')).toMatchObject({ pledged: 4500, donations: 1 })
    await c.expectTotalsMatchLedger()
  })
  it('recompute while webhooks flow finds no differences and records none', async () => {
    const c = client(target())
    const slug = uniqueSlug('busy')
    const N = 60
    await c.createCampaign({ ...newsCampaign, slug })
    const ds = Array.from({ length: N }, (_, i) =>
      donation({ amount: 100 + i, created: inJune, campaign: slug, customer: `cus_b${i % 7}` }),
    )
    const sends = ds.flatMap((d, i) => [
      postEventRaw(target(), event('payment_intent.succeeded', paymentIntent(d))),
      ...(i % 3 === 0
        ? [postEventRaw(target(), event('refund.created', refund(d, 50, 'succeeded')))]
        : []),
    ])
    const recomputes = Array.from({ length: 8 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 15))
      return c.json<{ differences: unknown[] }>(await c.call('POST', '/api/admin/recompute'), 200)
    })
    const [sent, done] = await Promise.all([Promise.all(sends), Promise.all(recomputes)])
    for (const res of sent) expect(res.status).toBe(200)
    for (const r of done) expect(r.differences).toEqual([])
    const audit = await c.json<{ records: { action: string; before: unknown; after: unknown }[] }>(
      await c.call('GET', '/api/admin/audit?action=ledger.recompute&limit=500'),
      200,
    )
    for (const r of audit.records) expect([r.before, r.after]).toEqual([[], []])
    const total = ds.reduce((sum, d, i) => sum + d.amount - (i % 3 === 0 ? 50 : 0), 0)
    expect(await c.progress(slug, june)).toMatchObject({ pledged: total, donations: N, donors: 7 })
    await c.expectTotalsMatchLedger()
  })
}

const postEventRaw = (t: Target, e: Stripe.Event) => postEvent((p, i) => t.fetch(p, i), e)

function streamCases(target: () => Target, streams: boolean) {
  it(
    streams
      ? 'streams the progress as server-sent events'
      : 'refuses live streams with 503 so the widget polls',
    async () => {
      const c = client(target())
      const slug = uniqueSlug('live')
      await c.createCampaign({ ...newsCampaign, slug })
      const res = await target().fetch(`/api/campaigns/${slug}/stream?month=${june}`)
      if (!streams) {
        await expectError(res, 503, 'unavailable')
        return
      }
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
      const reader = res.body?.getReader()
      if (!reader) throw new Error('stream without a body')
      let text = ''
      while (!text.includes('\n\n')) {
        const { value, done } = await reader.read()
        if (done) break
        text += new TextDecoder().decode(value)
      }
      await reader.cancel()
      expect(text).toMatch(/^event: progress$/m)
      const data = /^data: (.*)$/m.exec(text)?.[1] ?? '{}'
      expect(JSON.parse(data)).toMatchObject({ slug, month: june, pledged: 0 })
    },
  )
}

function embedCases(target: () => Target) {
  it('serves the bar as an HTML page, an SVG image and the web component', async () => {
    const c = client(target())
    const slug = uniqueSlug('embed')
    await c.createCampaign({ ...newsCampaign, slug, name: 'News <&> "Co"' })
    await c.call('POST', `/api/admin/campaigns/${slug}/adjustments`, {
      month: june,
      amount: 136000,
      reason: 'offline gifts',
    })
    const t = target()
    const page = await t.fetch(`/embed/${slug}?month=${june}&currencyDisplay=after`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    const html = await page.text()
    for (const text of ['0 $', '2,500 $', '5,000 $', '1,360 $', 'JUNE 2026', '>Support</a>']) {
      expect(html).toContain(text)
    }
    expect(html).not.toContain('News <&>')
    expect(html).toContain('News &lt;&amp;&gt;')
    const svg = await t.fetch(`/embed/${slug}.svg?month=${june}&width=320`)
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=UTF-8')
    const image = await svg.text()
    expect(image).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="320"/)
    expect(image).toContain('$1,360 of $5,000 raised in June 2026 (27.2%)')
    const etag = svg.headers.get('etag') ?? ''
    const again = await t.fetch(`/embed/${slug}.svg?month=${june}&width=320`, {
      headers: { 'If-None-Match': etag },
    })
    expect(again.status).toBe(304)
    const widget = await t.fetch('/widget.js')
    expect(widget.status).toBe(200)
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=UTF-8')
    expect(await widget.text()).toContain('support-bar')
  })

  it("keeps a campaign's bar settings, speaks the reader's language and serves the history", async () => {
    const c = client(target())
    const slug = uniqueSlug('bar')
    await c.createCampaign({ ...newsCampaign, slug })
    const bar = {
      buttonLabel: 'Give now',
      tagline: 'Paid for by readers',
      milestones: [{ amount: 250000, label: 'a camera' }],
      stretchGoals: [750000],
      donorGoal: 100,
      show: ['donors'],
    }
    const patched = await c.json<{ bar: unknown }>(
      await c.call('PATCH', `/api/admin/campaigns/${slug}`, { bar }),
      200,
    )
    expect(patched.bar).toEqual(bar)
    await c.call('POST', `/api/admin/campaigns/${slug}/adjustments`, {
      month: june,
      amount: 600000,
      reason: 'offline gifts',
    })
    const p = await c.progress(slug, june)
    expect(p).toMatchObject({ goal: 750000, baseGoal: 500000, buttonLabel: 'Give now' })
    const t = target()
    const de = await (await t.fetch(`/embed/${slug}?month=${june}&locale=de`)).text()
    expect(de).toContain('<html lang="de">')
    expect(de).toMatch(/lang="en-US">Give now<\/a>/)
    expect(de).toContain('gesammelt im Juni 2026')
    const history = await t.fetch(`/api/campaigns/${slug}/history?months=3`)
    expect(history.status).toBe(200)
    const h = (await history.json()) as { months: { month: string }[] }
    expect(h.months).toHaveLength(3)
    const chart = await t.fetch(`/embed/${slug}/history.svg?months=3`)
    expect(chart.headers.get('content-type')).toBe('image/svg+xml; charset=UTF-8')
    expect(await chart.text()).not.toContain('var(')
  })
}
