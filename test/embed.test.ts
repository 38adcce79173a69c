import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contrast, DARK, LIGHT, withAccent } from '../src/bar/theme.js'
import { RenderCache } from '../src/cache.js'
import { ConfigError, parseConfig } from '../src/config.js'
import { boundedMemo } from '../src/domain/memo.js'
import { ChangeFeed } from '../src/feed.js'
import {
  expectError,
  fixedClock,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'

describe('theme colours', () => {
  it('meet WCAG AA (4.5:1) for every text in both themes', () => {
    for (const p of [LIGHT, DARK]) {
      expect(contrast(p.text, p.background)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(p.muted, p.background)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(p.onAccent, p.accent)).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('keeps the button text readable on any accent colour', () => {
    const hex = fc
      .integer({ min: 0, max: 0xffffff })
      .map((n) => `#${n.toString(16).padStart(6, '0')}`)
    fc.assert(
      fc.property(hex, (accent) => {
        const p = withAccent(LIGHT, accent)
        expect(contrast(p.onAccent, p.accent)).toBeGreaterThanOrEqual(4.5)
      }),
    )
  })
})

describe('GET /embed/:slug and /embed/:slug.svg', () => {
  let t: TestApp
  const clock = fixedClock('2021-06-15T12:00:00Z')
  beforeEach(async () => {
    t = await makeTestApp({ deps: { clock } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const adj = await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 136000,
      reason: 'offline gifts',
    })
    expect(adj.status).toBe(201)
  })
  afterEach(() => t.close())

  it('serves the page with ticks, amount, label and button, and a 304 on its ETag', async () => {
    const res = await t.app.request('/embed/news?currencyDisplay=after')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30')
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
    )
    expect(res.headers.get('x-frame-options')).toBeNull()
    const html = await res.text()
    for (const text of ['0 $', '2,500 $', '5,000 $', '1,360 $', 'JUNE 2021', '>Support</a>']) {
      expect(html).toContain(text)
    }
    expect(html).toContain('aria-valuetext="1,360 $ of 5,000 $ raised in June 2021"')
    expect(html).not.toContain('<script')
    const etag = res.headers.get('etag') as string
    const again = await t.app.request('/embed/news?currencyDisplay=after', {
      headers: { 'If-None-Match': etag },
    })
    expect(again.status).toBe(304)
  })

  it('serves an SVG with title and desc, at the asked width', async () => {
    const res = await t.app.request('/embed/news.svg?width=320&theme=dark')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=UTF-8')
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    )
    const svg = await res.text()
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="320"/)
    expect(svg).toContain('<title id="sb-title">The Daily News – JUNE 2021</title>')
    expect(svg).toContain(
      '<desc id="sb-desc">The Daily News: $1,360 of $5,000 raised in June 2021 (27.2%)</desc>',
    )
    expect(svg).toContain('fill="#0d1117"')
  })

  it('drops the cached bytes when the ledger changes', async () => {
    const first = await t.app.request('/embed/news.svg')
    const etag = first.headers.get('etag') as string
    expect(await first.text()).toContain('$1,360')
    await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 5000,
      reason: 'cheque',
    })
    const second = await t.app.request('/embed/news.svg', { headers: { 'If-None-Match': etag } })
    expect(second.status).toBe(200)
    expect(second.headers.get('etag')).not.toBe(etag)
    expect(await second.text()).toContain('$1,410')
  })

  it('escapes every user text in HTML and SVG', async () => {
    const name = `</title><script>alert(1)</script><b onmouseover="x">&`
    const patch = await t.call('PATCH', '/api/admin/campaigns/news', { name })
    expect(patch.status).toBe(200)
    const label = await t.call('PUT', '/api/admin/campaigns/news/months/2021-06', {
      goal: 500000,
      label: '"><svg onload=alert(2)>',
    })
    expect(label.status).toBe(200)
    for (const path of ['/embed/news', '/embed/news.svg']) {
      const body = await (await t.app.request(path)).text()
      expect(body).not.toContain('<script>')
      expect(body).not.toContain('<svg onload')
      expect(body).not.toContain('<b onmouseover')
      expect(body).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
    }
  })

  it('formats by locale and currency display', async () => {
    const fr = await (await t.app.request('/embed/news?locale=fr-FR')).text()
    expect(fr).toMatch(/1\u202f360\s\$/)
    expect(fr).toContain('lang="fr-FR"')
    const json = await (
      await t.app.request('/api/campaigns/news/progress?currencyDisplay=after')
    ).json()
    expect(json.formatted).toMatchObject({ pledged: '1,360 $', half: '2,500 $', goal: '5,000 $' })
    expect(json.locale).toBe('en-US')
  })

  it('puts lang on every text in another language than the page (WCAG 3.1.2)', async () => {
    // An en-US campaign drawn for German readers: the name stays English, the month is German.
    const de = await (await t.app.request('/embed/news?locale=de-DE')).text()
    expect(de).toContain('<html lang="de-DE">')
    expect(de).toContain('<div class="sb" lang="de-DE"')
    expect(de).toMatch(/<p class="sb-name" title="The Daily News" lang="en-US">/)
    expect(de).toMatch(/<span class="sb-label">JUNI 2021<\/span>/)
    const svg = await (await t.app.request('/embed/news.svg?locale=de-DE')).text()
    expect(svg).toMatch(/^<svg [^>]* lang="de-DE">/)
    expect(svg).toMatch(/<text [^>]*lang="en-US">The Daily News<\/text>/)
    // A label the campaign set is in the campaign's language.
    await t.call('PUT', '/api/admin/campaigns/news/months/2021-06', {
      goal: 500000,
      label: 'SUMMER',
    })
    const custom = await (await t.app.request('/embed/news?locale=de-DE')).text()
    expect(custom).toContain('<span class="sb-label" lang="en-US">SUMMER</span>')
    const json = await (await t.app.request('/api/campaigns/news/progress?locale=de')).json()
    expect(json).toMatchObject({ locale: 'de', campaignLocale: 'en-US', labelLocale: 'en-US' })
    // Same language, other region: nothing to mark.
    const gb = await (await t.app.request('/embed/news?locale=en-GB')).text()
    expect(gb.match(/ lang="/g)?.length).toBe(2)
  })

  it('refuses bad options with a 400 in the one error shape', async () => {
    for (const q of [
      'theme=blue',
      'accent=red;}body{display:none',
      'width=100',
      'width=5000',
      'compact=maybe',
      'currencyDisplay=left',
      'month=2021-13',
      'locale=not_a_locale!',
    ]) {
      const res = await t.app.request(`/embed/news.svg?${q}`)
      await expectError(res, 400, 'invalid_parameter')
    }
    await expectError(await t.app.request('/embed/News..svg'), 400, 'invalid_parameter')
    await expectError(await t.app.request('/embed/..%2F..%2Fetc'), 400, 'invalid_parameter')
  })

  it('shows a clear 404 view for an unknown or archived campaign', async () => {
    const missing = await t.app.request('/embed/nope')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('No campaign &quot;nope&quot;')
    const svg = await t.app.request('/embed/nope.svg')
    expect(svg.status).toBe(404)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=UTF-8')
    expect((await t.call('PATCH', '/api/admin/campaigns/news', { archived: true })).status).toBe(
      200,
    )
    const archived = await t.app.request('/embed/news')
    expect(archived.status).toBe(404)
    expect(await archived.text()).toContain('The Daily News: this campaign has ended')
  })

  it('serves /widget.js with CORS, an ETag and a 304', async () => {
    const res = await t.app.request('/widget.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=UTF-8')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.text()).toContain("customElements.define('support-bar'")
    const again = await t.app.request('/widget.js', {
      headers: { 'If-None-Match': res.headers.get('etag') as string },
    })
    expect(again.status).toBe(304)
  })
})

