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

describe('the goal in force and the markers on the track', () => {
  const milestone = (value: number, position: number, label: string, reached: boolean) => ({
    kind: 'milestone',
    value,
    position,
    label,
    reached,
  })

  it('passes to the next stretch goal the moment the month goal is reached exactly', () => {
    expect(goalsOf(500000, 500000, { stretchGoals: [800000] })).toEqual({
      goal: 800000,
      markers: [{ kind: 'goal', value: 500000, position: 62.5, label: '', reached: true }],
    })
    expect(goalsOf(499999, 500000, { stretchGoals: [800000] })).toEqual({
      goal: 500000,
      markers: [],
    })
  })

  it('marks milestones below the goal in force, reached from their exact amount, in order', () => {
    const milestones = [
      { amount: 300000, label: 'a van' },
      { amount: 100000, label: 'a camera' },
      { amount: 200000, label: 'a desk' },
      { amount: 500000, label: 'the goal itself' },
      { amount: 900000, label: 'above every goal' },
    ]
    expect(goalsOf(200000, 500000, { milestones })).toEqual({
      goal: 500000,
      markers: [
        milestone(100000, 20, 'a camera', true),
        milestone(200000, 40, 'a desk', true),
        milestone(300000, 60, 'a van', false),
      ],
    })
  })

  it('puts passed goals and milestones on one track sorted by amount', () => {
    const bar = {
      stretchGoals: [800000],
      milestones: [
        { amount: 700000, label: 'a printer' },
        { amount: 500000, label: 'same as the month goal' },
        { amount: 100000, label: 'a camera' },
      ],
    }
    expect(goalsOf(600000, 500000, bar)).toEqual({
      goal: 800000,
      markers: [
        milestone(100000, 12.5, 'a camera', true),
        { kind: 'goal', value: 500000, position: 62.5, label: '', reached: true },
        milestone(700000, 87.5, 'a printer', false),
      ],
    })
  })

  it('has no goal and no markers without a month goal', () => {
    const bar = { milestones: [{ amount: 100, label: 'x' }], stretchGoals: [500] }
    expect(goalsOf(50, 0, bar)).toEqual({ goal: 0, markers: [] })
  })
})
