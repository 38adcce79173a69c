import { CompiledQuery } from 'kysely'
import type { DialectName } from './store.js'

const pg = new Map<string, string>()

/** `?` placeholders as PostgreSQL writes them (`$1`, `$2`, …); the SQL must hold no `?` in text. */
function numbered(text: string): string {
  let out = pg.get(text)
  if (out === undefined) {
    let n = 0
    out = text.replace(/\?/g, () => `$${++n}`)
    pg.set(text, out)
  }
  return out
}

export type Param = string | number | null

/**
 * A statement from constant SQL text and its parameters, with no query builder in between: the
 * webhook path runs a handful per event, and building and compiling each through Kysely cost
 * more than running it. The text is the same every time, so SQLite's prepared-statement cache
 * and PostgreSQL's plans see one statement.
 */
export function statement(
  dialect: DialectName,
  text: string,
  params: readonly Param[],
): CompiledQuery {
  return CompiledQuery.raw(dialect === 'postgres' ? numbered(text) : text, [...params])
}

/** `?, ?, …` for an IN list of `n` values. */
export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ')
