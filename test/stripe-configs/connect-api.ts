import type Stripe from 'stripe'
import { expect, it } from 'vitest'
import { WHSEC } from '../support/stripe-events.js'
import { at, bt, ch, deliver, envelope, gift, paid, pi, re, sid } from './events.js'
import { admin, type ConfigCase, SEEDS } from './shared.js'

/**
 * Stripe Connect, the calls the service makes to Stripe for a connected account: each sends
 * that account's `Stripe-Account` header (the fake serves an account's objects only with it).
 */
export function connectLookupCases(t: ConfigCase) {
  const { request, campaign, progress, ledger } = t
  /** The requests the fake saw from index `from` on, with their Stripe-Account header. */
  const seen = (from: number, path: RegExp) => {
    const fake = t.fake()
    return fake.requests
      .map((r, i) => ({ r, account: fake.accounts[i] }))
      .slice(from)
      .filter((x) => path.test(x.r))
  }

  it("Connect: a connected account's conversion lookups (charge, balance transactions) ask that account, and its 5,000 JPY on a USD campaign count 33.50 USD once", async () => {
    for (const seed of SEEDS) {
      const fake = t.fake()
      const acc = sid('acct')
      const slug = await campaign({ stripeAccount: acc })
      const created = at('2027-01-31T23:30:00Z') // January in New York
      const g = gift({ amount: 5000, currency: 'jpy', created, campaign: slug })
      const refundId = sid('re')
      const refundTxn = sid('txn')
      const later = at('2027-02-20T12:00:00Z')
      // The account's objects, found only with its Stripe-Account header.
      fake.data.objects.set(`${acc}:${g.ch}`, ch(g, null))
      fake.data.objects.set(`${acc}:${g.txn}`, bt(g.txn, g.ch, 3350, 'usd', created + 60))
      fake.data.objects.set(`${acc}:${refundTxn}`, bt(refundTxn, refundId, -1675, 'usd', later))
      const on = { account: acc }
      const events = [
        envelope('payment_intent.succeeded', pi(g), created, on),
        envelope('charge.succeeded', ch(g, null), created, on),
        envelope('charge.updated', ch(g, g.txn), created + 60, {
          ...on,
          previous: { balance_transaction: null },
        }),
        envelope('refund.created', re(g, refundId, 2500, null, later), later, on),
        envelope('refund.updated', re(g, refundId, 2500, refundTxn, later), later + 60, {
          ...on,
          previous: { balance_transaction: null },
        }),
      ]
      const from = fake.requests.length
      const statuses = await deliver(request, events, seed)
      expect(statuses.every((s) => s === 200)).toBe(true)
      expect(await progress(slug, '2027-01')).toMatchObject({ pledged: 3350 - 1675, donations: 1 })
      const lookups = seen(from, /^GET \/v1\/(charges|balance_transactions)\//)
      expect(lookups.length).toBeGreaterThan(0)
      expect(lookups.filter((x) => x.account !== acc)).toEqual([])
    }
  })

  it('Connect: a payment of a connected account with no campaign has its invoice looked up on that account, and counts to the campaign of it the invoice names', async () => {
    const fake = t.fake()
    const acc = sid('acct')
    const oldest = await campaign({ stripeAccount: acc })
    const named = await campaign({ stripeAccount: acc })
    const created = at('2027-03-10T15:00:00Z')
    const customer = sid('cus')
    const g = gift({ amount: 900, currency: 'usd', created, campaign: named, customer })
    const inv = sid('in')
    const payment = sid('inpay')
    fake.data.objects.set(`${acc}:${payment}`, {
      id: payment,
      object: 'invoice_payment',
      invoice: inv,
      status: 'paid',
      payment: { type: 'payment_intent', payment_intent: g.pi },
    })
    fake.data.objects.set(`${acc}:${inv}`, {
      id: inv,
      object: 'invoice',
      customer,
      metadata: {},
      parent: {
        type: 'subscription_details',
        subscription_details: { metadata: { campaign: named }, subscription: sid('sub') },
      },
      status: 'paid',
    })
    const from = fake.requests.length
    const noMeta = { metadata: {}, customer }
    const e = envelope('payment_intent.succeeded', pi(g, noMeta), created, { account: acc })
    expect((await deliver(request, [e], 3)).every((s) => s === 200)).toBe(true)
    expect(await progress(named, '2027-03')).toMatchObject({ pledged: 900, donations: 1 })
    expect(await progress(oldest, '2027-03')).toMatchObject({ pledged: 0, donations: 0 })
    const lookups = seen(from, /^GET \/v1\/(invoice_payments|invoices)\b/)
    expect(lookups.map((x) => x.r.split('?')[0])).toEqual(
      expect.arrayContaining(['GET /v1/invoice_payments', `GET /v1/invoices/${inv}`]),
    )
    expect(lookups.filter((x) => x.account !== acc)).toEqual([])
  })

  it("Connect: the donate page's Checkout Sessions are created on the campaign's account, and what they pay counts there, once and monthly", async () => {
    const fake = t.fake()
    const acc = sid('acct')
    const slug = await campaign({ stripeAccount: acc, checkout: { enabled: true } })
    const own = await campaign({ checkout: { enabled: true } })
    fake.webhooks.to((path, init) => request(path, init), WHSEC)
    const give = async (s: string, body: unknown) => {
      const res = await request(`/api/campaigns/${s}/checkout`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(res.status, await res.clone().text()).toBe(200)
      return ((await res.json()) as { id: string }).id
    }
    const once = await give(slug, { amount: 2500, interval: 'once' })
    expect(fake.checkout.calls.at(-1)).toMatchObject({
      account: acc,
      params: { 'metadata[campaign]': slug },
    })
    const monthly = await give(slug, { amount: 1000, interval: 'month' })
    expect(fake.checkout.calls.at(-1)?.account).toBe(acc)
    await give(own, { amount: 700, interval: 'once' })
    expect(fake.checkout.calls.at(-1)?.account).toBe(null)
    for (const id of [once, monthly]) {
      const sent = await fake.pay(id)
      expect(sent.statuses.every((s) => s === 200)).toBe(true)
      expect(sent.events.every((e) => e.account === acc)).toBe(true)
    }
    // The thank-you page reads the session back from the account it was created on.
    const from = fake.requests.length
    const thanks = await request(`/donate/${slug}/thanks?session_id=${once}`)
    expect(thanks.status).toBe(200)
    expect(await thanks.text()).toContain('$25')
    const read = seen(from, /^GET \/v1\/checkout\/sessions\//)
    expect(read.map((x) => x.account)).toEqual([acc])
    const payments = (await ledger(slug)).filter((e) => e.kind === 'payment' && e.counted)
    expect(payments.map((e) => e.amount).sort((x, y) => x - y)).toEqual([1000, 2500])
    expect((await progress(slug)).recurring).toMatchObject({ supporters: 1, monthly: 1000 })
    expect(await ledger(own)).toEqual([])
  })

  it("Connect: backfill lists each named account's events with its Stripe-Account header and counts them once, with the webhooks", async () => {
    const fake = t.fake()
    const acc = sid('acct')
    const slug = await campaign({ stripeAccount: acc })
    const created = Math.floor(Date.now() / 1000) - 3600
    const g = gift({ amount: 1500, currency: 'usd', created, campaign: slug })
    const refund = re(g, sid('re'), 300, null, created + 60)
    const events: Stripe.Event[] = [
      ...paid(g, { account: acc }),
      envelope('refund.created', refund, created + 60, { account: acc }),
    ]
    fake.data.events.push(...events)
    const from = fake.requests.length
    const res = await request('/api/admin/stripe/backfill', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ since: new Date((created - 60) * 1000).toISOString() }),
    })
    expect(res.status).toBe(200)
    const summary = (await res.json()) as { accounts: string[]; processed: number; failed: [] }
    expect(summary.accounts).toContain(acc)
    expect(summary.failed).toEqual([])
    expect(summary.processed).toBeGreaterThanOrEqual(3)
    const lists = seen(from, /^GET \/v1\/events\?/).filter((x) => x.account === acc)
    // Two pages of two events: the header goes with every page.
    expect(lists.length).toBe(2)
    expect((await deliver(request, events, 9)).every((s) => s === 200)).toBe(true)
    const counted = (await ledger(slug)).filter((e) => e.counted)
    expect(counted.map((e) => e.amount).sort((x, y) => x - y)).toEqual([-300, 1500])
  })

  it('Connect: a campaign takes a connected account id or null (admin API), refuses anything else with the one error shape, and the OpenAPI document lists the field', async () => {
    const slug = await campaign()
    const write = (method: string, path: string, body: unknown) =>
      request(path, { method, headers: admin, body: JSON.stringify(body) })
    const bad = await write('POST', '/api/admin/campaigns', {
      slug: 'cfg-bad-account',
      name: 'x',
      currency: 'USD',
      defaultGoal: 1,
      stripeAccount: 'acct-123',
    })
    expect(bad.status).toBe(422)
    const err = (await bad.json()) as { error: { code: string; message: string } }
    expect(err.error.code).toBe('invalid_body')
    expect(err.error.message).toContain('stripeAccount: must be a Stripe connected account id')
    expect((await request('/api/admin/campaigns/cfg-bad-account', { headers: admin })).status).toBe(
      404,
    )
    for (const value of ['ACCT_1', 'acct_', 'acct_1 2', 12]) {
      const res = await write('PATCH', `/api/admin/campaigns/${slug}`, { stripeAccount: value })
      expect(res.status, String(value)).toBe(422)
    }
    const get = async () =>
      (await (await request(`/api/admin/campaigns/${slug}`, { headers: admin })).json()) as {
        stripeAccount: string | null
      }
    expect((await get()).stripeAccount).toBe(null)
    const acc = sid('acct')
    expect(
      (await write('PATCH', `/api/admin/campaigns/${slug}`, { stripeAccount: acc })).status,
    ).toBe(200)
    expect((await get()).stripeAccount).toBe(acc)
    expect(
      (await write('PATCH', `/api/admin/campaigns/${slug}`, { stripeAccount: null })).status,
    ).toBe(200)
    expect((await get()).stripeAccount).toBe(null)
    const doc = (await (await request('/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> }
    }
    for (const name of ['Campaign', 'CreateCampaign', 'PatchCampaign']) {
      expect(doc.components.schemas[name]?.properties, name).toHaveProperty('stripeAccount')
    }
    expect(doc.components.schemas.StripeSetup?.properties).toHaveProperty('ignoredAccounts')
    expect(doc.components.schemas.BackfillSummary?.properties).toHaveProperty('accounts')
  })
}
