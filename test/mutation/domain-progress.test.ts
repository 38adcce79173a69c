import { describe, expect, it } from 'vitest'
import { daysLeftInMonth } from '../../src/domain/months.js'
import { buildProgress, type MonthFacts } from '../../src/domain/progress.js'
import { isStripeAccount } from '../../src/domain/stripe-account.js'

/** The progress view field by field: what the JSON and every renderer are built from. */

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

describe('buildProgress', () => {
  it('fills the donor-count bar by tenths of a percent, never past full', () => {
    const p = buildProgress({ ...facts, donors: 7, bar: { donorGoal: 30 } })
    expect(p.donorGoal).toEqual({ goal: 30, fill: 23.3 })
    expect(p.texts.supporters).toBe('7 of 30 supporters')
    expect(buildProgress({ ...facts, donors: 45, bar: { donorGoal: 30 } }).donorGoal).toEqual({
      goal: 30,
      fill: 100,
    })
    expect(buildProgress({ ...facts, donors: 0, bar: { donorGoal: 3 } }).donorGoal?.fill).toBe(0)
    const none = buildProgress(facts)
    expect(none.donorGoal).toBeNull()
    expect(none.texts.supporters).toBeNull()
  })

  it('formats the percent in the locale, and none without a goal', () => {
    expect(buildProgress(facts).formatted.percent).toBe('27.2%')
    expect(buildProgress(facts, { locale: 'de-DE' }).formatted.percent).toBe('27,2\u00a0%')
    expect(buildProgress({ ...facts, goal: 0 }).formatted.percent).toBeNull()
    expect(buildProgress({ ...facts, goal: 0 }).texts.sentence).toBe('$1,360 raised')
  })

  it('says the days left only when a time is given and it falls in the month', () => {
    expect(buildProgress(facts).daysLeft).toBeNull()
    const june = buildProgress(facts, { now: new Date('2021-06-28T12:00:00Z') })
    expect(june.daysLeft).toBe(3)
    expect(june.texts.daysLeft).toBe('3 days left')
    expect(buildProgress(facts, { now: new Date('2021-07-01T00:00:00Z') }).daysLeft).toBeNull()
  })

  it("carries the campaign's own words, shown facts and settings, or their defaults", () => {
    const own = buildProgress({
      ...facts,
      bar: { buttonLabel: 'Give', tagline: 'Local news', show: ['donors'] },
    })
    expect(own.buttonLabel).toBe('Give')
    expect(own.texts.button).toBe('Give')
    expect(own.tagline).toBe('Local news')
    expect(own.show).toEqual(['donors'])
    const plain = buildProgress(facts)
    expect(plain.buttonLabel).toBeNull()
    expect(plain.texts.button).toBe('Support')
    expect(plain.tagline).toBeNull()
    expect(plain.show).toEqual([])
  })

  it('counts monthly supporters only where the store has them, and defaults the rest', () => {
    const p = buildProgress({
      ...facts,
      monthlySupporters: 4,
      recurring: { supporters: 4, monthly: 4000 },
      supporters: ['Ada'],
    })
    expect(p.texts.monthly).toBe('4 monthly supporters')
    expect(p.recurring).toEqual({ supporters: 4, monthly: 4000 })
    expect(p.supporters).toEqual(['Ada'])
    expect(p.texts.wall).toBe('Thanks to Ada')
    const plain = buildProgress(facts)
    expect(plain.texts.monthly).toBeNull()
    expect(plain.recurring).toEqual({ supporters: 0, monthly: 0 })
    expect(plain.supporters).toEqual([])
  })

  it('labels the month in the reader locale, or as the campaign set it in its own', () => {
    const fr = buildProgress(facts, { locale: 'fr-FR' })
    expect(fr.label).toBe('JUIN 2021')
    expect(fr.labelLocale).toBe('fr-FR')
    const set = buildProgress({ ...facts, label: 'Summer drive' }, { locale: 'fr-FR' })
    expect(set.labelLocale).toBe('en-US')
  })

  it('formats markers, half and goal', () => {
    const p = buildProgress({
      ...facts,
      bar: { milestones: [{ amount: 100000, label: 'a camera' }] },
    })
    expect(p.markers.map((m) => m.formatted)).toEqual(['$1,000'])
    expect(p.formatted.half).toBe('$2,500')
    expect(p.formatted.goal).toBe('$5,000')
  })
})

