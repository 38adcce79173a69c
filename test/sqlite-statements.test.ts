import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompiledQuery } from 'kysely'
import { expect, it } from 'vitest'
import { openSqliteStore } from '../src/store/sqlite.js'

it('keeps running statements right past the bound of its prepared-statement cache', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-stmts-'))
  const store = openSqliteStore(join(dir, 'x.db'))
  try {
    // More distinct texts than the cache keeps (IN lists of every length, as the ingest makes).
    const texts = Array.from(
      { length: 700 },
      (_, n) =>
        `SELECT ${n} + ? AS v WHERE 1 IN (${Array(n + 1)
          .fill('1')
          .join(', ')})`,
    )
    for (const [n, sql] of texts.entries()) {
      expect(await store.read?.(CompiledQuery.raw(sql, [1]))).toEqual([{ v: n + 1 }])
    }
    // The first ones were evicted long ago: prepared again, same answers, in reads and writes.
    expect(await store.read?.(CompiledQuery.raw(texts[0] as string, [41]))).toEqual([{ v: 41 }])
    const [r] = await store.atomic([CompiledQuery.raw(texts[1] as string, [1])])
    expect(r?.rows).toEqual([{ v: 2 }])
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
