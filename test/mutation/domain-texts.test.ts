import { describe, expect, it } from 'vitest'
import { messagesFor } from '../../src/domain/messages/index.js'
import { progressTexts, type TextInput } from '../../src/domain/messages/texts.js'
import { formatMoney, toMajorString } from '../../src/domain/money.js'
import { isLocale, monthOf } from '../../src/domain/months.js'

/** The bar's words, each field on its own, and the edges of plurals, digits and months. */

const base: TextInput = {
  locale: 'en-US',
  month: '2026-12',
  pledged: '$1,360',
  goal: '$5,000',
  donors: 1,
  daysLeft: null,
  buttonLabel: null,
  campaignLocale: 'en-US',
  donorGoal: null,
  monthlySupporters: null,
}

describe('progressTexts', () => {
  it('says what was raised, with and without a goal', () => {
    expect(progressTexts(base).sentence).toBe('$1,360 raised of $5,000')
    expect(progressTexts({ ...base, goal: null }).sentence).toBe('$1,360 raised')
    expect(progressTexts(base).valuetext).toContain('$1,360')
    expect(progressTexts(base).valuetext).toContain('$5,000')
    expect(progressTexts({ ...base, goal: null }).valuetext).toBe('$1,360 raised in December 2026')
  })

  it('counts donors in the singular and the plural', () => {
    expect(progressTexts(base).donors).toBe('1 donor')
    expect(progressTexts({ ...base, donors: 2 }).donors).toBe('2 donors')
    expect(progressTexts({ ...base, donors: 12345 }).donors).toBe('12,345 donors')
  })

  it('says the days left, the last day, or nothing outside the month', () => {
    expect(progressTexts(base).daysLeft).toBeNull()
    expect(progressTexts({ ...base, daysLeft: 1 }).daysLeft).toBe('last day')
    expect(progressTexts({ ...base, daysLeft: 2 }).daysLeft).toBe('2 days left')
    expect(progressTexts({ ...base, daysLeft: 0 }).daysLeft).toBe('0 days left')
  })

  it('says monthly supporters only when counted', () => {
    expect(progressTexts(base).monthly).toBeNull()
    expect(progressTexts({ ...base, monthlySupporters: 1 }).monthly).toBe('1 monthly supporter')
    expect(progressTexts({ ...base, monthlySupporters: 0 }).monthly).toBe('0 monthly supporters')
  })

  it('thanks the names donors agreed to show, as one list, and no one without names', () => {
    expect(progressTexts(base).wall).toBeNull()
    expect(progressTexts({ ...base, supporters: [] }).wall).toBeNull()
    expect(progressTexts({ ...base, supporters: ['Ada', 'Bo', 'Cy'] }).wall).toBe(
      'Thanks to Ada, Bo, and Cy',
    )
  })

  it('agrees the supporters noun with the goal, and says nothing without a donor goal', () => {
    expect(progressTexts(base).supporters).toBeNull()
    expect(progressTexts({ ...base, donors: 42, donorGoal: 1000 }).supporters).toBe(
      '42 of 1,000 supporters',
    )
    expect(progressTexts({ ...base, donors: 0, donorGoal: 1 }).supporters).toBe('0 of 1 supporter')
  })

  it("uses the campaign's own button label in the campaign's language", () => {
    const own = progressTexts({ ...base, locale: 'de', buttonLabel: 'Give', campaignLocale: 'en' })
    expect(own.button).toBe('Give')
    expect(own.buttonLang).toBe('en')
    const catalog = progressTexts({ ...base, locale: 'de' })
    expect(catalog.buttonLang).toBe('de')
    expect(catalog.button).not.toBe('Give')
  })
})

describe('messagesFor: plurals and digits', () => {
  it('follows English rules and digits for a language without a catalog', () => {
    // Russian: 21 is "one" and 12345 is "12 345"; the English words take English rules.
    const ru = messagesFor('ru')
    expect(ru.lang).toBe('en')
    expect(ru.plural('donors', 21)).toBe('21 donors')
    expect(ru.count(12345)).toBe('12,345')
  })

  it("follows the locale's own region where the catalog is its language", () => {
    expect(messagesFor('de-CH').count(12345)).toBe("12'345")
    expect(messagesFor('de').count(12345)).toBe('12.345')
  })

  it('falls back to the other form when the catalog lacks a category', () => {
    // German "Unterstützende" has only `other`; 1 selects `one`.
    expect(messagesFor('de').plural('monthly', 1)).toBe('1 monatlich Unterstützende')
  })
})

describe('money and month edges', () => {
  it('names a non-integer amount in its error', () => {
    expect(() => toMajorString(1.5, 'USD')).toThrow('not an integer amount: 1.5')
  })

  it('writes a symbol and a number for every display', () => {
    expect(formatMoney(136050, 'USD', { locale: 'en-US' })).toBe('$1,360.50')
    expect(formatMoney(136050, 'USD', { locale: 'en-US', display: 'after' })).toBe('1,360.50 $')
    expect(formatMoney(-250000, 'EUR', { locale: 'de-DE', display: 'before' })).toBe('€-2.500')
  })

  it('tells a locale Intl refuses', () => {
    expect(isLocale('en-US')).toBe(true)
    expect(isLocale('not a locale!')).toBe(false)
  })

  it('finds the month of instants a minute apart before 2000, where offsets were not whole quarter hours', () => {
    // Monrovia was 44 min 30 s behind UTC in 1970: February began at 00:44:30 UTC.
    expect(monthOf(new Date('1970-02-01T00:44:00Z'), 'Africa/Monrovia')).toBe('1970-01')
    expect(monthOf(new Date('1970-02-01T00:44:59Z'), 'Africa/Monrovia')).toBe('1970-02')
  })
})
