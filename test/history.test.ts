import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DARK } from '../src/bar/theme.js'
import { HistorySchema } from '../src/routes/history.routes.js'
import {
  expectError,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'

describe('history: raised against goal per month', () => {
  let t: TestApp
  const clock = fixedClock('2021-06-15T12:00:00Z')
  beforeEach(async () => {
    t = await makeTestApp({ deps: { clock } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    for (const [month, amount] of [
      ['2021-04', 300000],
      ['2021-06', 136000],
    ] as const) {
      const res = await t.call('POST', '/api/admin/campaigns/news/adjustments', {
        month,
        amount,
        reason: 'offline gifts',
      })
      expect(res.status).toBe(201)
    }
    await t.call('PUT', '/api/admin/campaigns/news/months/2021-05', { goal: 400000, label: 'MAY' })
  })
  afterEach(() => t.close())

  it('answers JSON for the last N months, oldest first, gaps filled with the default goal', async () => {
    const res = await t.app.request('/api/campaigns/news/history?months=4')
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const h = await res.json()
    expect(h.months.map((m: { month: string }) => m.month)).toEqual([
      '2021-03',
      '2021-04',
      '2021-05',
      '2021-06',
    ])
    expect(h.months[1]).toMatchObject({ goal: 500000, pledged: 300000, percent: 60 })
    expect(h.months[2]).toMatchObject({ goal: 400000, pledged: 0, label: 'MAY' })
    expect(h.months[3].formatted).toEqual({
      goal: '$5,000',
      pledged: '$1,360',
      month: 'June 2021',
    })
    const year = await (await t.app.request('/api/campaigns/news/history')).json()
    expect(year.months).toHaveLength(12)
    // The answer is what the OpenAPI document says, and the document lists both routes.
    expect(HistorySchema.strict().safeParse(year).success).toBe(true)
    const doc = await (await t.app.request('/openapi.json')).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/campaigns/{slug}/history', '/embed/{slug}/history.svg']),
    )
  })

  it('is cached like the bar: a 304 on its ETag, new bytes after a change', async () => {
    const first = await t.app.request('/embed/news/history.svg?months=3')
    const etag = first.headers.get('etag') as string
    const same = await t.app.request('/embed/news/history.svg?months=3', {
      headers: { 'If-None-Match': etag },
    })
    expect(same.status).toBe(304)
    await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 1000,
      reason: 'cheque',
    })
    const changed = await t.app.request('/embed/news/history.svg?months=3', {
      headers: { 'If-None-Match': etag },
    })
    expect(changed.status).toBe(200)
    expect(await changed.text()).toContain('June 2021: $1,370 raised of $5,000')
  })

  it('draws an SVG chart with concrete colours, in the asked theme and language', async () => {
    const res = await t.app.request('/embed/news/history.svg?months=6&theme=dark&locale=de')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=UTF-8')
    const svg = await res.text()
    expect(svg).not.toContain('var(')
    expect(svg).toContain(`fill="${DARK.background}"`)
    expect(svg).toContain('Juni 2021: 1.360')
    expect(svg).toContain('<g role="img" aria-labelledby="sb-title sb-desc">')
    // Six months: six goal columns (the track colour).
    expect(svg.match(new RegExp(`<rect class="k" fill="${DARK.track}"`, 'g'))).toHaveLength(6)
  })

  it('answers bad input in the format asked for', async () => {
    await expectError(
      await t.app.request('/api/campaigns/news/history?months=0'),
      400,
      'invalid_parameter',
    )
    await expectError(await t.app.request('/api/campaigns/nope/history'), 404, 'not_found')
    const bad = await t.app.request('/embed/news/history.svg?months=99')
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toBe('image/svg+xml; charset=UTF-8')
    const missing = await t.app.request('/embed/nope/history.svg?locale=fr')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('Aucune campagne « nope »')
  })
})
