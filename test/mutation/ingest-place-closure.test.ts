import { describe, expect, it } from 'vitest'
import { linkClosure } from '../../src/ingest/place.js'

// src/ingest/place.ts, linkClosure: the objects the ingest loads and settles with a payment are
// bounded, so a runaway of links (a cycle through ever new ids, or a bad lookup) loads at most 64.

describe('linkClosure', () => {
  it('stops at 64 objects however far the links go', () => {
    const long = Array.from({ length: 80 }, (_, i) => ({
      paymentRef: `o_${i}`,
      link: `o_${i + 1}`,
    }))
    const all = linkClosure(['o_0'], long)
    expect(all).toHaveLength(64)
    expect(all.at(-1)).toBe('o_63')
    // Just under the bound, the whole chain.
    expect(linkClosure(['o_0'], long.slice(0, 62))).toHaveLength(63)
  })
})
