import { describe, expect, it } from 'vitest'
import { count } from '../src/console/words.js'
import { consoleClient } from './support/console-client.js'
import { fixedClock, makeTestApp, newsCampaign } from './support/harness.js'

describe('console words: plurals, not "1 donors"', () => {
  it('counts in the right form', () => {
    expect([0, 1, 2, 1500].map((n) => count('donors', n))).toEqual([
      '0 donors',
      '1 donor',
      '2 donors',
      '1,500 donors',
    ])
    expect(count('donations', 1)).toBe('1 donation')
  })

  it("says 1 donation and 1 donor on a campaign's page", async () => {
    const t = await makeTestApp({ deps: { clock: fixedClock('2021-06-15T12:00:00Z') } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const gift = { month: '2021-06', amount: 2500, reason: 'cheque', donor: 'reader-1' }
    expect((await t.call('POST', '/api/admin/campaigns/news/adjustments', gift)).status).toBe(201)
    const b = consoleClient(t)
    await b.signIn()
    const html = await (await b.get('/admin/campaigns/news')).text()
    expect(html).toContain('<li>1 donation</li>')
    expect(html).toContain('<li>1 donor</li>')
    expect(html).not.toMatch(/\b1 donors\b/)
    await t.close()
  })
})