describe('daysLeftInMonth', () => {
  it('counts today, so the last day is 1, in the campaign timezone', () => {
    expect(daysLeftInMonth('2021-06', new Date('2021-06-30T23:00:00Z'), 'UTC')).toBe(1)
    expect(daysLeftInMonth('2021-06', new Date('2021-06-01T00:00:00Z'), 'UTC')).toBe(30)
    expect(daysLeftInMonth('2024-02', new Date('2024-02-10T00:00:00Z'), 'UTC')).toBe(20)
    // 23:00 UTC on 30 June is 1 July in Berlin: a new month, so none left in June.
    expect(daysLeftInMonth('2021-06', new Date('2021-06-30T23:00:00Z'), 'Europe/Berlin')).toBeNull()
    expect(daysLeftInMonth('2021-07', new Date('2021-06-30T23:00:00Z'), 'Europe/Berlin')).toBe(31)
  })
})

describe('isStripeAccount', () => {
  it('takes only a string shaped as an account id', () => {
    expect(isStripeAccount('acct_1A2b')).toBe(true)
    expect(isStripeAccount(42)).toBe(false)
    expect(isStripeAccount('acct_')).toBe(false)
  })
})

describe('buildProgress: gross, net and each provider', () => {
  const split: MonthFacts = {
    ...facts,
    pledged: 10000,
    fees: 700,
    bySource: {
      stripe: { gross: 6000, fees: 500, donations: 2 },
      paypal: { gross: 4000, fees: 200, donations: 1 },
    },
  }
  it('shows gross by default, and says so', () => {
    const p = buildProgress(split)
    expect(p.barAmount).toBe('gross')
    expect([p.pledged, p.gross, p.fees, p.net]).toEqual([10000, 10000, 700, 9300])
    expect(p.bySource).toEqual({
      stripe: { pledged: 6000, donations: 2, verified: true },
      paypal: { pledged: 4000, donations: 1, verified: true },
    })
  })
  it("shows net and each provider's net when the campaign asks for net", () => {
    const p = buildProgress({ ...split, barAmount: 'net' })
    expect(p.barAmount).toBe('net')
    expect(p.pledged).toBe(9300)
    expect(p.bySource).toEqual({
      stripe: { pledged: 5500, donations: 2, verified: true },
      paypal: { pledged: 3800, donations: 1, verified: true },
    })
  })
  it('marks the money of sources that cannot be checked to the cent, and of unknown ones', () => {
    const p = buildProgress({
      ...split,
      bySource: {
        kofi: { gross: 300, fees: 0, donations: 1 },
        donorbox: { gross: 100, fees: 0, donations: 1 },
        other: { gross: 1, fees: 0, donations: 1 },
      },
    })
    expect(p.bySource).toEqual({
      kofi: { pledged: 300, donations: 1, verified: false },
      donorbox: { pledged: 100, donations: 1, verified: true },
      other: { pledged: 1, donations: 1, verified: false },
    })
  })
  it('has no providers when none counted', () => {
    expect(buildProgress(facts).bySource).toEqual({})
  })
  it("writes amounts the locale's way unless told where the symbol goes", () => {
    const eur = { ...facts, currency: 'EUR', locale: 'de-DE' }
    expect(buildProgress(eur).formatted.pledged).toBe('1.360\u00a0€')
    expect(buildProgress(eur, { display: 'before' }).formatted.pledged).toBe('€1.360')
  })
})