describe('EMBED_ALLOWED_ORIGINS', () => {
  it('sets frame-ancestors to the listed origins', async () => {
    const t = await makeTestApp({
      env: { EMBED_ALLOWED_ORIGINS: 'https://news.example.org,https://*.example.com' },
    })
    try {
      expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
      const res = await t.app.request('/embed/news')
      expect(res.headers.get('content-security-policy')).toContain(
        'frame-ancestors https://news.example.org https://*.example.com',
      )
    } finally {
      await t.close()
    }
  })

  it('refuses anything that is not an origin (no CSP injection)', () => {
    expect(() =>
      parseConfig({ EMBED_ALLOWED_ORIGINS: "https://a.org; script-src 'unsafe-eval'" }),
    ).toThrow(ConfigError)
  })
})

describe('GET /api/campaigns/:slug/stream', () => {
  let t: TestApp
  let feed: ChangeFeed
  beforeEach(async () => {
    feed = new ChangeFeed()
    t = await makeTestApp({ deps: { clock: fixedClock('2021-06-15T12:00:00Z'), feed } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  })
  afterEach(() => t.close())

  /** Reads server-sent events from a response body, one `event: progress` at a time. */
  function events(res: Response) {
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    return {
      async next(): Promise<{ id: string; data: Record<string, unknown> }> {
        for (;;) {
          const end = buffer.indexOf('\n\n')
          if (end >= 0) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            if (!block.startsWith('event: progress')) continue
            const field = (name: string) =>
              block
                .split('\n')
                .find((l) => l.startsWith(`${name}: `))
                ?.slice(name.length + 2) ?? ''
            return { id: field('id'), data: JSON.parse(field('data')) }
          }
          const { value, done } = await reader.read()
          if (done) throw new Error('stream ended')
          buffer += decoder.decode(value, { stream: true })
        }
      },
      cancel: () => reader.cancel(),
    }
  }

  it('sends the progress at once and again on every change, then lets go on close', async () => {
    const res = await t.app.request('/api/campaigns/news/stream')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const stream = events(res)
    const first = await stream.next()
    expect(first.data).toMatchObject({ slug: 'news', pledged: 0, month: '2021-06' })
    const adj = await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 2500,
      reason: 'cash',
    })
    expect(adj.status).toBe(201)
    const second = await stream.next()
    expect(second.data).toMatchObject({ pledged: 2500, formatted: { pledged: '$25' } })
    expect(second.id).not.toBe(first.id)
    const listening = feed.size
    await stream.cancel()
    await expect.poll(() => feed.size).toBe(listening - 1)
  })

  it('answers errors in the one JSON shape before streaming, and changes nothing', async () => {
    const before = await snapshot(t.store)
    await expectError(await t.app.request('/api/campaigns/nope/stream'), 404, 'not_found')
    await expectError(
      await t.app.request('/api/campaigns/news/stream?month=2021-00'),
      400,
      'invalid_parameter',
    )
    expect(await snapshot(t.store)).toEqual(before)
  })
})

