import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { contrast, DARK, LIGHT, withAccent } from '../src/bar/theme.js'
import { ConfigError, parseConfig } from '../src/config.js'
import { boundedMemo } from '../src/domain/memo.js'
import { ChangeFeed } from '../src/read/change-feed.js'
import { RenderCache } from '../src/read/render-cache.js'
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
    expect(de).toMatch(/<p class="sb-name" title="The Daily News" lang="en-US" dir="auto">/)
    expect(de).toMatch(/<span class="sb-label" dir="auto">JUNI 2021<\/span>/)
    // The fixed words come from the German catalog: no lang needed on the button.
    expect(de).toMatch(/rel="noopener noreferrer">Unterstützen<\/a>/)
    const svg = await (await t.app.request('/embed/news.svg?locale=de-DE')).text()
    expect(svg).toMatch(/^<svg [^>]* lang="de-DE">/)
    expect(svg).toMatch(/<text [^>]*lang="en-US">The Daily News<\/text>/)
    // A label the campaign set is in the campaign's language.
    await t.call('PUT', '/api/admin/campaigns/news/months/2021-06', {
      goal: 500000,
      label: 'SUMMER',
    })
    const custom = await (await t.app.request('/embed/news?locale=de-DE')).text()
    expect(custom).toContain('<span class="sb-label" lang="en-US" dir="auto">SUMMER</span>')
    const json = await (await t.app.request('/api/campaigns/news/progress?locale=de')).json()
    expect(json).toMatchObject({ locale: 'de', campaignLocale: 'en-US', labelLocale: 'en-US' })
    // Same language, other region: nothing to mark.
    const gb = await (await t.app.request('/embed/news?locale=en-GB')).text()
    expect(gb.match(/ lang="/g)?.length).toBe(2)
    // A language without a catalog: the fixed words are English and say so.
    const ko = await (await t.app.request('/embed/news?locale=ko-KR')).text()
    expect(ko).toContain('<html lang="ko-KR">')
    expect(ko).toMatch(/lang="en">Support<\/a>/)
    expect(ko).toMatch(/role="progressbar" lang="en"/)
  })

  it("draws a campaign's own button label and tagline, set and cleared through the admin API", async () => {
    const set = await t.call('PATCH', '/api/admin/campaigns/news', {
      bar: { buttonLabel: 'Give now', tagline: 'Independent news, paid for by readers' },
    })
    expect(set.status).toBe(200)
    expect((await set.json()).bar).toEqual({
      buttonLabel: 'Give now',
      tagline: 'Independent news, paid for by readers',
    })
    const html = await (await t.app.request('/embed/news')).text()
    expect(html).toMatch(/rel="noopener noreferrer">Give now<\/a>/)
    expect(html).toContain(
      '<p class="sb-tagline" dir="auto">Independent news, paid for by readers</p>',
    )
    const svg = await (await t.app.request('/embed/news.svg')).text()
    expect(svg).toContain('>Give now</text>')
    expect(svg).toContain('>Independent news, paid for by readers</text>')
    // On a German page the campaign's own English words say they are English.
    const de = await (await t.app.request('/embed/news?locale=de')).text()
    expect(de).toMatch(/lang="en-US">Give now<\/a>/)
    const json = await (await t.app.request('/api/campaigns/news/progress')).json()
    expect(json).toMatchObject({ buttonLabel: 'Give now', tagline: expect.any(String) })
    // null clears one field and keeps the other; bad text changes nothing.
    for (const bar of [
      { buttonLabel: '' },
      { tagline: 'two\nlines' },
      { buttonLabel: 'x'.repeat(41) },
      { colour: 'red' },
    ]) {
      await expectError(
        await t.call('PATCH', '/api/admin/campaigns/news', { bar }),
        422,
        'invalid_body',
      )
    }
    const cleared = await t.call('PATCH', '/api/admin/campaigns/news', {
      bar: { buttonLabel: null },
    })
    expect((await cleared.json()).bar).toEqual({ tagline: 'Independent news, paid for by readers' })
    expect(await (await t.app.request('/embed/news')).text()).toMatch(/>Support<\/a>/)
    const created = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      slug: 'radio',
      bar: { buttonLabel: 'Spenden' },
    })
    expect((await created.json()).bar).toEqual({ buttonLabel: 'Spenden' })
  })

  it('shows the facts asked for: sentence, donor count, days left in the campaign timezone', async () => {
    const q = 'show=sentence,donors,days&currencyDisplay=after'
    const html = await (await t.app.request(`/embed/news?${q}`)).text()
    // 2021-06-15 12:00 UTC in America/New_York: June 15, so 16 days left with today.
    expect(html).toContain(
      '<p class="sb-facts"><span>1,360 $ raised of 5,000 $</span><span>0 donors</span><span>16 days left</span></p>',
    )
    const svg = await (await t.app.request(`/embed/news.svg?${q}`)).text()
    expect(svg).toContain('>1,360 $ raised of 5,000 $ · 0 donors · 16 days left</text>')
    const de = await (await t.app.request(`/embed/news?${q}&locale=de`)).text()
    expect(de).toContain(
      '<span>1.360 $ von 5.000 $ gesammelt</span><span>0 Spender</span><span>noch 16 Tage</span>',
    )
    // A past month has no days left; the campaign's default applies without `show`.
    await t.call('PATCH', '/api/admin/campaigns/news', { bar: { show: ['days', 'donors'] } })
    expect(await (await t.app.request('/embed/news')).text()).toContain(
      '<span>16 days left</span><span>0 donors</span>',
    )
    expect(await (await t.app.request('/embed/news?month=2021-05')).text()).toContain(
      '<p class="sb-facts"><span>0 donors</span></p>',
    )
    expect(await (await t.app.request('/embed/news?show=')).text()).not.toContain(
      '<p class="sb-facts"',
    )
    const bad = await t.app.request('/embed/news.svg?show=donors,weather')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('show: must be a comma-separated list of')
  })

  it('draws milestones, a stretch goal that takes over, and a donor-count goal', async () => {
    const patch = await t.call('PATCH', '/api/admin/campaigns/news', {
      bar: {
        milestones: [{ amount: 100000, label: 'a new camera' }],
        stretchGoals: [750000],
        donorGoal: 100,
      },
    })
    expect(patch.status).toBe(200)
    const html = await (await t.app.request('/embed/news')).text()
    expect(html).toContain('<span class="sb-marker" style="--at:20%"></span>')
    expect(html).toContain(
      '<p class="sb-marks"><span><bdi>✓ $1,000:</bdi> <bdi>a new camera</bdi></span></p>',
    )
    expect(html).toContain('aria-valuetext="0 of 100 supporters"')
    // Past the goal: the stretch goal takes over and the first goal stays marked.
    await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 400000,
      reason: 'a big gift',
    })
    const json = await (await t.app.request('/api/campaigns/news/progress')).json()
    expect(json).toMatchObject({ goal: 750000, baseGoal: 500000, percent: 71.4 })
    expect(json.markers.map((m: { kind: string; value: number }) => [m.kind, m.value])).toEqual([
      ['milestone', 100000],
      ['goal', 500000],
    ])
    const svg = await (await t.app.request('/embed/news.svg')).text()
    expect(svg.replace(/<\/?tspan[^>]*>/g, '')).toContain(
      '>✓ $1,000: a new camera · $5,000 reached</text>',
    )
    const deSvg = await (await t.app.request('/embed/news.svg?locale=de')).text()
    expect(deSvg).toContain('<tspan lang="en-US">a new camera</tspan>')
    expect(svg).toContain('>0 of 100 supporters</text>')
    expect(svg).toContain('>$7,500</text>')
    const de = await (await t.app.request('/embed/news?locale=de')).text()
    expect(de).toMatch(/<bdi>5\.000\s\$<\/bdi> <bdi>erreicht<\/bdi>/)
    // The campaign's own label is English on a German page: it says so.
    expect(de).toContain('<bdi lang="en-US">a new camera</bdi>')
    // Bad settings change nothing.
    for (const bar of [
      { stretchGoals: [900000, 800000] },
      { milestones: [{ amount: -1, label: 'x' }] },
      { donorGoal: 0 },
      { milestones: Array.from({ length: 6 }, (_, i) => ({ amount: i + 1, label: 'x' })) },
    ]) {
      await expectError(
        await t.call('PATCH', '/api/admin/campaigns/news', { bar }),
        422,
        'invalid_body',
      )
    }
  })

  it('shows the amount raised without a goal, never an empty track reading 0 %', async () => {
    await t.call('PUT', '/api/admin/campaigns/news/months/2021-06', { goal: 0 })
    const html = await (await t.app.request('/embed/news')).text()
    expect(html).not.toContain('role="progressbar"')
    expect(html).toContain('<p class="sb-raised">$1,360 raised</p>')
    for (const q of ['', '?compact=1']) {
      const svg = await (await t.app.request(`/embed/news.svg${q}`)).text()
      expect(svg).toContain('>$1,360 raised</text>')
      expect(svg).not.toContain('class="k"')
    }
  })

  it('draws Arabic right to left, mirrored, with the Arabic words', async () => {
    const html = await (await t.app.request('/embed/news?locale=ar')).text()
    expect(html).toContain('<html lang="ar">')
    expect(html).toContain('dir="rtl"')
    expect(html).toMatch(/>ادعمنا<\/a>/)
    const svg = await (await t.app.request('/embed/news.svg?locale=ar&width=400')).text()
    expect(svg).toMatch(/^<svg [^>]*lang="ar" direction="rtl">/)
    // The track's fill starts at the right edge: its right side is the track's right side.
    const rects = [
      ...svg.matchAll(/<rect class="(k|a)" fill="[^"]+" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g),
    ]
    const [track, fill] = rects.map((r) => Number(r[2]) + Number(r[3]))
    expect(fill).toBe(track)
    expect(Number(rects[1]?.[2])).toBeGreaterThan(Number(rects[0]?.[2]))
  })

  it('answers a bad option with a 400 in the format asked: an error image or an error page', async () => {
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
      const svg = await t.app.request(`/embed/news.svg?${q}`)
      expect(svg.status).toBe(400)
      expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=UTF-8')
      expect(svg.headers.get('cache-control')).toBe('no-store')
      const image = await svg.text()
      expect(image).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
      expect(image).toContain('<title id="sb-title">Invalid query: ')
      const page = await t.app.request(`/embed/news?${q}`)
      expect(page.status).toBe(400)
      expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8')
      const html = await page.text()
      expect(html).toMatch(/^<!doctype html>/)
      expect(html).toContain('<p class="sb-note">Invalid query: ')
      expect(html).not.toContain('red;}body')
    }
    // The error follows the theme that was asked for, when that one was valid.
    const dark = await (await t.app.request('/embed/news.svg?theme=dark&width=1')).text()
    expect(dark).toContain(`fill="${DARK.background}"`)
    for (const path of ['/embed/News..svg', '/embed/..%2F..%2Fetc']) {
      const res = await t.app.request(path)
      expect(res.status).toBe(400)
      expect(await res.text()).toContain('Invalid path: ')
    }
    // The JSON API keeps the one JSON error shape.
    await expectError(
      await t.app.request('/api/campaigns/news/progress?locale=not_a_locale!'),
      400,
      'invalid_parameter',
    )
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
    // In the reader's language and the asked theme, as page and as image.
    const fr = await (await t.app.request('/embed/news?locale=fr')).text()
    expect(fr).toContain('<html lang="fr">')
    expect(fr).toContain('The Daily News: cette campagne est terminée')
    const img = await (await t.app.request('/embed/news.svg?theme=dark&locale=de')).text()
    expect(img).toContain('The Daily News: diese Kampagne ist beendet')
    expect(img).toContain(`fill="${DARK.background}"`)
    const ja = await (await t.app.request('/embed/nope.svg?locale=ja')).text()
    expect(ja).toContain('キャンペーン「nope」はありません')
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

  it('takes STREAM_MIN_INTERVAL_MS from 0 (each change at once) to a minute, 1 s by default', () => {
    expect(parseConfig({}).streamMinIntervalMs).toBe(1000)
    expect(parseConfig({ STREAM_MIN_INTERVAL_MS: '0' }).streamMinIntervalMs).toBe(0)
    for (const bad of ['-1', '60001', '0.5', 'soon'])
      expect(() => parseConfig({ STREAM_MIN_INTERVAL_MS: bad })).toThrow(ConfigError)
  })

  it('sends the changes of one STREAM_MIN_INTERVAL_MS together, as the latest progress', async () => {
    const slow = await makeTestApp({
      env: { STREAM_MIN_INTERVAL_MS: '60000' },
      deps: { clock: fixedClock('2021-06-15T12:00:00Z'), feed: new ChangeFeed() },
    })
    try {
      expect((await slow.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
      // The stream's waits run on fake timers; the interval is a minute, so only the clock
      // moved by hand ends it.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const stream = events(await slow.app.request('/api/campaigns/news/stream'))
      expect((await stream.next()).data).toMatchObject({ pledged: 0 })
      for (const amount of [2500, 1000]) {
        const adj = await slow.call('POST', '/api/admin/campaigns/news/adjustments', {
          month: '2021-06',
          amount,
          reason: 'cash',
        })
        expect(adj.status).toBe(201)
      }
      const next = stream.next()
      await vi.advanceTimersByTimeAsync(60_000)
      // One event for both changes: without the interval the first change had its own.
      expect((await next).data).toMatchObject({ pledged: 3500 })
      vi.useRealTimers()
      await stream.cancel()
    } finally {
      vi.useRealTimers()
      await slow.close()
    }
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
