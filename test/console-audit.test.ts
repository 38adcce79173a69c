import { describe, expect, it } from 'vitest'
import { fieldChanges } from '../src/console/audit-diff.js'
import { consoleClient } from './support/console-client.js'
import { fixedClock, makeTestApp, newsCampaign } from './support/harness.js'

const usd = { currency: 'USD', locale: 'en-US' }

describe('the audit trail, readable', () => {
  it('lists only the fields a change changed, amounts in major units of the currency', () => {
    const before = {
      name: 'N',
      defaultGoal: 500000,
      checkout: { presets: [500, 1000] },
      updatedAt: 'a',
    }
    const after = {
      name: 'N',
      defaultGoal: 600050,
      checkout: { presets: [500, 2500] },
      updatedAt: 'b',
    }
    expect(fieldChanges(before, after, usd)).toEqual([
      { field: 'Monthly goal', before: '$5,000', after: '$6,000.50' },
      { field: 'Amounts offered', before: '$5, $10', after: '$5, $25' },
    ])
    expect(
      fieldChanges(
        null,
        { month: '2021-06', amount: -250, reason: 'fee' },
        { currency: 'EUR', locale: 'de-DE' },
      ),
    ).toEqual([
      { field: 'Month', before: '(none)', after: '2021-06' },
      { field: 'Amount', before: '(none)', after: '-2,50\u00a0€' },
      { field: 'Reason', before: '(none)', after: 'fee' },
    ])
    expect(fieldChanges({ bar: { donorGoal: 10 } }, { bar: {} }, usd)).toEqual([
      { field: 'Donor goal', before: '10', after: '(none)' },
    ])
    expect(fieldChanges({ stripeAccount: null }, { stripeAccount: 'acct_1News' }, usd)).toEqual([
      { field: 'Stripe account', before: '(none)', after: 'acct_1News' },
    ])
  })

  it('names the amounts per interval and each impact line by its amount, in major units', () => {
    const before = {
      checkout: { presetsByInterval: { month: [500, 1000] } },
      page: { impact: { '2500': 'a day in court' } },
    }
    const after = {
      checkout: { presetsByInterval: { month: [500, 1500], year: [5000] } },
      page: { impact: { '2500': 'a day of court reporting', '1000': 'a records request' } },
    }
    expect(fieldChanges(before, after, usd)).toEqual([
      { field: 'Amounts offered monthly', before: '$5, $10', after: '$5, $15' },
      {
        field: 'Impact line under $25',
        before: 'a day in court',
        after: 'a day of court reporting',
      },
      { field: 'Amounts offered yearly', before: '(none)', after: '$50' },
      { field: 'Impact line under $10', before: '(none)', after: 'a records request' },
    ])
  })

  it('shows actions in words and before → after per field, the raw JSON only behind a details', async () => {
    const t = await makeTestApp({ deps: { clock: fixedClock('2021-06-15T12:00:00Z') } })
    try {
      expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
      const patch = { defaultGoal: 600000, checkout: { enabled: true } }
      expect((await t.call('PATCH', '/api/admin/campaigns/news', patch)).status).toBe(200)
      const b = consoleClient(t)
      await b.signIn()
      const html = await (await b.get('/admin/audit?action=campaign.update')).text()
      expect(html).toContain('<td>Campaign changed</td>')
      expect(html).toContain('<li><strong>Monthly goal</strong>: $5,000 → $6,000</li>')
      expect(html).toContain('<li><strong>Checkout on</strong>: no → yes</li>')
      expect(html).not.toContain('updatedAt</strong>')
      expect(html).toMatch(
        /<details><summary>Raw record \(JSON\)<\/summary><pre>\{\n {2}&quot;before&quot;/,
      )
      expect(html).toContain('<option value="ledger.reverse">Entry reversed</option>')
    } finally {
      await t.close()
    }
  })
})
