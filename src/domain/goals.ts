import type { BarSettings } from './bar-settings.js'

/** A marker on the track: a milestone, or a goal that was passed (a stretch goal took over). */
export interface Marker {
  kind: 'milestone' | 'goal'
  /** Minor units. */
  value: number
  /** Position along the bar, 0..100 of the goal in force. */
  position: number
  /** The admin's label of a milestone; empty for a passed goal (renderers say "reached"). */
  label: string
  reached: boolean
}

/**
 * The goal in force and the markers on the track. Once the month's goal is passed, the next
 * stretch goal above it takes over (the last one stays once all are passed); every passed
 * goal and every milestone below the goal in force is marked. Pure.
 */
export function goalsOf(
  pledged: number,
  monthGoal: number,
  bar: Pick<BarSettings, 'milestones' | 'stretchGoals'>,
): { goal: number; markers: Marker[] } {
  if (monthGoal <= 0) return { goal: 0, markers: [] }
  // Stryker disable next-line ArrayDeclaration: a placeholder in an absent list is filtered out (not above the goal)
  const ladder = [monthGoal, ...(bar.stretchGoals ?? []).filter((g) => g > monthGoal)]
  const goal = ladder.find((g) => pledged < g) ?? (ladder.at(-1) as number)
  const at = (value: number) => Math.floor((value * 1000) / goal) / 10
  const passed: Marker[] = ladder
    .filter((g) => g < goal)
    .map((value) => ({ kind: 'goal', value, position: at(value), label: '', reached: true }))
  // Stryker disable next-line ArrayDeclaration: a placeholder in an absent list has no amount and is filtered out
  const milestones: Marker[] = (bar.milestones ?? [])
    .filter((m) => m.amount < goal && !ladder.includes(m.amount))
    .map((m) => ({
      kind: 'milestone',
      value: m.amount,
      position: at(m.amount),
      label: m.label,
      reached: pledged >= m.amount,
    }))
  return { goal, markers: [...milestones, ...passed].sort((a, b) => a.value - b.value) }
}
