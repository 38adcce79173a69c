import type { CompiledQuery } from 'kysely'
import type pg from 'pg'

/** The highest `$n` a statement's text names (0 for none). */
function highestParameter(sql: string): number {
  let high = 0
  for (const m of sql.matchAll(/\$(\d+)/g)) high = Math.max(high, Number(m[1]))
  return high
}

/** SQLSTATE class 42 (syntax error or access rule violation): PostgreSQL will never prepare it. */
const refusedForGood = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('42')
}

/**
 * The write units' statements, prepared (SQL `PREPARE`) on each connection the first time that
 * connection sends them, so a unit's one query string carries `EXECUTE name(literals)` instead
 * of each statement's whole text: PostgreSQL then neither parses nor plans the statements of
 * every webhook again (they were most of its CPU per event). Statements are told apart by their
 * text, which the store builds from constants; at most `max` texts are prepared, the rest are
 * written in whole as before. A statement PostgreSQL refuses to prepare (a parameter whose type
 * it cannot tell) is written in whole from then on.
 */
export class PreparedWrites {
  readonly #names = new Map<string, string>()
  readonly #refused = new Set<string>()
  readonly #onClient = new WeakMap<pg.PoolClient, Set<string>>()

  constructor(private readonly max = 64) {}

  /**
   * Prepares on `client` those of `queries` it has not prepared yet (before the unit's BEGIN: a
   * prepared statement belongs to the session), and answers the name to EXECUTE for a query,
   * or undefined for one to write in whole.
   */
  async on(
    client: pg.PoolClient,
    queries: readonly CompiledQuery[],
  ): Promise<(query: CompiledQuery) => string | undefined> {
    let done = this.#onClient.get(client)
    if (done === undefined) {
      done = new Set()
      this.#onClient.set(client, done)
    }
    for (const q of queries) {
      const name = this.#nameOf(q)
      if (name === undefined || done.has(name)) continue
      try {
        await client.query(`PREPARE ${name} AS ${q.sql}`)
        done.add(name)
      } catch (err) {
        if (!refusedForGood(err)) throw err
        this.#refused.add(q.sql)
      }
    }
    const prepared = done
    return (q) => {
      const name = this.#names.get(q.sql)
      return name !== undefined && prepared.has(name) ? name : undefined
    }
  }

  #nameOf(q: CompiledQuery): string | undefined {
    if (q.parameters.length === 0 || this.#refused.has(q.sql)) return undefined
    let name = this.#names.get(q.sql)
    if (name === undefined) {
      // EXECUTE passes exactly the parameters the text names, in order.
      if (this.#names.size >= this.max || highestParameter(q.sql) !== q.parameters.length)
        return undefined
      name = `sb_write_${this.#names.size + 1}`
      this.#names.set(q.sql, name)
    }
    return name
  }
}
