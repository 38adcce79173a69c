import { answers, type EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres.js'

/**
 * vitest globalSetup: the PostgreSQL suites need a server. SUPPORTBAR_TEST_PG_URL names one
 * explicitly; else the local server on 127.0.0.1:5432 is used when it answers; else a real
 * PostgreSQL from npm is started in a temporary folder for this run and stopped after it.
 * SUPPORTBAR_TEST_PG_PROBE (host:port, default 127.0.0.1:5432) moves the probe, so the
 * fallback can be tried on a machine whose server is busy serving others.
 * The fast loop (TEST_FAST) runs no PostgreSQL suite and starts nothing.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.SUPPORTBAR_TEST_PG_URL || process.env.TEST_FAST) return undefined
  const [host = '127.0.0.1', port = '5432'] = (
    process.env.SUPPORTBAR_TEST_PG_PROBE ?? '127.0.0.1:5432'
  ).split(':')
  if (await answers(host, Number(port))) return undefined
  const server: EmbeddedServer = await startEmbeddedPostgres()
  // Test workers start after this and inherit the variable (test/support/postgres.ts reads it).
  process.env.SUPPORTBAR_TEST_PG_URL = server.url
  console.log(
    `PostgreSQL suites: nothing on ${host}:${port}, started one from npm at ${server.url}`,
  )
  return async () => {
    delete process.env.SUPPORTBAR_TEST_PG_URL
    await server.stop()
  }
}
