import { describe, expect, it } from 'vitest'
import { Doorkeeper } from '../../src/read/render-cache.js'

/**
 * The render cache's doorkeeper: which keys count as asked for before once the cache is full.
 * It remembers the last 8,192 keys missed, per campaign and key, with few false positives, and
 * then forgets, so that it never fills up into "everything was seen".
 */
const keys = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}|${i}`)

describe('the doorkeeper', () => {
  it('knows a key again after others were missed in between', () => {
    const door = new Doorkeeper()
    expect(door.seen('news', 'svg|a')).toBe(false)
    expect(door.seen('news', 'svg|b')).toBe(false)
    expect(door.seen('news', 'svg|a')).toBe(true)
    expect(door.seen('news', 'svg|b')).toBe(true)
  })

  it('tells campaigns apart', () => {
    const door = new Doorkeeper()
    for (const key of keys('svg', 100)) door.seen('news', key)
    const elsewhere = keys('svg', 100).filter((key) => door.seen('sport', key))
    expect(elsewhere.length).toBeLessThan(5)
  })

  it('remembers the last 8,192 keys missed, then forgets them all', () => {
    const door = new Doorkeeper()
    // Distinct keys until 8,192 of them were misses (a few count as seen: false positives).
    const missed: string[] = []
    for (let i = 0; missed.length < 8192; i++) {
      if (!door.seen('news', `first|${i}`)) missed.push(`first|${i}`)
    }
    expect(door.seen('news', missed[0] as string)).toBe(true)
    expect(door.seen('news', missed[8191] as string)).toBe(true)
    // The next miss clears the filter: only that key is remembered now.
    expect(door.seen('news', 'one more')).toBe(false)
    expect(door.seen('news', 'one more')).toBe(true)
    expect(door.seen('news', missed[0] as string)).toBe(false)
  })

  it('says "seen" for few keys it never saw, even near its reset', () => {
    const door = new Doorkeeper()
    for (const key of keys('filler', 8000)) door.seen('news', key)
    const fresh = keys('fresh', 1000).filter((key) => door.seen('news', key))
    // Two bits of 65,536 per key, about 16,000 set: a fresh key has both set about 5 % of the time.
    expect(fresh.length).toBeLessThan(120)
  })

  it('stays as selective after many more misses than it remembers', () => {
    const door = new Doorkeeper()
    for (const key of keys('flood', 60_000)) door.seen('news', key)
    const fresh = keys('fresh', 1000).filter((key) => door.seen('news', key))
    expect(fresh.length).toBeLessThan(120)
  })
})
