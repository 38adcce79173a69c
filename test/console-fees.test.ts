import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { consoleClient } from './support/console-client.js'
import {
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import {
  dispute,
  donation,
  event,
  paymentIntent,
  postEvent,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

/**
 * Issue 21 §1 in the console and the admin API, without Stripe's API: a dispute's withdrawal
 * carries its dispute fee in the event, so gross, fees and net show at once; the bar shows gross
 * or net as the campaign's form says; a reversed entry takes its fee back with it.
 */
describe('gross, fees and net in the console', () => {
  let t: TestApp
  let b: ReturnType<typeof consoleClient>

  beforeEach(async () => {
    t = await makeTestApp({ env: webhookEnv, deps: { clock: fixedClock('2021-06-15T12:00:00Z') } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    b = consoleClient(t)
    await b.signIn()
    const d = donation({ amount: 10_000, created: unix('2021-06-10T12:00:00Z'), campaign: 'news' })
    for (const e of [
      event('payment_intent.succeeded', paymentIntent(d)),
      event(
        'charge.dispute.funds_withdrawn',
        dispute(d, [{ id: 'txn_dp_1', amount: -4000, fee: 1500 }], 'needs_response'),
      ),
    ]) {
      expect((await postEvent((p, i) => t.app.request(p, i), e)).status).toBe(200)
    }
  })
  afterEach(async () => {
    await t.close()
  })

  const progress = async () =>
    (await (await t.app.request('/api/campaigns/news/progress?month=2021-06')).json()) as {
      pledged: number
      gross: number
      fees: number
      net: number
      barAmount: string
    }

  it('shows gross, fees and net in the figures, the history and the ledger', async () => {
    expect(await progress()).toMatchObject({ pledged: 6000, gross: 6000, fees: 1500, net: 4500 })
    const months = (await (await t.call('GET', '/api/admin/campaigns/news/months')).json()) as {
      months: { month: string; pledged: number; fees: number; net: number }[]
    }
    expect(months.months.find((m) => m.month === '2021-06')).toMatchObject({
      pledged: 6000,
      fees: 1500,
      net: 4500,
    })
    const page = await (await b.get('/admin/campaigns/news')).text()
    expect(page).toContain('$60 gross, $15 fees, $45 net')
    expect(page).toMatch(
      /<th class="num">Gross<\/th><th class="num">Fees<\/th><th class="num">Net<\/th>/,
    )
    const ledger = await (await b.get('/admin/campaigns/news/ledger')).text()
    expect(ledger).toContain('<th class="num">Fee</th>')
    expect(ledger).toMatch(/title="txn_dp_1">\$15</)
    expect(ledger).toContain('-$55')
  })

  it("saves what the bar shows from the campaign's form and refuses anything else", async () => {
    const csrf = await b.csrf('/admin/campaigns/news')
    const form = {
      _csrf: csrf,
      name: 'The Daily News',
      goal: '5,000.00',
      locale: 'en-US',
      timezone: 'America/New_York',
      donateUrl: 'https://example.org/donate',
    }
    const saved = await b.post('/admin/campaigns/news', { ...form, barAmount: 'net' })
    expect(saved.status).toBe(303)
    expect(await progress()).toMatchObject({ pledged: 4500, barAmount: 'net' })
    const page = await (await b.get('/admin/campaigns/news')).text()
    expect(page).toContain('<option value="net" selected="">')
    const bad = await b.post('/admin/campaigns/news', { ...form, barAmount: 'everything' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('barAmount')
    expect(await progress()).toMatchObject({ pledged: 4500, barAmount: 'net' })
  })

  it('lists reconciliations and says in words why one cannot run without a Stripe key', async () => {
    const page = await (await b.get('/admin/reconciliations')).text()
    expect(page).toContain('No reconciliation has run yet.')
    expect(page).toContain('<a href="/admin/reconciliations">Reconciliation</a>')
    const csrf = await b.csrf('/admin/reconciliations')
    const res = await b.post('/admin/reconciliations', { _csrf: csrf, payout: 'po_1Q2w3E' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Reconciliation needs STRIPE_SECRET_KEY')
    const unknown = await b.get('/admin/reconciliations/no-such-run')
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('No reconciliation no-such-run')
  })

  it('reverses an entry with its fee, so gross, fees and net return to what they were', async () => {
    const list = (await (await t.call('GET', '/api/admin/campaigns/news/ledger')).json()) as {
      entries: { id: string; kind: string; fee: number | null; net: number | null }[]
    }
    const withdrawal = list.entries.find((e) => e.kind === 'dispute_withdrawal')
    expect(withdrawal).toMatchObject({ fee: 1500, net: -5500 })
    const res = await t.call('POST', `/api/admin/campaigns/news/ledger/${withdrawal?.id}/reverse`, {
      reason: 'dispute entered by mistake',
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ gross: 4000, fee: -1500, net: 5500 })
    expect(await progress()).toMatchObject({ gross: 10_000, fees: 0, net: 10_000 })
    await expectTotalsMatchLedger(t.store)
  })
})
