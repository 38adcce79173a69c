import { describe, expect, it } from 'vitest'
import { amountProblem, parseAmount } from '../../src/domain/amount-input.js'

/**
 * Typed amounts beyond test/amount-rule.test.ts: the signs people type that are not the
 * locale's own (folded), locales whose numbers carry no group sign or that Intl does not know,
 * groups in the wrong place, amounts too large to count, and the words of each refusal.
 */
const ok = (minor: number) => ({ ok: true, minor })
const refused = (reason: string, examples: string[]) => ({ ok: false, reason, examples })

describe('signs people type that the locale writes another way', () => {
  it.each([
    // Extended Arabic-Indic (Persian) digits with the Arabic decimal sign.
    ['۱۲٫۵', 'EUR', 'fa', ok(1250)],
    // A Western comma where the locale's own group sign is the Arabic one (U+066C).
    ['1,250', 'EGP', 'ar-EG', ok(125000)],
    // The Arabic group sign typed where no group can end is refused, not dropped.
    ['١٢٬٥', 'EGP', 'ar-EG', refused('ambiguous', ['12.50', '125'])],
    // A typographic apostrophe (U+2019) is the apostrophe Swiss German groups with...
    ['1’250.50', 'CHF', 'de-CH', ok(125050)],
    // ...and in English it is a sign English does not use: refused, never dropped.
    ['1’250', 'USD', 'en-US', refused('ambiguous', ['1,250', '1250.00'])],
    // The minus sign (U+2212) Swedish writes is a minus.
    ['−12,50', 'SEK', 'sv', ok(-1250)],
    // Several spaces in a row are one space between groups.
    ['1  250.00', 'USD', 'en-US', ok(125000)],
  ])('%s %s in %s', (text, currency, locale, want) => {
    expect(parseAmount(text, currency, locale)).toEqual(want)
  })
})

describe('locales beyond the usual', () => {
  it('reads amounts in a locale whose numbers have no group sign, grouping with a comma', () => {
    // Ewe writes 12345.6 without any group sign; the comma is then the group sign. The tag gets
    // a private-use part of its own each run, so the signs are worked out here, not remembered
    // from an earlier run in the same process.
    const ee = `ee-x-${Math.random().toString(36).slice(2, 10)}`
    expect(new Intl.NumberFormat(ee).formatToParts(12345.6).map((p) => p.type)).not.toContain(
      'group',
    )
    expect(parseAmount('12.50', 'USD', ee)).toEqual(ok(1250))
    expect(parseAmount('1,250', 'USD', ee)).toEqual(ok(125000))
  })

  it('reads a locale Intl refuses by English rules instead of failing', () => {
    expect(() => new Intl.NumberFormat('not a locale!')).toThrow(RangeError)
    expect(parseAmount('1,250.50', 'USD', 'not a locale!')).toEqual(ok(125050))
    expect(parseAmount('12,50', 'USD', 'not a locale!')).toEqual(
      refused('ambiguous', ['12.50', '1,250']),
    )
  })
})

describe('groups', () => {
  it('takes one to three digits before the first group sign', () => {
    expect(parseAmount('12,345', 'USD', 'en-US')).toEqual(ok(1234500))
    expect(parseAmount('123,456.78', 'USD', 'en-US')).toEqual(ok(12345678))
  })

  it('refuses groups of the wrong length after the first', () => {
    expect(parseAmount('1,2345', 'USD', 'en-US')).toEqual(
      refused('ambiguous', ['12,345', '12345.00']),
    )
    expect(parseAmount('1,2345,678', 'USD', 'en-US')).toEqual(
      refused('ambiguous', ['12,345,678', '12345678.00']),
    )
    // Three groups whose last could be cents: the grouped reading first, no cents guessed.
    expect(parseAmount('1,23,45', 'USD', 'en-US')).toEqual(
      refused('ambiguous', ['12,345', '12345.00']),
    )
    // A space where no group can end is refused like any other group sign.
    expect(parseAmount('12 50', 'USD', 'en-US')).toEqual(refused('ambiguous', ['12.50', '1,250']))
  })

  it('reads a trailing group sign in a currency without decimals as nothing after it', () => {
    expect(parseAmount('1234,', 'JPY', 'ja-JP')).toEqual(refused('ambiguous', ['1,234', '1234']))
  })

  it('refuses four or more digits before a group sign', () => {
    expect(parseAmount('1234,567', 'USD', 'en-US')).toEqual(
      refused('ambiguous', ['1,234,567', '1234567.00']),
    )
    expect(parseAmount('12345.678', 'EUR', 'de-DE')).toEqual(
      refused('ambiguous', ['12.345.678', '12345678,00']),
    )
  })
})

describe('text around the amount', () => {
  it('allows spaces around it and between the sign and the digits', () => {
    expect(parseAmount(' -5.00 ', 'USD', 'en-US')).toEqual(ok(-500))
    expect(parseAmount('- 5.00', 'USD', 'en-US')).toEqual(ok(-500))
  })

  it('refuses anything else before or after it', () => {
    for (const text of ['$12.50', '12.50 USD', 'USD12.50', '12.50$', '+12.50']) {
      expect(parseAmount(text, 'USD', 'en-US')).toEqual(refused('invalid', ['12.50']))
    }
  })

  it('refuses a group sign after the decimal sign', () => {
    expect(parseAmount('12.5,0', 'USD', 'en-US')).toEqual(refused('invalid', ['12.50']))
    expect(parseAmount('12,5.0', 'EUR', 'de-DE')).toEqual(refused('invalid', ['12,50']))
  })
})

describe('amounts too large to count exactly', () => {
  it('refuses them as not an amount, with an example', () => {
    // 10^17 dollars is 10^19 cents: past Number.MAX_SAFE_INTEGER.
    expect(parseAmount('100000000000000000', 'USD', 'en-US')).toEqual(refused('invalid', ['12.50']))
    expect(parseAmount('99999999999999999', 'JPY', 'ja-JP')).toEqual(
      refused('invalid', ['12', '1,250']),
    )
  })
})

describe('the refusal in words', () => {
  const problem = (text: string, currency: string, locale: string) => {
    const r = parseAmount(text, currency, locale)
    if (r.ok) throw new Error(`${text} was read as ${r.minor}`)
    return amountProblem(r, currency)
  }

  it('says both readings of an ambiguous amount', () => {
    expect(problem('12,50', 'USD', 'en-US')).toBe('is ambiguous: write 12.50 (or 1,250) in USD')
  })

  it('says how many decimals the currency has', () => {
    expect(problem('12.5', 'JPY', 'ja-JP')).toBe('has too many decimals for JPY: write 12')
    expect(problem('1,234.567', 'USD', 'en-US')).toBe(
      'has too many decimals for USD: write 1234.56',
    )
    expect(problem('1.2345', 'KWD', 'en-US')).toBe('has too many decimals for KWD: write 1.234')
  })

  it('shows what an amount looks like when the text is none', () => {
    expect(problem('lots', 'USD', 'en-US')).toBe('is not an amount: write it like 12.50 in USD')
    expect(problem('lots', 'JPY', 'ja-JP')).toBe(
      'is not an amount: write it like 12 (or 1,250) in JPY',
    )
    expect(problem('viel', 'EUR', 'de-DE')).toBe('is not an amount: write it like 12,50 in EUR')
  })
})
