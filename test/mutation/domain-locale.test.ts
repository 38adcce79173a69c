import { describe, expect, it } from 'vitest'
import { buildHistory } from '../../src/domain/history.js'
import { CATALOGS, catalogLanguage, messagesFor } from '../../src/domain/messages/index.js'
import { displayLocale } from '../../src/domain/months.js'

/** Locale handling the money suites reach only one way: defaults, scripts, missing catalogs. */

describe('history without format options', () => {
  const zeitung = {
    slug: 'zeitung',
    name: 'Die Zeitung',
    currency: 'EUR',
    locale: 'de-DE',
    defaultGoal: 500000,
  }
  const may = { month: '2026-05', goal: 400000, label: null, pledged: 136050, donors: 3 }

  it("writes amounts the campaign locale's own way", () => {
    const h = buildHistory(zeitung, [may], '2026-06', 2)
    expect(h.locale).toBe('de-DE')
    expect(h.months.map((m) => m.formatted)).toEqual([
      { goal: '4.000\u00a0€', pledged: '1.360,50\u00a0€', month: 'Mai 2026' },
      { goal: '5.000\u00a0€', pledged: '0\u00a0€', month: 'Juni 2026' },
    ])
  })

  it('still takes a reader locale and a currency display when given', () => {
    const h = buildHistory(zeitung, [may], '2026-05', 1, { locale: 'en-US', display: 'before' })
    expect(h.locale).toBe('en-US')
    expect(h.months[0]?.formatted).toEqual({
      goal: '€4,000',
      pledged: '€1,360.50',
      month: 'May 2026',
    })
  })
})

describe('a language without a catalog', () => {
  it('gets the English words, with its own direction', () => {
    expect('ko' in CATALOGS).toBe(false)
    expect(catalogLanguage('ko-KR')).toBe('en')
    expect(catalogLanguage('sw')).toBe('en')
    const ko = messagesFor('ko-KR')
    expect(ko.lang).toBe('en')
    expect(ko.dir).toBe('ltr')
    expect(messagesFor('he').dir).toBe('rtl')
    expect(messagesFor('he').lang).toBe('en')
  })

  it('keeps a catalog language it has', () => {
    expect(catalogLanguage('de-AT')).toBe('de')
    expect(catalogLanguage('PT-br')).toBe('pt')
  })
})

describe('the display locale', () => {
  it('keeps a script and a region', () => {
    expect(displayLocale('zh-Hant-TW')).toBe('zh-Hant-TW')
    expect(displayLocale('sr-Latn')).toBe('sr-Latn')
    expect(displayLocale('sr-Cyrl-RS')).toBe('sr-Cyrl-RS')
  })

  it('drops extensions and private use', () => {
    expect(displayLocale('de-DE-u-ca-buddhist')).toBe('de-DE')
    expect(displayLocale('en-x-private')).toBe('en')
  })
})
