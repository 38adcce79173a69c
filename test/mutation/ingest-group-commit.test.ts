import type { CompiledQuery, QueryResult } from 'kysely'
import { describe, expect, it } from 'vitest'
import { GroupCommit } from '../../src/ingest/group-commit.js'
import type { Store } from '../../src/store/store.js'

/**
 * src/ingest/group-commit.ts, through a store double that records its calls: a group starts at
 * the end of the loop turn its units arrived in (so they share one commit), one group is written
 * at a time, a unit alone that fails is not written twice, and reads after a commit are asked
 * only of a store that has them.
 */

const q = (sql: string) => ({ sql, parameters: [], query: {} }) as unknown as CompiledQuery
const turn = () => new Promise<void>((r) => setImmediate(r))

/**
 * A store whose commits answer each statement with its own text and refuse one called 'bad';
 * while `hold` is set, each commit waits for it. `inFlight` is the most commits at once.
 */
function recordingStore() {
  const commits: string[][] = []
  let open = 0
  const seen = { inFlight: 0 }
  let hold: Promise<void> | null = null
  const store = {
    dialect: 'sqlite',
    atomic: async (queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> => {
      commits.push(queries.map((x) => x.sql))
      open++
      seen.inFlight = Math.max(seen.inFlight, open)
      try {
        if (hold) await hold
        if (queries.some((x) => x.sql === 'bad')) throw new Error('refused')
        return queries.map((x) => ({ rows: [x.sql] }))
      } finally {
        open--
      }
    },
  } as unknown as Store
  return {
    store,
    commits,
    seen,
    holdUntil: (p: Promise<void> | null) => {
      hold = p
    },
  }
}

describe('GroupCommit, when groups start', () => {
  it('writes the units that arrive in one loop turn together, also those after a group ends', async () => {
    const { store, commits } = recordingStore()
    const gc = new GroupCommit(store)
    const all: Promise<unknown>[] = []
    // Turn 0: a and b. Their group is written in turn 1; as it resolves, c and d follow it
    // (turn 1), and e arrives later in turn 1: c, d and e form the next group, at the end of
    // turn 1, not c and d alone in the middle of it.
    all.push(gc.atomic([q('a')]).then(() => gc.atomic([q('c')])))
    all.push(gc.atomic([q('b')]).then(() => gc.atomic([q('d')])))
    await new Promise<void>((r) =>
      setImmediate(() => {
        all.push(gc.atomic([q('e')]))
        r()
      }),
    )
    await Promise.all(all)
    expect(commits).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ])
  })
})

describe('GroupCommit, one group at a time', () => {
  it('holds units that arrive while a group is written until it has committed', async () => {
    const { store, commits, seen, holdUntil } = recordingStore()
    const gc = new GroupCommit(store)
    let release = () => {}
    holdUntil(
      new Promise<void>((r) => {
        release = r
      }),
    )
    const first = gc.atomic([q('a')])
    await turn()
    expect(commits).toEqual([['a']])
    const second = gc.atomic([q('b')])
    const third = gc.atomic([q('c')])
    for (let i = 0; i < 3; i++) await turn()
    // a is still being written: b and c wait for it.
    expect(commits).toEqual([['a']])
    holdUntil(null)
    release()
    await Promise.all([first, second, third])
    expect(commits).toEqual([['a'], ['b', 'c']])
    expect(seen.inFlight).toBe(1)
  })
})

describe('GroupCommit, a unit alone', () => {
  it('that fails is written once, and fails', async () => {
    const { store, commits } = recordingStore()
    const gc = new GroupCommit(store)
    await expect(gc.atomic([q('bad')])).rejects.toThrow('refused')
    expect(commits).toEqual([['bad']])
  })
})

describe('GroupCommit, reads after a commit', () => {
  it('refuses reads on a store that cannot run them after its commit, writing nothing', async () => {
    const { store, commits } = recordingStore()
    const gc = new GroupCommit(store)
    await expect(gc.atomic([q('a')], [q('read')])).rejects.toThrow(
      /^this store has no reads after a commit$/,
    )
    expect(commits).toEqual([])
  })
})
