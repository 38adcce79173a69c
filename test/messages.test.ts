import { describe, expect, it } from 'vitest'
import { goalsOf } from '../src/domain/goals.js'
import {
  CATALOGS,
  type Catalog,
  catalogLanguage,
  format,
  messagesFor,
} from '../src/domain/messages/index.js'
import { GIFTS_CATALOGS } from '../src/domain/messages/manage.js'
import { daysLeftInMonth } from '../src/domain/months.js'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('message catalogs', () => {
  it('speak the twelve languages the bar promises', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual(
      ['ar', 'de', 'en', 'es', 'fr', 'it', 'ja', 'nl', 'pl', 'pt', 'sv', 'zh'].sort(),
    )
  })

  it('use the same placeholders as English in every message and plural form', () => {
    const en: Catalog = CATALOGS.en
    for (const [lang, catalog] of Object.entries(CATALOGS) as [string, Catalog][]) {
      for (const key of Object.keys(en) as (keyof Catalog)[]) {
        const mine = catalog[key]
        const theirs = en[key]
        if (typeof theirs === 'string') {
          expect(typeof mine, `${lang}.${key}`).toBe('string')
          expect(placeholders(mine as string), `${lang}.${key}`).toEqual(placeholders(theirs))
        } else {
          // Every form says the count, except a form that spells it out ("one day", "two").
          const wanted = placeholders(theirs.other)
          for (const [form, text] of Object.entries(mine as object)) {
            const got = placeholders(text as string)
            const spelled = ['zero', 'one', 'two'].includes(form)
            expect(
              spelled ? got.every((g) => wanted.includes(g)) : got,
              `${lang}.${key}.${form}`,
            ).toEqual(spelled ? true : wanted)
          }
        }
      }
    }
  })

  it("give the gifts page every word in every language, with English's placeholders", () => {
    const en = GIFTS_CATALOGS.en
    expect(Object.keys(GIFTS_CATALOGS).sort()).toEqual(Object.keys(CATALOGS).sort())
    for (const [lang, catalog] of Object.entries(GIFTS_CATALOGS)) {
      expect(Object.keys(catalog), lang).toEqual(Object.keys(en))
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(catalog[key].trim(), `${lang}.${key}`).not.toBe('')
        expect(placeholders(catalog[key]), `${lang}.${key}`).toEqual(placeholders(en[key]))
      }
    }
  })

  it('have every plural form where the word changes with the count (Polish, Arabic)', () => {
    for (const lang of ['pl', 'ar'] as const) {
      const rules = new Intl.PluralRules(lang)
      const used = new Set(Array.from({ length: 201 }, (_, n) => rules.select(n)))
      expect(used.size).toBeGreaterThanOrEqual(3)
      for (const key of ['daysLeft', 'donors', 'monthly'] as const) {
        const forms = Object.keys(CATALOGS[lang][key])
        for (const category of used) expect(forms, `${lang}.${key}`).toContain(category)
      }
    }
  })

  it('choose plural forms with Intl.PluralRules', () => {
    const en = messagesFor('en-US')
    expect(en.plural('donors', 1)).toBe('1 donor')
    expect(en.plural('donors', 1234)).toBe('1,234 donors')
    expect(en.plural('daysLeft', 2)).toBe('2 days left')
    const pl = messagesFor('pl-PL')
    expect([1, 2, 5, 22, 25].map((n) => pl.plural('daysLeft', n))).toEqual([
      'został 1 dzień',
      'zostały 2 dni',
      'zostało 5 dni',
      'zostały 22 dni',
      'zostało 25 dni',
    ])
    const ar = messagesFor('ar')
    expect(ar.plural('daysLeft', 2)).toBe('يتبقى يومان')
    expect(ar.plural('daysLeft', 3)).toContain('أيام')
    expect(ar.plural('daysLeft', 11)).toContain('يومًا')
    expect(messagesFor('ja-JP').plural('donors', 3)).toBe('寄付者3人')
    expect(messagesFor('fr').plural('donors', 0)).toBe('0 donateur')
    expect(messagesFor('de-CH').plural('supportersOf', 42, { goal: '100' })).toBe(
      '42 von 100 Unterstützenden',
    )
  })

  it('pick the catalog by language, English for the rest, and right-to-left by locale', () => {
    expect(catalogLanguage('de-AT')).toBe('de')
    expect(catalogLanguage('zh-Hant-TW')).toBe('zh')
    expect(catalogLanguage('ko-KR')).toBe('en')
    expect(messagesFor('pt-BR').text('support')).toBe('Apoiar')
    expect(messagesFor('ar-EG')).toMatchObject({ lang: 'ar', dir: 'rtl' })
    // Hebrew has no catalog yet: English words, but a Hebrew page is still laid out rtl.
    expect(messagesFor('he')).toMatchObject({ lang: 'en', dir: 'rtl' })
    expect(messagesFor('en').dir).toBe('ltr')
  })

  it('fill placeholders and keep unknown ones visible', () => {
    expect(format('{raised} raised of {goal}', { raised: '1,360 $', goal: '5,000 $' })).toBe(
      '1,360 $ raised of 5,000 $',
    )
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}')
    // A value that looks like a placeholder is not filled again.
    expect(format('{a}{b}', { a: '{b}', b: 'x' })).toBe('{b}x')
  })
})

describe('days left in the month', () => {
  it("counts today, in the campaign's timezone, and is null outside the month", () => {
    const at = new Date('2021-06-30T12:00:00Z')
    expect(daysLeftInMonth('2021-06', at, 'America/Los_Angeles')).toBe(1)
    // Already July 1 on Kiritimati (UTC+14): June is over there.
    expect(daysLeftInMonth('2021-06', at, 'Pacific/Kiritimati')).toBeNull()
    expect(daysLeftInMonth('2021-07', at, 'Pacific/Kiritimati')).toBe(31)
    expect(daysLeftInMonth('2024-02', new Date('2024-02-01T00:00:00Z'), 'UTC')).toBe(29)
    expect(daysLeftInMonth('2021-05', at, 'UTC')).toBeNull()
  })
})

describe('goals: stretch goals and milestones', () => {
  const bar = {
    milestones: [
      { amount: 250000, label: 'a new camera' },
      { amount: 700000, label: 'a second reporter' },
    ],
    stretchGoals: [750000, 1000000],
  }
  it('keeps the month goal until it is passed, marking milestones below it', () => {
    const { goal, markers } = goalsOf(136000, 500000, bar)
    expect(goal).toBe(500000)
    expect(markers).toEqual([
      { kind: 'milestone', value: 250000, position: 50, label: 'a new camera', reached: false },
    ])
  })
  it('hands over to the next stretch goal and keeps the passed goal marked', () => {
    const { goal, markers } = goalsOf(520000, 500000, bar)
    expect(goal).toBe(750000)
    expect(markers.map((m) => [m.kind, m.value, m.position, m.reached])).toEqual([
      ['milestone', 250000, 33.3, true],
      ['goal', 500000, 66.6, true],
      ['milestone', 700000, 93.3, false],
    ])
    expect(goalsOf(2000000, 500000, bar).goal).toBe(1000000)
    expect(goalsOf(2000000, 500000, bar).markers.filter((m) => m.kind === 'goal')).toHaveLength(2)
    // Stretch goals below the month's goal are ignored; no goal, no markers.
    expect(goalsOf(600000, 800000, bar).goal).toBe(800000)
    expect(goalsOf(600000, 0, bar)).toEqual({ goal: 0, markers: [] })
  })
})
