import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reconcile } from '../src/reconcile/run.js'
import { runDiscrepancies } from '../src/store/reconciliations.js'
import { ch, envelope, gift, pi, post } from './stripe-configs/events.js'
import { balance } from './stripe-configs/fees.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { expectError, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'
import { webhookEnv } from './support/stripe-events.js'

const unix = (iso: string) => Date.parse(iso) / 1000

type Run = { id: string; startedAt: string; open: number }
type Page = { runs: Run[]; nextCursor: string | null }
type Audit = { records: { action: string; target: string | null; after: unknown }[] }

/**
 * The admin API's list of runs, newest first, a page at a time to the last; and every run and
 * repair asked for through it is in the audit trail, a repair that changed nothing too.
 */
describe('reconciliation runs over the admin API', () => {
  let t: TestApp
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  const ids: string[] = []

  beforeAll(async () => {
    fake = await startFakeStripe()
    t = await makeTestApp({ deps: { stripe: fake.stripe } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    // One charge the ledger lacks on 10 May; the repair needs its charge at Stripe.
    fake.books.rows.push({
      txn: balance('txn_api1', 'ch_api1', {
        amount: 1000,
        fee: 59,
        currency: 'usd',
        created: unix('2027-05-10T09:00:00Z'),
      }),
    })
    fake.data.objects.set('ch_api1', {
      id: 'ch_api1',
      object: 'charge',
      amount: 1000,
      amount_captured: 1000,
      amount_refunded: 0,
      balance_transaction: 'txn_api1',
      billing_details: { email: null },
      captured: true,
      created: unix('2027-05-10T09:00:00Z'),
      currency: 'usd',
      customer: null,
      livemode: false,
      metadata: { campaign: 'news' },
      paid: true,
      payment_intent: null,
      receipt_email: null,
      refunded: false,
      status: 'succeeded',
    })
    // Five runs of five days, one after another: the 10th names the charge.
    for (let d = 6; d <= 10; d++) {
      const day = `2027-05-${String(d).padStart(2, '0')}`
      const res = await t.call('POST', '/api/admin/reconciliations', {
        from: `${day}T00:00:00Z`,
        to: `${day}T23:59:59Z`,
      })
      expect(res.status).toBe(201)
      ids.push(((await res.json()) as { id: string }).id)
      // Runs are ordered by their start: keep each start apart.
      await new Promise((r) => setTimeout(r, 5))
    }
  })
  afterAll(async () => {
    await t?.close()
    await fake?.close()
  })

  it('lists the runs newest first, two a page, each once, to a last page without a cursor', async () => {
    const seen: Run[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      const res = await t.call('GET', `/api/admin/reconciliations?limit=2${q}`)
      expect(res.status).toBe(200)
      const page = (await res.json()) as Page
      expect(page.runs.length).toBeLessThanOrEqual(2)
      seen.push(...page.runs)
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBe(3)
    expect(seen.map((r) => r.id)).toEqual([...ids].reverse())
    expect(seen.map((r) => r.open)).toEqual([1, 0, 0, 0, 0])
  })

  it('refuses a cursor it did not give, and a limit out of range, with the one error shape', async () => {
    await expectError(await t.call('GET', '/api/admin/reconciliations?cursor=nope'), 400)
    await expectError(await t.call('GET', '/api/admin/reconciliations?limit=0'), 400)
    await expectError(await t.call('GET', '/api/admin/reconciliations?limit=101'), 400)
  })

  it('audits each run and each repair, and a second repair changes nothing', async () => {
    const newest = ids.at(-1) ?? ''
    const first = await t.call('POST', `/api/admin/reconciliations/${newest}/repair`)
    expect(first.status).toBe(200)
    expect(((await first.json()) as { repaired: unknown[] }).repaired).toHaveLength(1)
    const second = await t.call('POST', `/api/admin/reconciliations/${newest}/repair`)
    expect(((await second.json()) as { repaired: unknown[] }).repaired).toEqual([])
    const audit = async (action: string) =>
      ((await (await t.call('GET', `/api/admin/audit?action=${action}`)).json()) as Audit).records
    const runs = await audit('reconciliation.run')
    expect(runs.map((r) => r.target).sort()).toEqual([...ids].sort())
    const repairs = await audit('reconciliation.repair')
    expect(repairs).toHaveLength(1)
    expect(repairs[0]).toMatchObject({ target: 'ch_api1', after: { outcome: 'processed' } })
    const progress = (await (
      await t.call('GET', '/api/campaigns/news/progress?month=2027-05')
    ).json()) as {
      pledged: number
      donations: number
    }
    expect(progress).toMatchObject({ pledged: 1000, donations: 1 })
  })
})

/**
 * Money the ledger counts that Stripe does not list, in a time range: every entry named, read a
 * page at a time however many there are, each under its own account's run only.
 */
describe('missing at Stripe, page by page, per account', () => {
  let t: TestApp
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  const created = unix('2027-06-03T12:00:00Z')
  const platform: string[] = []
  const local: string[] = []

  beforeAll(async () => {
    fake = await startFakeStripe()
    t = await makeTestApp({ env: webhookEnv, deps: { stripe: fake.stripe } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const other = { ...newsCampaign, slug: 'local', name: 'Local', stripeAccount: 'acct_1Local' }
    expect((await t.call('POST', '/api/admin/campaigns', other)).status).toBe(201)
    const request = (path: string, init?: RequestInit) => t.app.request(path, init)
    // Gifts the ledger records with their balance transactions; Stripe lists none of them.
    for (let i = 0; i < 7; i++) {
      const account = i % 3 === 0 ? 'acct_1Local' : null
      const g = gift({
        amount: 1000 + i,
        currency: 'usd',
        created: created + i,
        campaign: account ? 'local' : 'news',
      })
      const at = (id: string) => (account ? `${account}:${id}` : id)
      fake.data.objects.set(at(g.pi), pi(g))
      fake.data.objects.set(at(g.ch), ch(g, g.txn))
      fake.data.objects.set(
        at(g.txn),
        balance(g.txn, g.ch, { amount: g.amount, fee: 59, currency: 'usd', created: g.created }),
      )
      const e = envelope('payment_intent.succeeded', pi(g), g.created, account ? { account } : {})
      expect((await post(request, e)).status).toBe(200)
      ;(account ? local : platform).push(g.txn)
    }
  })
  afterAll(async () => {
    await t?.close()
    await fake?.close()
  })

  it('names every unlisted entry of the account, with pages of two', async () => {
    const scope = { from: '2027-06-03T00:00:00Z', to: '2027-06-04T00:00:00Z' }
    for (const [account, txns] of [
      [null, platform],
      ['acct_1Local', local],
    ] as const) {
      const run = await reconcile(
        {
          store: t.store,
          stripe: fake.stripe,
          now: () => new Date(),
          list: { pageSize: 2, waitMs: 1 },
        },
        { scope, account },
      )
      const named = await runDiscrepancies(t.store, run.id)
      expect(named.every((d) => d.code === 'MISSING_AT_STRIPE')).toBe(true)
      expect(named.map((d) => d.balanceTransaction).sort()).toEqual([...txns].sort())
    }
  })
})
