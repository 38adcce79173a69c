import { describe, expect, it } from 'vitest'
import { giftsText } from '../../src/domain/messages/manage.js'
import { monthOf } from '../../src/domain/months.js'
import { isStripeAccount } from '../../src/domain/stripe-account.js'

/** Edges the money suites reached only by the way: each checked for what it answers. */

describe('isStripeAccount', () => {
  it('takes an acct_ id as text only, not a value that prints as one', () => {
    expect(isStripeAccount('acct_1A2b3C')).toBe(true)
    expect(isStripeAccount(['acct_1A2b3C'])).toBe(false)
    expect(isStripeAccount({ toString: () => 'acct_1A2b3C' })).toBe(false)
    expect(isStripeAccount('acct_')).toBe(false)
  })
})

describe('monthOf', () => {
  it('places instants before 2000 through Intl, in the zone', () => {
    expect(monthOf(new Date('1999-12-01T03:00:00Z'), 'America/New_York')).toBe('1999-11')
    expect(monthOf(new Date('1999-12-01T05:00:00Z'), 'America/New_York')).toBe('1999-12')
    expect(monthOf(new Date('0999-06-15T00:00:00Z'), 'UTC')).toBe('0999-06')
  })

  it('places the first instant of 2000 and after on the same rule', () => {
    expect(monthOf(new Date('2000-01-01T00:00:00Z'), 'UTC')).toBe('2000-01')
    expect(monthOf(new Date('2000-01-01T00:00:00Z'), 'America/New_York')).toBe('1999-12')
    expect(monthOf(new Date('2026-03-01T04:59:59Z'), 'America/New_York')).toBe('2026-02')
    expect(monthOf(new Date('2026-03-01T05:00:00Z'), 'America/New_York')).toBe('2026-03')
  })
})

describe('giftsText', () => {
  it("says the manage page's words in the donor's language, with the amount put in", () => {
    expect(giftsText('de-DE', 'changedMonth', { amount: '5 €' })).toBe(
      'Erledigt: Ab der nächsten Zahlung spenden Sie 5 € im Monat.',
    )
    expect(giftsText('xx', 'changedYear', { amount: '$5' })).toBe(
      'Done: from the next payment on, you give $5 a year.',
    )
    expect(giftsText('ar', 'cardOrStop')).toBe('غيّر البطاقة أو أوقف تبرعًا')
  })
})
