import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ledgerAggregates, storedTotals } from '../src/store/totals.js'
import {
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'

/** One admin adjustment; a repeated key is a retry of the same request. */
const adjustment = fc.record({
  key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  month: fc.constantFrom('2021-05', '2021-06', '2021-07'),
  amount: fc.integer({ min: -50_000, max: 50_000 }).filter((n) => n !== 0),
  donor: fc.option(fc.constantFrom('d1', 'd2', 'd3'), { nil: undefined }),
})

describe('materialized totals always equal the ledger', () => {
  let t: TestApp
  let run = 0
  beforeAll(async () => {
    t = await makeTestApp()
  })
  afterAll(() => t.close())

  it('for any sequence of adjustments, retries included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(adjustment, { maxLength: 25 }), async (ops) => {
        // A fresh campaign per run keeps runs independent on one database file.
        run++
        const slug = `c${run}`
        const created = await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, slug })
        expect(created.status).toBe(201)
        const firstByKey = new Map<string, { month: string; amount: number }>()
        for (const op of ops) {
          const res = await t.call(
            'POST',
            `/api/admin/campaigns/${slug}/adjustments`,
            {
              month: op.month,
              amount: op.amount,
              reason: 'property',
              ...(op.donor ? { donor: op.donor } : {}),
            },
            { 'Idempotency-Key': op.key },
          )
          const first = firstByKey.get(op.key)
          if (!first) {
            expect(res.status).toBe(201)
            firstByKey.set(op.key, { month: op.month, amount: op.amount })
          } else if (first.month === op.month && first.amount === op.amount) {
            expect(res.status).toBe(200)
          } else {
            expect(res.status).toBe(409)
          }
        }
        // Expected sums from the model: the first request per key counts, once.
        const expected = new Map<string, number>()
        for (const { month, amount } of firstByKey.values()) {
          expected.set(month, (expected.get(month) ?? 0) + amount)
        }
        const stored = await storedTotals(t.store, slug)
        expect(new Map(stored.map((s) => [s.month, s.pledged]))).toEqual(expected)
        const truth = await ledgerAggregates(t.store, slug)
        expect(truth.map((a) => a.pledged).reduce((x, y) => x + y, 0)).toBe(
          [...expected.values()].reduce((x, y) => x + y, 0),
        )
        await expectTotalsMatchLedger(t.store)
      }),
      { numRuns: 60 },
    )
  })
})
