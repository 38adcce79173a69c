import type { CompiledQuery, QueryResult } from 'kysely'
import pg from 'pg'

/** The parts of a pg query result a write unit reads back. */
interface PgResult {
  command?: string | null
  rowCount?: number | null
  rows?: unknown[]
}

const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

/** A pg result as Kysely reports it (affected rows only for writes). */
export function toQueryResult(r: PgResult | undefined): QueryResult<unknown> {
  const rows = r?.rows ?? []
  return r?.command && WRITES.has(r.command) && typeof r.rowCount === 'number'
    ? { rows, numAffectedRows: BigInt(r.rowCount) }
    : { rows }
}

/** A parameter as SQL literal text, or undefined for a kind this does not write. */
function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'string') return pg.escapeLiteral(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined
    // Parenthesized so that `n - ?` with a negative value never reads as a `--` comment.
    return value < 0 ? `(${value})` : String(value)
  }
  if (typeof value === 'bigint') return value < 0n ? `(${value})` : String(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  return undefined
}

/** Every parameter as literal text, or undefined when one cannot be written. */
function literals(params: readonly unknown[]): string[] | undefined {
  const texts: string[] = []
  for (const p of params) {
    const text = literal(p)
    if (text === undefined) return undefined
    texts.push(text)
  }
  return texts
}

/**
 * The statement with its parameters written in as literals (`$n`, as pg numbers them), or
 * undefined when one cannot be. Values are escaped with pg's own escapeLiteral, the function
 * its clients use for the same purpose.
 */
export function inlined(query: CompiledQuery): string | undefined {
  const params = query.parameters
  if (params.length === 0) return query.sql
  const texts = literals(params)
  if (texts === undefined) return undefined
  let ok = true
  const sql = query.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const text = texts[Number(n) - 1]
    if (text === undefined) ok = false
    return text ?? ''
  })
  return ok ? sql : undefined
}

/**
 * `EXECUTE name(literals)` for a statement prepared on the connection as `name`, or undefined
 * when a parameter cannot be written in. PostgreSQL parses only the literals and reuses the
 * prepared statement's plan: the statement's own text is not parsed or planned again.
 */
export function executed(name: string, query: CompiledQuery): string | undefined {
  const texts = literals(query.parameters)
  return texts && `EXECUTE ${name}(${texts.join(', ')})`
}

/**
 * One write unit's statements as a single simple-protocol query string: `BEGIN; s1; …; COMMIT`.
 * PostgreSQL runs the string in one round trip; in READ COMMITTED each statement still takes a
 * fresh snapshot, and an error skips the rest and leaves the transaction aborted (the caller
 * rolls back). A statement `prepared` names (one prepared on this connection) is sent as
 * `EXECUTE`. Statements `after` follow the COMMIT (PostgreSQL runs them in a new implicit
 * transaction, each with a snapshot taken after the unit committed). Undefined when a parameter cannot be written in.
 */
export function batchText(
  prefix: readonly string[],
  queries: readonly CompiledQuery[],
  prepared: (query: CompiledQuery) => string | undefined = () => undefined,
  after: readonly CompiledQuery[] = [],
): string | undefined {
  const parts = [...prefix]
  for (const q of [...queries, null, ...after]) {
    if (q === null) {
      parts.push('COMMIT')
      continue
    }
    const name = prepared(q)
    const text = name === undefined ? inlined(q) : executed(name, q)
    if (text === undefined) return undefined
    parts.push(text)
  }
  return parts.join(';\n')
}
