import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reconcile } from '../src/reconcile/run.js'
import { throughDate } from '../src/store/reconciled-through.js'
import { balance } from './stripe-configs/fees.js'
import { consoleClient } from './support/console-client.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

const unix = (iso: string) => Date.parse(iso) / 1000

describe('the day a clean run vouches for', () => {
  it('is the payout arrival date, or the last whole UTC day of the range', () => {
    const po = { arrivalDate: '2027-05-12T00:00:00.000Z' }
    expect(throughDate({ payout: 'po_1' }, po)).toBe('2027-05-12')
    const range = (to: string) => ({ from: '2027-05-01T00:00:00Z', to })
    expect(throughDate(range('2027-05-11T00:00:00.000Z'), null)).toBe('2027-05-10')
    expect(throughDate(range('2027-05-11T12:00:00.000Z'), null)).toBe('2027-05-10')
    expect(throughDate(range('2027-05-11T00:00:00.001Z'), null)).toBe('2027-05-10')
  })
})

/**
 * "Reconciled through <date>" on the console's campaign page and the landing page: the newest
 * finished run of the campaign's account without an open difference; a run naming one does not
 * count, and another account's clean run says nothing for it.
 */
describe('reconciled through, per campaign', () => {
  let t: TestApp
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let b: ReturnType<typeof consoleClient>

  beforeAll(async () => {
    fake = await startFakeStripe()
    t = await makeTestApp()
    // The landing page shows the default campaign.
    const news = { ...newsCampaign, isDefault: true }
    expect((await t.call('POST', '/api/admin/campaigns', news)).status).toBe(201)
    const local = { ...newsCampaign, slug: 'local', name: 'Local', stripeAccount: 'acct_1Local' }
    expect((await t.call('POST', '/api/admin/campaigns', local)).status).toBe(201)
    // A charge on the connected account the ledger never saw: its runs are not clean.
    fake.books.rows.push({
      txn: balance('txn_x', 'ch_x', {
        amount: 500,
        fee: 45,
        currency: 'usd',
        created: unix('2027-05-10T09:00:00Z'),
      }),
      account: 'acct_1Local',
    })
    b = consoleClient(t)
    await b.signIn()
  })
  afterAll(async () => {
    await t?.close()
    await fake?.close()
  })

  const run = (account: string | null, from: string, to: string) =>
    reconcile(
      { store: t.store, stripe: fake.stripe, now: () => new Date() },
      { scope: { from, to }, account },
    )
  const consoleText = async (slug: string) => {
    const res = await b.get(`/admin/campaigns/${slug}`)
    expect(res.status).toBe(200)
    return res.text()
  }
  const landing = async () => (await t.app.request('/')).text()
  /** The admin API's `reconciledThrough` of a campaign, read and listed. */
  const api = async (slug: string) => {
    const one = await t.call('GET', `/api/admin/campaigns/${slug}`)
    expect(one.status).toBe(200)
    const list = await t.call('GET', '/api/admin/campaigns')
    const listed = (
      (await list.json()) as { campaigns: { slug: string; reconciledThrough: unknown }[] }
    ).campaigns
    const inList = listed.find((c) => c.slug === slug)?.reconciledThrough
    const read = ((await one.json()) as { reconciledThrough: unknown }).reconciledThrough
    expect(inList).toBe(read)
    return read
  }

  it('says "not reconciled yet" before any run', async () => {
    expect(await consoleText('news')).toContain('Not reconciled yet')
    expect(await consoleText('local')).toContain('Not reconciled yet')
    expect(await landing()).toContain('Not reconciled yet')
    expect(await api('news')).toBeNull()
    expect(await api('local')).toBeNull()
  })

  it('shows the newest clean day of each campaign’s own account', async () => {
    await run(null, '2027-05-09T00:00:00Z', '2027-05-10T00:00:00Z')
    await run(null, '2027-05-10T00:00:00Z', '2027-05-11T00:00:00Z')
    // An older range run later does not move the date back.
    await run(null, '2027-05-01T00:00:00Z', '2027-05-02T00:00:00Z')
    const open = await run('acct_1Local', '2027-05-10T00:00:00Z', '2027-05-11T00:00:00Z')
    expect(open.status).toBe('done')
    expect(await consoleText('news')).toContain('Reconciled through 2027-05-10')
    expect(await landing()).toContain('Reconciled through 2027-05-10')
    // The connected account's only run names a difference: not reconciled, whatever the platform.
    const local = await consoleText('local')
    expect(local).toContain('Not reconciled yet')
    expect(local).not.toContain('Reconciled through')
    // A clean day before the difference's counts for the account.
    await run('acct_1Local', '2027-05-08T00:00:00Z', '2027-05-09T00:00:00Z')
    expect(await consoleText('local')).toContain('Reconciled through 2027-05-08')
    expect(await api('news')).toBe('2027-05-10')
    expect(await api('local')).toBe('2027-05-08')
  })

  it('takes a payout by its arrival date', async () => {
    fake.data.objects.set('po_clean', {
      id: 'po_clean',
      object: 'payout',
      amount: 0,
      arrival_date: unix('2027-05-20T00:00:00Z'),
      currency: 'usd',
    })
    await reconcile(
      { store: t.store, stripe: fake.stripe, now: () => new Date() },
      { scope: { payout: 'po_clean' }, account: null },
    )
    expect(await consoleText('news')).toContain('Reconciled through 2027-05-20')
    expect(await landing()).toContain('Reconciled through 2027-05-20')
    expect(await api('news')).toBe('2027-05-20')
    const patched = await t.call('PATCH', '/api/admin/campaigns/news', { name: 'News' })
    expect(patched.status).toBe(200)
    expect(((await patched.json()) as { reconciledThrough: unknown }).reconciledThrough).toBe(
      '2027-05-20',
    )
  })
})
