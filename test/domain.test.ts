import { describe, expect, it } from 'vitest'
import {
  currencyExponent,
  formatMoney,
  isSupportedCurrency,
  normalizeCurrency,
  parseMajor,
  toMajorString,
} from '../src/domain/money.js'
import { addMonths, defaultMonthLabel, isMonth, isTimezone, monthOf } from '../src/domain/months.js'
import { buildProgress, type MonthFacts, percentOf } from '../src/domain/progress.js'

describe('money', () => {
  it('uses Stripe exponents from a fixed table, not Intl', () => {
    expect(currencyExponent('USD')).toBe(2)
    expect(currencyExponent('jpy')).toBe(0)
    expect(currencyExponent('KRW')).toBe(0)
    expect(currencyExponent('KWD')).toBe(3)
    expect(currencyExponent('BHD')).toBe(3)
    // Intl says ISK has 0 decimals; Stripe sends it in two-decimal form.
    expect(currencyExponent('ISK')).toBe(2)
  })

  it('knows which currencies Stripe supports', () => {
    expect(normalizeCurrency(' eur ')).toBe('EUR')
    expect(isSupportedCurrency('XXX')).toBe(false)
    expect(isSupportedCurrency('BTC')).toBe(false)
    expect(isSupportedCurrency('')).toBe(false)
  })

  it('converts minor units to exact decimal strings', () => {
    expect(toMajorString(136050, 'USD')).toBe('1360.50')
    expect(toMajorString(-5, 'USD')).toBe('-0.05')
    expect(toMajorString(0, 'USD')).toBe('0.00')
    expect(toMajorString(5000, 'JPY')).toBe('5000')
    expect(toMajorString(1234, 'KWD')).toBe('1.234')
    expect(() => toMajorString(1.5, 'USD')).toThrow(RangeError)
  })

  it('parses major units exactly and refuses extra precision', () => {
    expect(parseMajor('12.34', 'USD')).toBe(1234)
    expect(parseMajor('0.1', 'USD')).toBe(10)
    expect(parseMajor('-3', 'JPY')).toBe(-3)
    expect(parseMajor('1.5', 'JPY')).toBeUndefined()
    expect(parseMajor('1.2345', 'KWD')).toBeUndefined()
    expect(parseMajor('abc', 'USD')).toBeUndefined()
  })

  it('formats for people, with the symbol where the locale or the option puts it', () => {
    expect(formatMoney(500000, 'USD', { locale: 'en-US' })).toBe('$5,000')
    expect(formatMoney(136050, 'USD', { locale: 'en-US' })).toBe('$1,360.50')
    expect(formatMoney(250000, 'USD', { locale: 'en-US', display: 'after' })).toBe('2,500 $')
    expect(formatMoney(250000, 'EUR', { locale: 'en-US', display: 'before' })).toBe('€2,500')
    expect(formatMoney(5000, 'JPY', { locale: 'ja-JP' })).toMatch(/5,000/)
    expect(formatMoney(1234, 'KWD', { locale: 'en-US' })).toMatch(/1\.234/)
    // Amounts beyond float precision of cents stay exact because a decimal string is formatted.
    expect(formatMoney(900719925474099, 'USD', { locale: 'en-US' })).toBe('$9,007,199,254,740.99')
  })
})

