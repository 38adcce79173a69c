import { describe, expect, it } from 'vitest'
import { goalsOf } from '../../src/domain/goals.js'

/** Stretch goals an admin set at or below the month's goal never take over nor show. */

describe('stretch goals not above the month goal', () => {
  const passedGoal = (value: number, position: number) => ({
    kind: 'goal',
    value,
    position,
    label: '',
    reached: true,
  })

  it('are left out once the month goal is passed', () => {
    const bar = { stretchGoals: [300000, 500000, 800000] }
    expect(goalsOf(600000, 500000, bar)).toEqual({
      goal: 800000,
      markers: [passedGoal(500000, 62.5)],
    })
  })

  it('are left out when they are the only ones', () => {
    expect(goalsOf(600000, 500000, { stretchGoals: [500000, 100000] })).toEqual({
      goal: 500000,
      markers: [],
    })
  })
})
