import { describe, expect, it } from 'vitest'
import { etagOf, RenderCache, type Rendered } from '../src/read/render-cache.js'

const rendering = (body: string): Rendered => ({
  body,
  etag: `W/"${body.length}"`,
  contentType: 'text/plain',
})
const build = (body: string) => async () => rendering(body)

describe('the render cache', () => {
  it('stays within its byte budget however many renderings are asked for', async () => {
    const cache = new RenderCache(() => 0, 60_000, 200_000)
    for (let i = 0; i < 5000; i++) await cache.get('news', `svg|${i}`, build('x'.repeat(1000)))
    expect(cache.bytes).toBeLessThanOrEqual(200_000)
    expect(cache.size).toBeGreaterThan(50)
    expect(cache.size).toBeLessThan(5000)
  })

  it('keeps what readers ask for again through a flood of one-off option combinations', async () => {
    const cache = new RenderCache(() => 0, 60_000, 200_000)
    const readers = Array.from({ length: 20 }, (_, i) => `svg|reader-${i}`)
    for (const key of readers) await cache.get('news', key, build(`bytes of ${key}`))
    // Read once more: from then on they are protected.
    for (const key of readers) await cache.get('news', key, build('rebuilt'))
    let builds = 0
    for (let i = 0; i < 20_000; i++) {
      await cache.get('news', `svg|hostile-${i}`, async () => {
        builds++
        return rendering('y'.repeat(800))
      })
      if (i % 1000 === 0) {
        for (const key of readers) await cache.get('news', key, build('rebuilt'))
      }
    }
    expect(builds).toBe(20_000)
    for (const key of readers) {
      expect((await cache.get('news', key, build('rebuilt'))).body).toBe(`bytes of ${key}`)
    }
    expect(cache.bytes).toBeLessThanOrEqual(200_000)
  })

  it('once full, keeps a new rendering only if its key was asked for before', async () => {
    const cache = new RenderCache(() => 0, 60_000, 200_000)
    for (let i = 0; i < 1000; i++) await cache.get('news', `svg|fill-${i}`, build('x'.repeat(1000)))
    const full = cache.size
    // One-off keys past the budget render and are let go: nothing of the cache is pushed out.
    const oneOff = await cache.get('news', 'svg|once', build('o'.repeat(1000)))
    expect(cache.holderOf(oneOff)).toBeUndefined()
    expect(cache.size).toBe(full)
    // Asked for again: now it is kept (and evicts the oldest unread rendering instead).
    const again = await cache.get('news', 'svg|once', build('o'.repeat(1000)))
    expect(cache.holderOf(again)).toBeDefined()
    expect((await cache.get('news', 'svg|once', build('rebuilt'))).body).toBe('o'.repeat(1000))
    expect(cache.bytes).toBeLessThanOrEqual(200_000)
  })

  it('keeps a first rendering at once while there is room', async () => {
    const cache = new RenderCache(() => 0, 60_000, 200_000)
    const r = await cache.get('news', 'json|2021-06', build('june'))
    expect(cache.holderOf(r)).toBeDefined()
  })

  it('lets go of a dropped rendering: a holder sees it empty, never stale', async () => {
    let now = 0
    const cache = new RenderCache(() => now, 1000)
    const r = await cache.get('news', 'json', build('one'))
    const held = cache.holderOf(r)
    expect(held && cache.hit(held)).toBe(r)
    now = 1000
    expect(held && cache.hit(held)).toBeUndefined()
    const again = await cache.get('news', 'json', build('two'))
    expect(again.body).toBe('two')
    expect(held?.value).toBeUndefined()
    const h2 = cache.holderOf(again)
    cache.invalidate('news')
    expect(h2?.value).toBeUndefined()
    expect(cache.bytes).toBe(0)
  })

  it('ends a rendering of "the current month" at the time it is given', async () => {
    let now = 0
    const cache = new RenderCache(() => now, 60_000)
    const r = await cache.get('news', 'json|current@0', build('june'), 500)
    now = 499
    expect(cache.hit(cache.holderOf(r) ?? { value: undefined, expires: 0, used: false })).toBe(r)
    now = 500
    expect((await cache.get('news', 'json|current@0', build('july'), 60_000)).body).toBe('july')
  })

  it('makes the same ETag on Node as Web Crypto makes on Workers', async () => {
    const body = 'Ünïcode bar · 1,360 $'
    const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(body))
    const hex = Buffer.from(digest).toString('hex').slice(0, 24)
    expect(await etagOf(body)).toBe(`W/"${hex}"`)
  })

  it('keeps nothing with a TTL of 0', async () => {
    const cache = new RenderCache(() => 0, 0)
    await cache.get('news', 'json', build('x'))
    expect(cache.size).toBe(0)
  })
})

describe('the render cache rebuilding a popular rendering', () => {
  it('keeps a protected rendering protected when its time is up and it is rebuilt', async () => {
    let now = 0
    const cache = new RenderCache(() => now, 60_000, 20_000)
    const r = (key: string): Rendered => ({
      body: key.padEnd(1000, '.'),
      etag: key,
      contentType: 't',
    })
    const get = (key: string, expiresBy?: number) =>
      cache.get('news', key, async () => r(key), expiresBy)
    const readers = ['k00', 'k01', 'k02', 'k03', 'k04', 'k05', 'k06', 'k07']
    for (const key of readers) await get(key, key === 'k07' ? 500 : undefined)
    for (const key of readers) await get(key)
    await get('n00')
    await get('n00') // k02..k07 are now protected
    now = 600 // k07's time is up: the next read rebuilds it
    const k07 = await get('k07')
    for (const key of ['n01', 'n02', 'n03']) {
      await get(key)
      await get(key)
    }
    // Newcomers read twice push probation out; a rebuilt popular rendering is not among them.
    expect(cache.holderOf(k07)).toBeDefined()
  })
})