describe('months', () => {
  it('validates YYYY-MM', () => {
    expect(isMonth('2021-06')).toBe(true)
    for (const bad of ['2021-13', '2021-00', '2021-6', '21-06', '2021-06-01', '', '1999-12']) {
      expect(isMonth(bad)).toBe(false)
    }
  })

  it('resolves the month in the campaign timezone', () => {
    const instant = new Date('2021-07-01T02:00:00Z')
    expect(monthOf(instant, 'UTC')).toBe('2021-07')
    expect(monthOf(instant, 'America/New_York')).toBe('2021-06')
    expect(monthOf(new Date('2021-06-30T23:30:00Z'), 'Asia/Tokyo')).toBe('2021-07')
  })

  it('gives the same month as Intl on both sides of every month start, in odd-offset zones too', () => {
    const formats = new Map<string, Intl.DateTimeFormat>()
    const byIntl = (t: number, tz: string) => {
      let f = formats.get(tz)
      if (!f) {
        f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit' })
        formats.set(tz, f)
      }
      const parts = f.formatToParts(new Date(t))
      const part = (type: string) => parts.find((p) => p.type === type)?.value
      return `${part('year')}-${part('month')}`
    }
    const zones = [
      'UTC',
      'America/New_York',
      'America/Sao_Paulo',
      'America/Santiago',
      'Asia/Kathmandu',
      'Australia/Eucla',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Asia/Tehran',
      'Africa/Casablanca',
    ]
    for (const tz of zones) {
      for (let m = 0; m < 12 * 30; m += 7) {
        // Month starts fall within a day of UTC midnight on the 1st; probe around each minute
        // of the UTC days either side: one ms before and at each quarter hour.
        const first = Date.UTC(2000 + Math.floor(m / 12), m % 12, 1)
        for (let q = -96; q <= 96; q++) {
          const t = first + q * 15 * 60 * 1000
          for (const probe of [t - 1, t]) {
            const got = monthOf(new Date(probe), tz)
            if (got !== byIntl(probe, tz)) {
              expect({ tz, at: new Date(probe).toISOString(), got }).toEqual({
                tz,
                at: new Date(probe).toISOString(),
                got: byIntl(probe, tz),
              })
            }
          }
        }
      }
    }
  })

  it('labels months from the locale, upper-cased like the bar', () => {
    expect(defaultMonthLabel('2021-06', 'en-US')).toBe('JUNE 2021')
    expect(defaultMonthLabel('2021-06', 'fr-FR')).toBe('JUIN 2021')
  })

  it('adds months across years', () => {
    expect(addMonths('2021-12', 1)).toBe('2022-01')
    expect(addMonths('2021-01', -1)).toBe('2020-12')
  })

  it('knows IANA timezones', () => {
    expect(isTimezone('Europe/Paris')).toBe(true)
    expect(isTimezone('Mars/Olympus')).toBe(false)
  })
})

describe('progress', () => {
  const facts: MonthFacts = {
    slug: 'news',
    name: 'News',
    currency: 'USD',
    locale: 'en-US',
    timezone: 'UTC',
    bar: {},
    donateUrl: null,
    archived: false,
    month: '2021-06',
    goal: 500000,
    label: null,
    pledged: 136000,
    donations: 3,
    donors: 2,
    updatedAt: null,
  }

  it('floors the percent to one decimal so 99.99% never shows 100%', () => {
    expect(percentOf(136000, 500000)).toBe(27.2)
    expect(percentOf(499999, 500000)).toBe(99.9)
    expect(percentOf(1, 0)).toBeNull()
  })

  it('puts ticks at 0, half and the goal', () => {
    const p = buildProgress(facts, { display: 'after' })
    expect(p.ticks.map((t) => t.formatted)).toEqual(['0 $', '2,500 $', '5,000 $'])
    expect(p.label).toBe('JUNE 2021')
    expect(p.formatted.pledged).toBe('1,360 $')
    expect(p.fill).toBe(27.2)
  })

  it('keeps the real amount and percent over 100% but a full bar', () => {
    const p = buildProgress({ ...facts, pledged: 750000 })
    expect(p.percent).toBe(150)
    expect(p.fill).toBe(100)
    expect(p.formatted.percent).toBe('150%')
  })

  it('has no ticks or percent without a goal, and an empty bar below zero', () => {
    const none = buildProgress({ ...facts, goal: 0 })
    expect(none.percent).toBeNull()
    expect(none.ticks).toEqual([])
    expect(buildProgress({ ...facts, pledged: -100 }).fill).toBe(0)
  })

  it('uses the label set for the month when there is one', () => {
    expect(buildProgress({ ...facts, label: 'Summer drive' }).label).toBe('Summer drive')
  })
})
