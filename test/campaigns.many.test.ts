import { afterEach, describe, expect, it } from 'vitest'
import { insertCampaign } from '../src/store/campaigns.js'
import {
  ADMIN_TOKEN,
  expectError,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'

/** `n` campaigns straight through the store (the API would take minutes for thousands). */
async function seed(t: TestApp, n: number, prefix = 'site') {
  for (let i = 0; i < n; i++) {
    await insertCampaign(
      t.store,
      {
        ...newsCampaign,
        slug: `${prefix}-${String(i).padStart(5, '0')}`,
        name: i % 10 === 0 ? `Daily Gazette ${i}` : `Newsroom ${i}`,
        isDefault: false,
        archived: false,
        donateUrl: null,
      },
      '2026-06-01T00:00:00.000Z',
    )
  }
}

type Page = { campaigns: { slug: string; name: string }[]; nextCursor: string | null }

describe('many campaigns', () => {
  let t: TestApp
  afterEach(async () => {
    await t?.close()
  })

  it('lists campaigns a page at a time by slug, every one once, with search by slug or name', async () => {
    t = await makeTestApp()
    await seed(t, 250)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const path: string = `/api/admin/campaigns?limit=100${cursor ? `&cursor=${cursor}` : ''}`
      const res = await t.call('GET', path)
      expect(res.status).toBe(200)
      const page = (await res.json()) as Page
      expect(page.campaigns.length).toBeLessThanOrEqual(100)
      seen.push(...page.campaigns.map((c) => c.slug))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual([...seen].sort())
    expect(new Set(seen).size).toBe(250)

    // Without parameters: the first 100, and where to go on.
    const first = (await (await t.call('GET', '/api/admin/campaigns')).json()) as Page
    expect(first.campaigns).toHaveLength(100)
    expect(first.nextCursor).toEqual(expect.any(String))

    const byName = (await (await t.call('GET', '/api/admin/campaigns?q=gazette')).json()) as Page
    expect(byName.campaigns).toHaveLength(25)
    for (const c of byName.campaigns) expect(c.name).toMatch(/^Daily Gazette/)
    const bySlug = (await (await t.call('GET', '/api/admin/campaigns?q=SITE-0012')).json()) as Page
    expect(bySlug.campaigns.map((c) => c.slug)).toEqual(
      Array.from({ length: 10 }, (_, i) => `site-0012${i}`),
    )
    // A LIKE wildcard in the search is taken literally.
    const wild = (await (await t.call('GET', '/api/admin/campaigns?q=%25')).json()) as Page
    expect(wild.campaigns).toEqual([])

    await expectError(
      await t.call('GET', '/api/admin/campaigns?cursor=nope'),
      400,
      'invalid_parameter',
    )
    await expectError(await t.call('GET', '/api/admin/campaigns?limit=0'), 400)
  })

  it('keeps /metrics small with thousands of campaigns: counts, and series only for the picked ones', async () => {
    t = await makeTestApp({ env: { METRICS_CAMPAIGNS: 'site-00007,site-00042' } })
    await seed(t, 2000)
    const text = await (await t.call('GET', '/metrics')).text()
    expect(text).toContain('supportbar_campaigns{state="live"} 2000')
    expect(text).toContain('supportbar_campaigns{state="archived"} 0')
    const series = text
      .split('\n')
      .filter((l) => l.startsWith('supportbar_campaign_month_pledged_minor'))
    expect(series.map((l) => /campaign="([^"]+)"/.exec(l)?.[1])).toEqual([
      'site-00007',
      'site-00042',
    ])
    expect(text.length).toBeLessThan(100_000)
  })

  it('without METRICS_CAMPAIGNS: every campaign while there are few, the default one when many', async () => {
    t = await makeTestApp()
    await seed(t, 5)
    const few = await (await t.call('GET', '/metrics')).text()
    expect(few.match(/^supportbar_campaign_month_goal_minor\{/gm)).toHaveLength(5)
    expect(
      (await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })).status,
    ).toBe(201)
    // 5 + 30 + news: many now, so only the default campaign has its own series.
    await seed(t, 30, 'more')
    const many = await (await t.call('GET', '/metrics')).text()
    const lines = many
      .split('\n')
      .filter((l) => l.startsWith('supportbar_campaign_month_goal_minor{'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('campaign="news"')
  })

  it('console: a page of campaigns with search and a link to the next page', async () => {
    t = await makeTestApp()
    await seed(t, 45)
    const login = await t.app.request('/admin/login', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'http://localhost',
      },
      body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
    })
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? ''
    expect(cookie).not.toBe('')
    const page = await t.app.request('/admin', { headers: { cookie } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html.match(/<section class="card">/g)).toHaveLength(20)
    expect(html).toMatch(/href="\/admin\?cursor=[^"]+" rel="next"/)
    const found = await (await t.app.request('/admin?q=gazette', { headers: { cookie } })).text()
    expect(found.match(/<section class="card">/g)).toHaveLength(5)
    expect(found).not.toContain('rel="next"')
    const bad = await t.app.request('/admin?cursor=nope', { headers: { cookie } })
    expect(bad.headers.get('content-type')).toMatch(/text\/html/)
  })
})
