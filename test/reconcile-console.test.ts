import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { balance } from './stripe-configs/fees.js'
import { consoleClient } from './support/console-client.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

const unix = (iso: string) => Date.parse(iso) / 1000

/**
 * The console's reconciliation pages write money as money (major units with the currency, as
 * each currency has them), while the API keeps minor units; and its form reconciles a connected
 * account on its own, with that account's Stripe-Account header.
 */
describe('reconciliation in the console', () => {
  let t: TestApp
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let b: ReturnType<typeof consoleClient>
  const created = unix('2027-05-10T12:00:00Z')

  beforeAll(async () => {
    fake = await startFakeStripe()
    t = await makeTestApp({ deps: { stripe: fake.stripe } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const local = { ...newsCampaign, slug: 'local', name: 'Local', stripeAccount: 'acct_1Local' }
    expect((await t.call('POST', '/api/admin/campaigns', local)).status).toBe(201)
    // The platform's payout: a charge the ledger never saw, and a payout one cent over.
    const usd = balance('txn_usd1', 'ch_usd1', { amount: 5125, fee: 179, currency: 'usd', created })
    fake.books.rows.push({ txn: usd, payout: 'po_usd1' })
    fake.data.objects.set('po_usd1', {
      id: 'po_usd1',
      object: 'payout',
      amount: usd.net + 1,
      arrival_date: created + 86400,
      currency: 'usd',
      status: 'paid',
    })
    // The connected account's payout, in yen (no minor digits); the platform has a payout with
    // the same id that must not be read for it.
    const jpy = balance('txn_jpy1', 'ch_jpy1', { amount: 5000, fee: 180, currency: 'jpy', created })
    fake.books.rows.push({ txn: jpy, payout: 'po_acct1', account: 'acct_1Local' })
    fake.data.objects.set('acct_1Local:po_acct1', {
      id: 'po_acct1',
      object: 'payout',
      amount: jpy.net,
      arrival_date: created + 86400,
      currency: 'jpy',
      status: 'paid',
    })
    fake.data.objects.set('po_acct1', {
      id: 'po_acct1',
      object: 'payout',
      amount: 999,
      arrival_date: created + 86400,
      currency: 'usd',
      status: 'paid',
    })
    fake.books.rows.push({
      txn: balance('txn_platform1', 'ch_platform1', {
        amount: 1029,
        fee: 30,
        currency: 'usd',
        created,
      }),
      payout: 'po_acct1',
    })
    b = consoleClient(t)
    await b.signIn()
  })
  afterAll(async () => {
    await t?.close()
    await fake?.close()
  })

  const start = async (fields: Record<string, string>) => {
    const csrf = await b.csrf('/admin/reconciliations')
    const res = await b.post('/admin/reconciliations', { _csrf: csrf, ...fields })
    expect(res.status, await res.clone().text()).toBe(303)
    const at = res.headers.get('Location') ?? ''
    expect(at).toMatch(/^\/admin\/reconciliations\/[0-9a-f-]+$/)
    return at
  }

  it("writes a report's totals and each difference's figures as money; the API keeps minor units", async () => {
    const at = await start({ payout: 'po_usd1' })
    const page = await (await b.get(at)).text()
    // Totals: Stripe's gross, fees and net; the ledger's none.
    expect(page).toContain('$51.25 USD')
    expect(page).toContain('$1.79 USD')
    expect(page).toContain('$49.46 USD')
    expect(page).toContain('$0 USD')
    // The missing charge's amount, and the payout's expected and actual.
    expect(page).toContain('MISSING_IN_LEDGER')
    expect(page).toContain('$49.47 USD')
    expect(page).not.toContain('(minor units)')
    expect(page).not.toMatch(/>5125</)
    const list = await (await b.get('/admin/reconciliations')).text()
    expect(list).toContain('$49.46 USD')
    // The API: minor units, with the currency they are in.
    const id = at.split('/').at(-1)
    const api = (await (await t.call('GET', `/api/admin/reconciliations/${id}`)).json()) as {
      currency: string
      stripe: { gross: number }
      discrepancies: { code: string; expected: number; actual: number; currency: string }[]
    }
    expect(api.currency).toBe('USD')
    expect(api.stripe.gross).toBe(5125)
    expect(api.discrepancies.map((d) => [d.code, d.expected, d.actual, d.currency])).toEqual(
      expect.arrayContaining([
        ['MISSING_IN_LEDGER', 5125, null, 'USD'],
        ['PAYOUT_TOTAL_MISMATCH', 4947, 4946, 'USD'],
      ]),
    )
  })

  it('reconciles a connected account on its own, with its Stripe-Account header; yen without decimals', async () => {
    const before = fake.requests.length
    const at = await start({ payout: 'po_acct1', account: 'acct_1Local' })
    const page = await (await b.get(at)).text()
    expect(page).toContain('acct_1Local')
    expect(page).toContain('¥5,000 JPY')
    expect(page).toContain('¥180 JPY')
    const id = at.split('/').at(-1)
    const api = (await (await t.call('GET', `/api/admin/reconciliations/${id}`)).json()) as {
      account: string
      stripe: { count: number }
      discrepancies: { code: string; balanceTransaction: string }[]
    }
    expect(api.account).toBe('acct_1Local')
    expect(api.stripe.count).toBe(1)
    expect(api.discrepancies.map((d) => [d.code, d.balanceTransaction])).toEqual([
      ['MISSING_IN_LEDGER', 'txn_jpy1'],
    ])
    // Every request of the run went to the connected account.
    const sent = fake.requests.slice(before)
    const accounts = fake.accounts.slice(before)
    const stripeCalls = sent
      .map((r, i) => [r, accounts[i]] as const)
      .filter(([r]) => /^GET \/v1\/(balance_transactions|payouts)/.test(r))
    expect(stripeCalls.length).toBeGreaterThanOrEqual(2)
    for (const [, account] of stripeCalls) expect(account).toBe('acct_1Local')
  })

  it('answers a bad account with the form again, and starts nothing', async () => {
    const runs = async () =>
      ((await (await t.call('GET', '/api/admin/reconciliations')).json()) as { runs: unknown[] })
        .runs.length
    const n = await runs()
    const csrf = await b.csrf('/admin/reconciliations')
    const res = await b.post('/admin/reconciliations', {
      _csrf: csrf,
      payout: 'po_acct1',
      account: 'not-an-account',
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Reconciliation with Stripe')
    expect(await runs()).toBe(n)
  })
})
