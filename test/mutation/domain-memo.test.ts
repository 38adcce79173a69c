import { describe, expect, it } from 'vitest'
import { boundedMemo, forgetMemos } from '../../src/domain/memo.js'

/** The memo keeps a value per key, starts over past its limit, and forgets when told. */

describe('boundedMemo', () => {
  it('builds a value once per key', () => {
    const memo = boundedMemo<number>()
    let built = 0
    const make = () => ++built
    expect(memo('a', make)).toBe(1)
    expect(memo('a', make)).toBe(1)
    expect(memo('b', make)).toBe(2)
    expect(built).toBe(2)
  })

  it('starts over when a new key would pass its limit, keeping that key', () => {
    const memo = boundedMemo<string>(2)
    memo('a', () => 'a1')
    memo('b', () => 'b1')
    expect(memo('a', () => 'a2')).toBe('a1')
    expect(memo('c', () => 'c1')).toBe('c1')
    expect(memo('c', () => 'c2')).toBe('c1')
    expect(memo('a', () => 'a3')).toBe('a3')
  })

  it('forgets every memo at once', () => {
    const one = boundedMemo<number>()
    const two = boundedMemo<number>()
    one('k', () => 1)
    two('k', () => 2)
    forgetMemos()
    expect(one('k', () => 10)).toBe(10)
    expect(two('k', () => 20)).toBe(20)
  })
})
