import { describe, expect, it } from 'vitest'
import { buildHistory } from '../../src/domain/history.js'
import { formatMoney } from '../../src/domain/money.js'

/** The history of months (src/domain/history.ts): how amounts are written, and a zero goal. */

const campaign = {
  slug: 'news',
  name: 'News',
  currency: 'USD',
  locale: 'en-US',
  defaultGoal: 500000,
}

describe('buildHistory', () => {
  it('writes amounts the way the caller asks, else the locale’s way', () => {
    const rows = [{ month: '2026-06', goal: 500000, label: null, pledged: 136000, donors: 3 }]
    const after = buildHistory(campaign, rows, '2026-06', 1, { display: 'after' })
    expect(after.months[0]?.formatted.pledged).toBe(
      formatMoney(136000, 'USD', { locale: 'en-US', display: 'after' }),
    )
    expect(after.months[0]?.formatted.pledged).not.toBe('$1,360')
    const plain = buildHistory(campaign, rows, '2026-06', 1)
    expect(plain.months[0]?.formatted.pledged).toBe('$1,360')
  })

  it('has no percent for a month without a goal', () => {
    const rows = [
      { month: '2026-05', goal: 0, label: null, pledged: 2500, donors: 1 },
      { month: '2026-06', goal: 10000, label: 'June', pledged: 2500, donors: 1 },
    ]
    const h = buildHistory(campaign, rows, '2026-06', 3)
    expect(h.months.map((m) => [m.month, m.goal, m.pledged, m.percent])).toEqual([
      ['2026-04', 500000, 0, 0],
      ['2026-05', 0, 2500, null],
      ['2026-06', 10000, 2500, 25],
    ])
  })
})
