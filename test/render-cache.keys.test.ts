import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { svgToPng } from '../src/node/png.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

/**
 * Every option a reader can ask for is part of the render cache's key: with the cache on (as in
 * production and in every test app), each URL answers exactly the bytes an app without a cache
 * answers for it, whatever other URLs were read before. A key that forgot `width`,
 * `currencyDisplay`, `locale`, `theme`, … would serve the bytes of the URL read first.
 */
describe('render cache keys', () => {
  const clock = fixedClock('2021-06-15T12:00:00Z')
  let cached: TestApp
  let uncached: TestApp

  beforeAll(async () => {
    cached = await makeTestApp({ deps: { clock, rasterize: svgToPng } })
    // The same database read by an app that renders every request afresh: the reference.
    uncached = await makeTestApp({
      file: cached.file,
      env: { CACHE_TTL_MS: '0' },
      deps: { clock, rasterize: svgToPng },
    })
    expect(Number(cached.config.cacheTtlMs)).toBeGreaterThan(0)
    expect(uncached.config.cacheTtlMs).toBe(0)
    expect((await cached.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    for (const [month, amount] of [
      ['2021-06', 136000],
      ['2021-05', 98765],
    ] as const) {
      const adj = await cached.call('POST', '/api/admin/campaigns/news/adjustments', {
        month,
        amount,
        reason: 'offline gifts',
      })
      expect(adj.status).toBe(201)
    }
  })
  afterAll(async () => {
    await uncached?.close()
    await cached?.close()
  })

  /** Each option changed alone from the first URL, then a few together. */
  const embedQueries = [
    '',
    'width=480',
    'width=320',
    'currencyDisplay=after',
    'locale=de-DE&currencyDisplay=before',
    'locale=de-DE',
    'locale=ja-JP',
    'theme=dark',
    'theme=light',
    'accent=c0ffee',
    'compact=1',
    'show=donors',
    'show=sentence,days',
    'month=2021-05',
    'locale=de-DE&currencyDisplay=after&width=480&theme=dark',
  ]
  const pngQueries = ['', 'width=480', 'density=2', 'theme=dark', 'currencyDisplay=after']
  const progressQueries = [
    '',
    'currencyDisplay=after',
    'locale=de-DE&currencyDisplay=before',
    'locale=de-DE',
    'locale=ja-JP',
    'month=2021-05',
  ]

  const bytesOf = async (t: TestApp, url: string) => {
    const res = await t.app.request(url)
    expect(res.status, url).toBe(200)
    return Buffer.from(await res.arrayBuffer()).toString('base64')
  }

  const cases: Array<[string, string[]]> = [
    ['/embed/news.svg', embedQueries],
    ['/embed/news', embedQueries],
    ['/embed/news.png', pngQueries],
    ['/api/campaigns/news/progress', progressQueries],
  ]

  it.each(cases)(
    '%s answers each option with its own bytes, read in any order',
    async (path, queries) => {
      const urls = queries.map((q) => (q ? `${path}?${q}` : path))
      const expected = new Map<string, string>()
      for (const url of urls) expected.set(url, await bytesOf(uncached, url))
      // Every option changes what is drawn: otherwise this test could not see a key that drops it.
      const distinct = new Set(expected.values())
      const sameAsFirst = urls.filter(
        (u, i) => i > 0 && expected.get(u) === expected.get(urls[0] ?? ''),
      )
      expect(sameAsFirst).toEqual(
        path.endsWith('/embed/news') ? ['/embed/news?width=480', '/embed/news?width=320'] : [],
      )
      expect(distinct.size).toBe(urls.length - sameAsFirst.length)
      // Forwards, backwards, and forwards again (now every read is a hit).
      for (const order of [urls, [...urls].reverse(), urls]) {
        for (const url of order) expect(await bytesOf(cached, url), url).toBe(expected.get(url))
      }
    },
  )
})
