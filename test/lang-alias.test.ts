import { beforeAll, describe, expect, it } from 'vitest'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

describe('?lang= works like ?locale=', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await makeTestApp({ deps: { clock: fixedClock('2021-06-15T12:00:00Z') } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const gift = { month: '2021-06', amount: 136050, reason: 'offline gifts' }
    expect((await t.call('POST', '/api/admin/campaigns/news/adjustments', gift)).status).toBe(201)
  })
  const body = async (path: string) => {
    const res = await t.app.request(path)
    expect(res.status, path).toBe(200)
    return res.text()
  }

  it.each(['/embed/news.svg', '/embed/news', '/api/campaigns/news/progress'])(
    '%s?lang=de draws what ?locale=de draws',
    async (path) => {
      const de = await body(`${path}?lang=de`)
      expect(de).toBe(await body(`${path}?locale=de`))
      expect(de).not.toBe(await body(path))
      expect(de).toMatch(/1\.360,50/)
    },
  )

  it('an explicit locale wins, a bad lang is refused like a bad locale', async () => {
    expect(await body('/embed/news.svg?lang=de&locale=fr')).toBe(
      await body('/embed/news.svg?locale=fr'),
    )
    const bad = await t.app.request('/api/campaigns/news/progress?lang=not%20a%20locale')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('BCP 47')
    const page = await t.app.request('/donate/news?lang=ar')
    expect(await page.text()).toContain('dir="rtl"')
  })

  it('the OpenAPI document lists lang beside locale', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>
    }
    const names = (doc.paths['/embed/{slug}.svg']?.get?.parameters ?? []).map((p) => p.name)
    expect(names).toContain('lang')
    expect(names).toContain('locale')
  })
})
