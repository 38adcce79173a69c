import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * The server the PostgreSQL suites use: the local one, or the one test/support/pg-global-setup.ts
 * started from npm when nothing answers on 127.0.0.1:5432.
 */
export const PG_ADMIN_URL =
  process.env.SUPPORTBAR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** URL of another database on the same server. */
export function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** A fresh, empty database for one test file; `drop()` removes it (closing what is left open). */
export async function createTestDatabase(): Promise<{
  url: string
  name: string
  drop(): Promise<void>
}> {
  const name = `supportbar_test_${randomBytes(6).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE ${name}`))
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  }
}
