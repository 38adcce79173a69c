import type { MoneyEffect } from './facts.js'

/**
 * A cumulative refund (MoneyEffect.cumulative) as the one step it adds (pure): the level it
 * reports (minor units, positive) less the refunds of the same key already in the ledger, as a
 * refund of its own keyed `<entryKey>:<level>`, so a level sent twice counts once and levels
 * sent out of order add up to the highest. Null when that level is already reached.
 */
export function cumulativeStep(
  m: MoneyEffect,
  ledger: readonly { entryKey: string; amount: number }[],
): MoneyEffect | null {
  const level = Math.abs(m.amount)
  const prefix = `${m.entryKey}:`
  const already = ledger
    .filter((e) => e.entryKey.startsWith(prefix))
    .reduce((sum, e) => sum - e.amount, 0)
  const step = level - already
  if (step <= 0) return null
  const { cumulative: _, ...rest } = m
  return { ...rest, entryKey: `${prefix}${level}`, amount: -step }
}
