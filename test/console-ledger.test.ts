import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { supporterQuery } from '../src/store/supporters.js'
import { consoleClient } from './support/console-client.js'
import {
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

/** The console's ledger: the donor column and the "reverse this entry" button. */
describe('console ledger', () => {
  let t: TestApp
  let b: ReturnType<typeof consoleClient>

  beforeEach(async () => {
    t = await makeTestApp({ env: webhookEnv, deps: { clock: fixedClock('2021-06-15T12:00:00Z') } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    b = consoleClient(t)
    await b.signIn()
  })
  afterEach(async () => {
    await t.close()
  })

  const pledged = async () => {
    const r = (await (await t.call('GET', '/api/admin/campaigns/news/months')).json()) as {
      months: { month: string; pledged: number }[]
    }
    return r.months.find((m) => m.month === '2021-06')?.pledged
  }

  it("shows the donor's keyed id, and the display name only where the donor consented", async () => {
    const shown = donation({
      amount: 1200,
      created: unix('2021-06-10T12:00:00Z'),
      customer: 'cus_A',
      campaign: 'news',
    })
    const hidden = donation({
      amount: 800,
      created: unix('2021-06-11T12:00:00Z'),
      customer: 'cus_B',
      campaign: 'news',
    })
    for (const d of [shown, hidden]) {
      const res = await postEvent(
        (p, i) => t.app.request(p, i),
        event('payment_intent.succeeded', paymentIntent(d)),
      )
      expect(res.status).toBe(200)
    }
    await t.store.atomic([
      supporterQuery(
        t.store,
        { paymentRef: shown.pi, campaign: 'news', name: 'Ana P.' },
        '2021-06-10T12:00:01Z',
      ),
    ])
    const html = await (await b.get('/admin/campaigns/news/ledger')).text()
    const row = (pi: string) =>
      new RegExp(`<tr id="entry-[^"]+">(?:(?!</tr>).)*${pi}(?:(?!</tr>).)*</tr>`).exec(html)?.[0] ??
      ''
    expect(row(shown.pi)).toMatch(
      /<td><strong>Ana P\.<\/strong><br\/><code title="[^"]+">[^<]+<\/code><\/td>/,
    )
    expect(row(hidden.pi)).toMatch(/<td><code title="[^"]+">[^<]+<\/code><\/td>/)
    expect(row(hidden.pi)).not.toContain('<strong>')
    expect(html).toContain('<th>Donor</th>')
  })

  it('reverses an entry with a reason, once; the totals follow and the audit trail has it', async () => {
    const added = await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 2500,
      reason: 'cheque',
    })
    const id = ((await added.json()) as { id: string }).id
    expect(await pledged()).toBe(2500)
    const page = await (await b.get('/admin/campaigns/news/ledger')).text()
    expect(page).toContain(`action="/admin/campaigns/news/ledger/${id}/reverse"`)
    const csrf = await b.csrf('/admin/campaigns/news/ledger')

    const blank = await b.post(`/admin/campaigns/news/ledger/${id}/reverse`, {
      _csrf: csrf,
      reason: ' ',
    })
    expect(blank.status).toBe(400)
    expect(await blank.text()).toContain(
      'Give a reason (up to 500 characters) to reverse an entry.',
    )
    expect(await pledged()).toBe(2500)

    const res = await b.post(`/admin/campaigns/news/ledger/${id}/reverse`, {
      _csrf: csrf,
      reason: 'Counted twice',
    })
    expect(res.status).toBe(303)
    const after = await (await b.get(res.headers.get('Location') ?? '')).text()
    expect(after).toContain('The entry is reversed: its counter-entry is in the ledger.')
    expect(after).toContain('<td>reversal</td>')
    expect(after).toContain('Counted twice')
    // Neither the entry nor its reversal offers the button any more.
    expect(after).not.toContain('/reverse"')
    expect(await pledged()).toBe(0)

    const again = await b.post(`/admin/campaigns/news/ledger/${id}/reverse`, {
      _csrf: csrf,
      reason: 'again',
    })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('This entry is already reversed')
    expect(await pledged()).toBe(0)
    await expectTotalsMatchLedger(t.store)
    const audit = (await (
      await t.call('GET', '/api/admin/audit?action=ledger.reverse')
    ).json()) as { records: unknown[] }
    expect(audit.records).toHaveLength(1)
  })
})