describe('request ids', () => {
  it('are on every answer: read path, its errors, admin and 404', async () => {
    const t = await makeTestApp()
    try {
      expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
      for (const [path, status] of [
        ['/api/campaigns/news/progress', 200],
        ['/embed/news.svg', 200],
        ['/embed/nope', 404],
        ['/api/campaigns/nope/progress', 404],
        ['/api/campaigns/news/progress?month=x', 400],
        ['/healthz', 200],
        ['/nowhere', 404],
      ] as const) {
        const res = await t.app.request(path)
        expect(res.status, path).toBe(status)
        expect(res.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/)
        if (path.startsWith('/api/campaigns/') || path.startsWith('/embed/')) {
          expect(res.headers.get('access-control-allow-origin'), path).toBe('*')
        }
      }
      const admin = await t.call('GET', '/api/admin/campaigns')
      expect(admin.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    } finally {
      await t.close()
    }
  })
})

describe('security headers', () => {
  it("are Hono's secure headers off the read path, same-origin for admin", async () => {
    const t = await makeTestApp()
    try {
      const health = await t.app.request('/healthz')
      expect(health.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(health.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
      const admin = await t.call('GET', '/api/admin/campaigns')
      expect(admin.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(admin.headers.get('cross-origin-resource-policy')).toBe('same-origin')
      expect(admin.headers.get('strict-transport-security')).toContain('max-age=')
    } finally {
      await t.close()
    }
  })
})

describe('review fixes: input that must not grow memory, caching edges, headers', () => {
  it('a bounded memo starts over past its limit', () => {
    const memo = boundedMemo<number>(3)
    let made = 0
    const get = (k: string) => memo(k, () => ++made)
    expect([get('a'), get('b'), get('c'), get('a')]).toEqual([1, 2, 3, 1])
    get('d') // fourth key: the memo starts over
    expect(get('a')).toBe(5)
    expect(made).toBe(5)
  })

  it('draws in the plain locale: extensions and private use are dropped', async () => {
    const t = await makeTestApp({ deps: { clock: fixedClock('2021-06-15T12:00:00Z') } })
    try {
      expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
      const json = await (
        await t.app.request('/api/campaigns/news/progress?locale=en-US-x-anything')
      ).json()
      expect(json.locale).toBe('en-US')
      const html = await (await t.app.request('/embed/news?locale=en-u-ca-islamic')).text()
      expect(html).toContain('raised in June 2021')
      expect(html).toContain('lang="en"')
    } finally {
      await t.close()
    }
  })

  it('joins a build in progress only within one generation of the campaign', async () => {
    const cache = new RenderCache(() => 0, 60_000)
    let release = () => {}
    const slow = cache.get('news', 'k', async () => {
      await new Promise<void>((r) => {
        release = r
      })
      return { body: 'old', etag: 'W/"old"', contentType: 'text/plain' }
    })
    cache.invalidate('news')
    const fresh = cache.get('news', 'k', async () => ({
      body: 'new',
      etag: 'W/"new"',
      contentType: 'text/plain',
    }))
    release()
    expect((await slow).body).toBe('old')
    expect((await fresh).body).toBe('new')
  })

  it('compares ETags weakly, never answers 304 for an error view, and keeps HEAD like GET', async () => {
    const t = await makeTestApp()
    try {
      expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
      const res = await t.app.request('/embed/news.svg')
      const strong = (res.headers.get('etag') as string).replace(/^W\//, '')
      const again = await t.app.request('/embed/news.svg', { headers: { 'If-None-Match': strong } })
      expect(again.status).toBe(304)
      const head = await t.app.request('/embed/news', { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(head.headers.get('x-frame-options')).toBeNull()
      expect((await t.call('PATCH', '/api/admin/campaigns/news', { archived: true })).status).toBe(
        200,
      )
      const archived = await t.app.request('/embed/news')
      const etag = archived.headers.get('etag') as string
      const still = await t.app.request('/embed/news', { headers: { 'If-None-Match': etag } })
      expect(still.status).toBe(404)
      const unknown = await t.app.request('/api/campaigns/news/nothing-here')
      expect(unknown.status).toBe(404)
      expect(unknown.headers.get('access-control-allow-origin')).toBe('*')
    } finally {
      await t.close()
    }
  })

  it('keeps control characters of names out of the SVG', async () => {
    const t = await makeTestApp()
    try {
      const name = 'Bell\u0007 and\u001b escape'
      expect((await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, name })).status).toBe(
        201,
      )
      const svg = await (await t.app.request('/embed/news.svg')).text()
      expect(svg).toContain('Bell and escape')
      const controls = Array.from(svg).filter((ch) => {
        const c = ch.codePointAt(0) ?? 0
        return c < 32 && c !== 9 && c !== 10 && c !== 13
      })
      expect(controls).toEqual([])
    } finally {
      await t.close()
    }
  })
})
