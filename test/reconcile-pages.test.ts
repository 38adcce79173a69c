import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reconcile } from '../src/reconcile/run.js'
import { getRun, runDiscrepancies } from '../src/store/reconciliations.js'
import { balance } from './stripe-configs/fees.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

/**
 * A payout of many pages, read a page at a time: the report is the same whatever the page size
 * and however often Stripe answers 429, and every page but the last was asked for with the last
 * id of the one before (`starting_after`).
 */
describe('reconciliation, page by page', () => {
  let t: TestApp
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  const created = Date.parse('2027-05-10T12:00:00Z') / 1000
  const po = 'po_pages1'
  const N = 23

  beforeAll(async () => {
    fake = await startFakeStripe()
    t = await makeTestApp()
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    let net = 0
    for (let i = 0; i < N; i++) {
      // None of these charges is in the ledger: each is MISSING_IN_LEDGER.
      const txn = balance(`txn_p${i}`, `ch_p${i}`, {
        amount: 1000 + i,
        fee: 30,
        currency: 'usd',
        created: created + i,
      })
      net += txn.net
      fake.books.rows.push({ txn, payout: po })
    }
    fake.data.objects.set(po, {
      id: po,
      object: 'payout',
      amount: net,
      arrival_date: created + 86400,
      currency: 'usd',
    })
  })
  afterAll(async () => {
    await t?.close()
    await fake?.close()
  })

  const run = async (pageSize: number) => {
    const r = await reconcile(
      { store: t.store, stripe: fake.stripe, now: () => new Date(), list: { pageSize, waitMs: 1 } },
      { scope: { payout: po }, account: null },
    )
    return { run: r, discrepancies: await runDiscrepancies(t.store, r.id) }
  }

  it('names the same differences with pages of 5, with 429s, as with one page of 100', async () => {
    const one = await run(100)
    expect(one.discrepancies).toHaveLength(N)
    expect(new Set(one.discrepancies.map((d) => d.code))).toEqual(new Set(['MISSING_IN_LEDGER']))
    fake.books.rateLimitEvery = 2
    fake.books.listed = 0
    const before = fake.requests.length
    const paged = await run(5)
    fake.books.rateLimitEvery = 0
    const strip = (d: { seq: number }[]) =>
      d
        .map(({ seq: _, ...rest }) => rest)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    expect(strip(paged.discrepancies)).toEqual(strip(one.discrepancies))
    expect(paged.run.stripe).toEqual(one.run.stripe)
    expect(paged.run.stripe).toMatchObject({ count: N, fees: 30 * N })
    // 5 pages, each first asked once and refused (429), then asked again.
    const lists = fake.requests
      .slice(before)
      .filter((r) => r.startsWith('GET /v1/balance_transactions'))
    expect(lists).toHaveLength(10)
    expect(fake.books.limited).toBeGreaterThanOrEqual(5)
    expect(lists.filter((r) => r.includes('starting_after=')).length).toBe(8)
    expect((await getRun(t.store, paged.run.id))?.status).toBe('done')
  })

  it('keeps a run Stripe fails as failed, with its error', async () => {
    // The first request is refused, and no retry is allowed.
    fake.books.rateLimitEvery = 2
    fake.books.listed = 0
    const limitedRun = reconcile(
      {
        store: t.store,
        stripe: fake.stripe,
        now: () => new Date(),
        list: { pageSize: 100, waitMs: 1, retries: 0 },
      },
      { scope: { payout: po }, account: null },
    )
    await expect(limitedRun).rejects.toThrow(/Too many requests/)
    fake.books.rateLimitEvery = 0
    const res = await t.call('GET', '/api/admin/reconciliations?limit=1')
    const body = (await res.json()) as { runs: { status: string; error: string | null }[] }
    expect(body.runs[0]).toMatchObject({ status: 'failed' })
    expect(body.runs[0]?.error).toMatch(/Too many requests/)
  })
})
