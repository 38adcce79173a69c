import { describe, expect, it } from 'vitest'
import {
  checkoutIssues,
  checkoutProblems,
  defaultCheckout,
  presetsDiffer,
  presetsFor,
} from '../../src/domain/checkout.js'
import { STRIPE_MAX_AMOUNT } from '../../src/domain/money.js'

/** The words of each problem with a campaign's checkout settings, as the admin API says them. */

describe('checkout settings problems', () => {
  const usd = defaultCheckout('USD')

  it('finds none in the defaults', () => {
    expect(checkoutProblems(usd, 'USD')).toEqual([])
  })

  it('names every preset outside min and max', () => {
    const s = { ...usd, min: 1000, max: 5000, presets: [500, 1000, 2500, 5000, 9000] }
    expect(checkoutProblems(s, 'USD')).toEqual(['presets must lie between min and max (500, 9000)'])
  })

  it('names a default interval the campaign does not allow', () => {
    const yearly = { ...usd, allowYearly: false, defaultInterval: 'year' as const }
    expect(checkoutProblems(yearly, 'USD')).toEqual([
      'defaultInterval year is not an interval the campaign allows',
    ])
    const monthly = { ...usd, allowMonthly: false, defaultInterval: 'month' as const }
    expect(checkoutProblems(monthly, 'USD')).toEqual([
      'defaultInterval month is not an interval the campaign allows',
    ])
    expect(checkoutProblems({ ...usd, allowYearly: true, defaultInterval: 'year' }, 'USD')).toEqual(
      [],
    )
  })

  it('says each problem once, in order', () => {
    const s = { ...usd, min: 10, max: 100_000_000, presets: [5], defaultInterval: 'year' as const }
    expect(checkoutProblems(s, 'USD')).toEqual([
      "min must be at least 50 (Stripe's minimum charge)",
      'max must be at most 99999999',
      'presets must lie between min and max (5)',
      'defaultInterval year is not an interval the campaign allows',
    ])
  })
})

describe('checkoutIssues: each problem names its field, its code and its figure', () => {
  const valid = defaultCheckout('USD')
  it('finds none in the defaults', () => {
    expect(checkoutIssues(valid, 'USD')).toEqual([])
  })
  it('names every problem of a value with all of them', () => {
    const bad = {
      ...valid,
      min: 10,
      max: STRIPE_MAX_AMOUNT + 1,
      presets: [5, 500],
      allowMonthly: false,
      defaultInterval: 'month' as const,
    }
    expect(checkoutIssues(bad, 'USD')).toEqual([
      { field: 'min', code: 'under_minimum_charge', limit: 50 },
      { field: 'max', code: 'over_maximum', limit: STRIPE_MAX_AMOUNT },
      { field: 'presets', code: 'outside_bounds', values: [5] },
      { field: 'defaultInterval', code: 'not_allowed', interval: 'month' },
    ])
    expect(checkoutIssues({ ...valid, min: 5000, max: 1000, presets: [] }, 'USD')).toEqual([
      { field: 'max', code: 'under_min' },
    ])
  })
})

describe('presets per interval', () => {
  const usd = { ...defaultCheckout('USD'), allowYearly: true }

  it('offers an interval its own amounts, else the campaign presets', () => {
    const s = { ...usd, presetsByInterval: { month: [700, 1500] } }
    expect(presetsFor(s, 'month')).toEqual([700, 1500])
    expect(presetsFor(s, 'once')).toEqual(usd.presets)
    expect(presetsFor(s, 'year')).toEqual(usd.presets)
  })

  it('differs only when an allowed interval has amounts of its own', () => {
    expect(presetsDiffer(usd)).toBe(false)
    expect(presetsDiffer({ ...usd, presetsByInterval: { once: [500] } })).toBe(true)
    expect(presetsDiffer({ ...usd, presetsByInterval: { year: [5000] } })).toBe(true)
    // Amounts of an interval the campaign does not offer change nothing on the page.
    expect(presetsDiffer({ ...usd, allowYearly: false, presetsByInterval: { year: [5000] } })).toBe(
      false,
    )
  })

  it('names the amounts of each interval outside min and max, bounds included', () => {
    const s = {
      ...usd,
      min: 1000,
      max: 5000,
      presets: [1000, 5000],
      presetsByInterval: { once: [999, 1000, 5000, 5001], year: [4000] },
    }
    expect(checkoutIssues(s, 'USD')).toEqual([
      { field: 'presetsByInterval', code: 'outside_bounds', values: [999, 5001], interval: 'once' },
    ])
    expect(checkoutProblems(s, 'USD')).toEqual([
      'presetsByInterval.once must lie between min and max (999, 5001)',
    ])
    const month = { ...s, presetsByInterval: { month: [10, 20] } }
    expect(checkoutProblems(month, 'USD')).toEqual([
      'presetsByInterval.month must lie between min and max (10, 20)',
    ])
  })
})
