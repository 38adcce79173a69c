import type { CompiledQuery, QueryResult } from 'kysely'
import { describe, expect, it } from 'vitest'
import { GroupCommit } from '../../src/ingest/group-commit.js'
import { KeyedLock } from '../../src/ingest/keyed-lock.js'
import type { Store } from '../../src/store/store.js'

// src/ingest/group-commit.ts (units that arrive together share one commit; a bad one fails
// alone) and src/ingest/keyed-lock.ts (work on one key runs in turn).

const q = (sql: string) => ({ sql, parameters: [], query: {} }) as unknown as CompiledQuery

/** A store whose commits answer each statement with its own text, and refuse one called 'bad'. */
function fakeStore() {
  const commits: string[][] = []
  const store = {
    dialect: 'sqlite',
    atomic: async (queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> => {
      commits.push(queries.map((x) => x.sql))
      if (queries.some((x) => x.sql === 'bad')) throw new Error('refused')
      return queries.map((x) => ({ rows: [x.sql] }))
    },
  } as unknown as Store
  return { store, commits }
}
const rowsOf = (r: QueryResult<unknown>[]) => r.map((x) => x.rows[0])

describe('GroupCommit', () => {
  it('writes units that arrive together in one commit, and gives each its own results', async () => {
    const { store, commits } = fakeStore()
    const gc = new GroupCommit(store)
    const [one, two] = await Promise.all([gc.atomic([q('a'), q('b')]), gc.atomic([q('c')])])
    expect(rowsOf(one)).toEqual(['a', 'b'])
    expect(rowsOf(two)).toEqual(['c'])
    expect(commits).toEqual([['a', 'b', 'c']])
  })

  it('keeps writing, unit after unit, once a group is done', async () => {
    const { store, commits } = fakeStore()
    const gc = new GroupCommit(store)
    for (const s of ['a', 'b', 'c']) expect(rowsOf(await gc.atomic([q(s)]))).toEqual([s])
    expect(commits).toEqual([['a'], ['b'], ['c']])
  })

  it('fails only the bad unit of a group: the others are written alone', async () => {
    const { store, commits } = fakeStore()
    const gc = new GroupCommit(store)
    const [good, bad] = await Promise.allSettled([gc.atomic([q('a')]), gc.atomic([q('bad')])])
    expect(good).toEqual({ status: 'fulfilled', value: [{ rows: ['a'] }] })
    expect(bad.status).toBe('rejected')
    expect(commits).toEqual([['a', 'bad'], ['a'], ['bad']])
  })
})

describe('KeyedLock', () => {
  it('runs work on a key in turn, and work on other keys at once', async () => {
    const lock = new KeyedLock()
    const log: string[] = []
    let open = () => {}
    const gate = new Promise<void>((r) => {
      open = r
    })
    const first = lock.run(['pi_1'], async () => {
      log.push('first starts')
      await gate
      log.push('first ends')
    })
    const second = lock.run(['pi_1', 'evt_2'], async () => {
      log.push('second')
    })
    const other = lock.run(['pi_9'], async () => {
      log.push('other')
    })
    await other
    expect(log).toEqual(['first starts', 'other'])
    open()
    await Promise.all([first, second])
    expect(log).toEqual(['first starts', 'other', 'first ends', 'second'])
  })

  it('keeps the queue of a key whose first run ends while others wait', async () => {
    const lock = new KeyedLock()
    const log: string[] = []
    const gates = [0, 1].map(() => {
      let open = () => {}
      const shut = new Promise<void>((r) => {
        open = r
      })
      return { shut, open }
    })
    const a = lock.run(['k'], async () => {
      await gates[0]?.shut
      log.push('a')
    })
    const b = lock.run(['k'], async () => {
      await gates[1]?.shut
      log.push('b')
    })
    gates[0]?.open()
    await a
    // b holds the key now: c waits for it though a, which took the key first, is done.
    const c = lock.run(['k'], async () => {
      log.push('c')
    })
    await Promise.resolve()
    gates[1]?.open()
    await Promise.all([b, c])
    expect(log).toEqual(['a', 'b', 'c'])
  })

  it('lets the next run go when one fails, and forgets a key once its work is done', async () => {
    const lock = new KeyedLock()
    await expect(lock.run(['k'], async () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    expect(await lock.run(['k'], async () => 'next')).toBe('next')
    // A third run waits for nothing left behind by the two before it.
    const log: string[] = []
    await Promise.all([
      lock.run(['k'], async () => {
        log.push('a')
      }),
      lock.run(['j'], async () => {
        log.push('b')
      }),
    ])
    expect(log).toEqual(['a', 'b'])
  })

  it('holds no key once all its work is done, and a key while work on it waits', async () => {
    const lock = new KeyedLock()
    let open = () => {}
    const gate = new Promise<void>((r) => {
      open = r
    })
    const first = lock.run(['pi_1', 'evt_1'], () => gate)
    const second = lock.run(['pi_1'], async () => {})
    expect(lock.held).toBe(2)
    open()
    await Promise.all([first, second])
    await lock.run(['pi_2'], async () => Promise.reject(new Error('no'))).catch(() => undefined)
    expect(lock.held).toBe(0)
  })
})
