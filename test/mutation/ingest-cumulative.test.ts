import { describe, expect, it } from 'vitest'
import { cumulativeStep } from '../../src/ingest/cumulative.js'
import { money } from './ingest-fixtures.js'

/**
 * src/ingest/cumulative.ts: a platform that reports refunds as a running total (Donorbox's
 * `amount_refunded`) adds, as its own refund entry, only the part the ledger does not hold yet.
 */

const level = (amount: number) =>
  money({
    entryKey: 'donorbox:refund:77',
    kind: 'refund',
    paymentRef: 'donorbox:77',
    amount: -amount,
    cumulative: true,
  })
const held = (...amounts: [string, number][]) =>
  amounts.map(([entryKey, amount]) => ({ entryKey, amount }))

describe('cumulativeStep', () => {
  it('writes the first level whole, keyed by the level, without the cumulative mark', () => {
    const step = cumulativeStep(level(1500), [])
    expect(step).toEqual({
      ...level(1500),
      cumulative: undefined,
      entryKey: 'donorbox:refund:77:1500',
      amount: -1500,
    })
    expect(step && 'cumulative' in step).toBe(false)
  })

  it('takes a level given as a positive amount the same way', () => {
    expect(cumulativeStep({ ...level(0), amount: 1500 }, [])?.amount).toBe(-1500)
  })

  it('adds only the difference to the refunds of the same key already held', () => {
    const ledger = held(['donorbox:refund:77:1000', -1000], ['donorbox:refund:77:1500', -500])
    expect(cumulativeStep(level(2500), ledger)).toMatchObject({
      entryKey: 'donorbox:refund:77:2500',
      amount: -1000,
    })
  })

  it('ignores entries of other keys, even ones that begin alike', () => {
    const ledger = held(
      ['donorbox:refund:7', -900],
      ['donorbox:refund:770:100', -100],
      ['donorbox:payment:77', 5000],
      ['donorbox:refund:77', -300],
    )
    expect(cumulativeStep(level(1000), ledger)?.amount).toBe(-1000)
  })

  it('writes nothing for a level reached or passed, one cent above counts one cent', () => {
    const ledger = held(['donorbox:refund:77:1000', -1000])
    expect(cumulativeStep(level(1000), ledger)).toBeNull()
    expect(cumulativeStep(level(400), ledger)).toBeNull()
    expect(cumulativeStep(level(1001), ledger)).toMatchObject({
      entryKey: 'donorbox:refund:77:1001',
      amount: -1,
    })
  })
})
