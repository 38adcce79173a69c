import { describe, expect, it } from 'vitest'
import { mergePageContent, parsePageContent } from '../../src/domain/donate-page.js'
import { isMonth, isTimezone } from '../../src/domain/months.js'

/** Small rules with edges: which months exist, which timezones, the donate page's content. */

describe('isMonth', () => {
  it('takes months of the years 2000 to 2999, both included', () => {
    expect(isMonth('2000-01')).toBe(true)
    expect(isMonth('2999-12')).toBe(true)
    expect(isMonth('1999-12')).toBe(false)
    expect(isMonth('3000-01')).toBe(false)
    expect(isMonth('2021-13')).toBe(false)
    expect(isMonth('2021-6')).toBe(false)
  })
})

describe('isTimezone', () => {
  it('tells a zone Intl knows from one it does not, without throwing', () => {
    expect(isTimezone('Europe/Berlin')).toBe(true)
    expect(isTimezone('Mars/Olympus')).toBe(false)
  })
})

describe('donate page content', () => {
  it('reads stored JSON, and no content from nothing or anything else', () => {
    expect(parsePageContent('{"appeal":"Hi"}')).toStrictEqual({ appeal: 'Hi' })
    expect(parsePageContent(null)).toStrictEqual({})
    expect(parsePageContent('')).toStrictEqual({})
    expect(parsePageContent('null')).toStrictEqual({})
    expect(parsePageContent('7')).toStrictEqual({})
    expect(parsePageContent('{')).toStrictEqual({})
  })

  it('clears a field set to null, keeps one left out or undefined, sets the rest', () => {
    const current = { appeal: 'Hi', privacyUrl: 'https://a.example/p' }
    const next = mergePageContent(current, {
      appeal: null,
      privacyUrl: undefined,
      contactUrl: 'https://a.example/c',
    })
    expect(next).toStrictEqual({
      privacyUrl: 'https://a.example/p',
      contactUrl: 'https://a.example/c',
    })
    expect('appeal' in next).toBe(false)
    expect(Object.keys(mergePageContent({}, { appeal: undefined }))).toEqual([])
  })
})
