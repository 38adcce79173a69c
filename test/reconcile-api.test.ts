import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { balance } from './stripe-configs/fees.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { expectError, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

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
