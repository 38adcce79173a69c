import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

interface Progress {
  month: string
  label: string
  goal: number
  pledged: number
}

// newsCampaign is in America/New_York (UTC-4 in summer): its July starts at 04:00 UTC.
const clock = fixedClock('2021-07-01T03:30:00Z')
let t: TestApp
beforeEach(async () => {
  clock.set('2021-07-01T03:30:00Z')
  t = await makeTestApp({ deps: { clock } })
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
})
afterEach(() => t.close())

const progress = async (query = '') => {
  const res = await t.app.request(`/api/campaigns/news/progress${query}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Progress
}

describe('month rollover in the campaign timezone', () => {
  it('starts the new month with the default goal at local midnight, keeping the old one', async () => {
    await t.call('PUT', '/api/admin/campaigns/news/months/2021-06', {
      goal: 400000,
      label: 'JUNE 2021',
    })
    await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 136000,
      reason: 'gifts',
    })
    // 23:30 in New York, already July in UTC: still June for this campaign.
    expect(await progress()).toMatchObject({ month: '2021-06', goal: 400000, pledged: 136000 })

    clock.set('2021-07-01T04:00:00Z')
    // Nobody acted: July is there, with the campaign's default goal and nothing raised yet.
    expect(await progress()).toMatchObject({
      month: '2021-07',
      label: 'JULY 2021',
      goal: newsCampaign.defaultGoal,
      pledged: 0,
    })
    expect(await progress('?month=2021-06')).toMatchObject({
      label: 'JUNE 2021',
      goal: 400000,
      pledged: 136000,
    })
    const res = await t.call('GET', '/api/admin/campaigns/news/months')
    const { months } = (await res.json()) as { months: { month: string; goal: number }[] }
    expect(months.map((m) => [m.month, m.goal])).toEqual([
      ['2021-07', 500000],
      ['2021-06', 400000],
    ])
    // Nothing was written to make July appear.
    const rows = await t.store.db.selectFrom('campaign_months').select('month').execute()
    expect(rows).toEqual([{ month: '2021-06' }])
  })
})
