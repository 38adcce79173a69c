import { describe, expect, it } from 'vitest'
import { byteLength, RenderCache, type Rendered } from '../../src/read/render-cache.js'

/**
 * The render cache around a build: byte lengths, concurrent readers, a change landing while a
 * rendering is built, renderings too large to keep, a budget filled to the byte, and changes to
 * campaigns it holds nothing of.
 */
const rendering = (body: string): Rendered => ({
  body,
  etag: `W/"${body.length}"`,
  contentType: 'text/plain',
})

/** A build that finishes when the test says so, counting how often it ran. */
function deferred(body: string) {
  let finish: () => void = () => {}
  const gate = new Promise<void>((resolve) => {
    finish = resolve
  })
  const build = Object.assign(
    async () => {
      build.runs++
      await gate
      return rendering(body)
    },
    { runs: 0 },
  )
  return { build, finish }
}

describe('byte length', () => {
  it('is the UTF-8 length of the body, the same every time it is asked', () => {
    const r = rendering('Ünïcode · 1,360 $')
    expect(byteLength(r)).toBe(20)
    expect(byteLength(r)).toBe(20)
    expect(byteLength(rendering('plain'))).toBe(5)
  })
})

describe('concurrent readers', () => {
  it('get each key its own bytes', async () => {
    const cache = new RenderCache(() => 0, 60_000)
    const a = deferred('a')
    const b = deferred('b')
    const both = Promise.all([
      cache.get('news', 'json|a', a.build),
      cache.get('news', 'json|b', b.build),
    ])
    a.finish()
    b.finish()
    expect((await both).map((r) => r.body)).toEqual(['a', 'b'])
  })

  it('of one key share one build', async () => {
    const cache = new RenderCache(() => 0, 60_000)
    const a = deferred('a')
    const both = Promise.all([
      cache.get('news', 'json|a', a.build),
      cache.get('news', 'json|a', a.build),
    ])
    a.finish()
    expect((await both).map((r) => r.body)).toEqual(['a', 'a'])
    expect(a.build.runs).toBe(1)
  })
})

describe('a change while a rendering is built', () => {
  it('serves the rendering to its reader but does not keep it', async () => {
    const cache = new RenderCache(() => 0, 60_000)
    const old = deferred('before the change')
    const pending = cache.get('news', 'json', old.build)
    cache.invalidate('news')
    // A reader after the change does not wait for the bytes from before it.
    const fresh = deferred('after the change')
    const after = cache.get('news', 'json', fresh.build)
    old.finish()
    fresh.finish()
    expect((await pending).body).toBe('before the change')
    expect((await after).body).toBe('after the change')
    expect(fresh.build.runs).toBe(1)
    expect((await cache.get('news', 'json', deferred('again').build)).body).toBe('after the change')
  })

  it('keeps nothing built before the change, however many changes came', async () => {
    const cache = new RenderCache(() => 0, 60_000)
    const old = deferred('stale')
    const pending = cache.get('news', 'json', old.build)
    cache.invalidate('news')
    cache.invalidate('news')
    old.finish()
    const r = await pending
    expect(cache.holderOf(r)).toBeUndefined()
    expect(cache.size).toBe(0)
  })
})

describe('sizes', () => {
  // 2 × (body + 1 + 4) + 400 bytes for key `k` of campaign `news`.
  it('does not keep a rendering larger than a fifth of its budget', async () => {
    const cache = new RenderCache(() => 0, 60_000, 20_000)
    const small = await cache.get('news', 'k', async () => rendering('s'.repeat(1794)))
    expect(cache.holderOf(small)).toBeDefined()
    cache.clear()
    const large = await cache.get('news', 'k', async () => rendering('l'.repeat(1795)))
    expect(cache.holderOf(large)).toBeUndefined()
    const huge = await cache.get('news', 'k', async () => rendering('h'.repeat(5000)))
    expect(cache.holderOf(huge)).toBeUndefined()
    expect(cache.bytes).toBe(0)
  })

  it('fills its budget to the byte', async () => {
    // Six renderings of 2 × (1000 + 3 + 4) + 400 = 2,414 bytes: exactly 14,484.
    const cache = new RenderCache(() => 0, 60_000, 6 * 2414)
    const held: Rendered[] = []
    for (let i = 0; i < 6; i++) {
      held.push(await cache.get('news', `k0${i}`, async () => rendering(String(i).repeat(1000))))
    }
    expect(cache.bytes).toBe(6 * 2414)
    expect(cache.size).toBe(6)
    expect(held.filter((r) => cache.holderOf(r) !== undefined)).toHaveLength(6)
  })
})

describe('a change to a campaign the cache holds nothing of', () => {
  it('changes nothing else', async () => {
    const cache = new RenderCache(() => 0, 60_000)
    cache.invalidate('ghost')
    const r = await cache.get('news', 'json', async () => rendering('news'))
    cache.invalidate('ghost')
    expect(cache.holderOf(r)).toBeDefined()
    expect(cache.size).toBe(1)
  })
})
