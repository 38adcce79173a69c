import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  expectError,
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'

describe('GET /api/campaigns/:slug/progress', () => {
  let t: TestApp
  const clock = fixedClock('2021-06-15T12:00:00Z')
  beforeEach(async () => {
    t = await makeTestApp({ deps: { clock } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  })
  afterEach(() => t.close())

  it('shows the seed bar: 1,360 of 5,000 in June 2021', async () => {
    const adj = await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 136000,
      reason: 'offline gifts',
    })
    expect(adj.status).toBe(201)
    const res = await t.app.request('/api/campaigns/news/progress')
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const p = await res.json()
    expect(p).toMatchObject({
      slug: 'news',
      month: '2021-06',
      label: 'JUNE 2021',
      currency: 'USD',
      goal: 500000,
      pledged: 136000,
      percent: 27.2,
      donateUrl: 'https://example.org/donate',
      formatted: { goal: '$5,000', pledged: '$1,360', half: '$2,500' },
    })
    const etag = res.headers.get('etag')
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/)
    const again = await t.app.request('/api/campaigns/news/progress', {
      headers: { 'If-None-Match': etag as string },
    })
    expect(again.status).toBe(304)
    await expectTotalsMatchLedger(t.store)
  })

  it('answers 404 in the error shape for an unknown slug and 400 for an impossible month', async () => {
    await expectError(await t.app.request('/api/campaigns/nope/progress'), 404, 'not_found')
    await expectError(
      await t.app.request('/api/campaigns/news/progress?month=2021-13'),
      400,
      'invalid_parameter',
    )
  })
})
