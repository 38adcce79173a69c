import { describe } from 'vitest'
import type { Store } from '../../src/store/store.js'
import { settleRace } from '../support/settle-race.js'

/**
 * src/ingest/ingest.ts, the path PostgreSQL takes: the read that settles a payment after its
 * commit rides with the commit (`atomicThenRead`). Here two SQLite connections to one file play
 * two instances, each given that method (the unit, then the reads once it committed), so the
 * money suites, which start no PostgreSQL, run that path too, in the race of test/settle.test.ts.
 */
const withReadsAfter = (store: Store): Store => ({
  ...store,
  concurrentWriters: true,
  atomicThenRead: async (queries, reads) => {
    const results = await store.atomic(queries)
    for (const q of reads) results.push(await store.db.executeQuery(q))
    return results
  },
})

describe('settling in the commit’s round trip (atomicThenRead)', () => {
  settleRace(withReadsAfter)
})
