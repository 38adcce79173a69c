import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../src/log.js'
import { relayChanges } from '../src/node/pg-changes.js'
import { ChangeFeed } from '../src/read/change-feed.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from './support/harness.js'
import { createTestDatabase } from './support/postgres.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'
import { sseEvents } from './support/sse.js'

/**
 * Two real server processes on one PostgreSQL database: a change committed through one must
 * reach the live streams and the render cache of the other through LISTEN/NOTIFY, not through
 * the stream's 15 s heartbeat or the cache TTL (set to an hour here, so only a notification
 * can drop the cached bytes).
 */
describe('changes across instances on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let servers: ServerProcess[] = []

  beforeAll(async () => {
    database = await createTestDatabase()
    const env = {
      DATABASE_URL: database.url,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      CACHE_TTL_MS: '3600000',
      LOG_LEVEL: 'warn',
    }
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)])
    const res = await servers[0]?.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify(newsCampaign),
    })
    expect(res?.status).toBe(201)
  })
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await database?.drop()
  })

  it('pushes a change committed on one instance to the streams and cache of the other', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const month = '2021-06'
    const path = `/api/campaigns/news/progress?month=${month}`
    // B caches the bytes (for an hour) and opens a stream.
    expect(((await (await b.fetch(path)).json()) as { pledged: number }).pledged).toBe(0)
    const controller = new AbortController()
    const res = await b.fetch(`/api/campaigns/news/stream?month=${month}`, {
      signal: controller.signal,
    })
    expect(res.status).toBe(200)
    const stream = sseEvents(res)
    const first = await stream.next()
    expect(first.value).toMatchObject({ kind: 'progress' })

    for (const [i, amount] of [4200, 800].entries()) {
      const t0 = performance.now()
      const adj = await a.fetch('/api/admin/campaigns/news/adjustments', {
        method: 'POST',
        headers: adminJson,
        body: JSON.stringify({ month, amount, reason: `gift ${i}` }),
      })
      expect(adj.status).toBe(201)
      const next = await stream.next()
      // The next thing on B's stream is the new progress, not a heartbeat.
      expect(next.value?.kind).toBe('progress')
      const pledged = (JSON.parse(next.value?.data ?? '{}') as { pledged: number }).pledged
      expect(pledged).toBe(i === 0 ? 4200 : 5000)
      console.log(`change on A reached B's stream after ${(performance.now() - t0).toFixed(0)} ms`)
      // B's cached JSON was dropped by the notification too.
      expect(((await (await b.fetch(path)).json()) as { pledged: number }).pledged).toBe(pledged)
    }
    controller.abort()
  })

  it('relays a change B makes back to A, so either instance may take writes', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const path = '/api/campaigns/news/progress?month=2021-07'
    expect(((await (await a.fetch(path)).json()) as { pledged: number }).pledged).toBe(0)
    const controller = new AbortController()
    const res = await a.fetch('/api/campaigns/news/stream?month=2021-07', {
      signal: controller.signal,
    })
    const stream = sseEvents(res)
    await stream.next()
    const adj = await b.fetch('/api/admin/campaigns/news/adjustments', {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify({ month: '2021-07', amount: 1234, reason: 'from B' }),
    })
    expect(adj.status).toBe(201)
    const next = await stream.next()
    expect(next.value?.kind).toBe('progress')
    expect(((await (await a.fetch(path)).json()) as { pledged: number }).pledged).toBe(1234)
    controller.abort()
  })
  it('listens again after its relay connection is lost', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const admin = new pg.Client({ connectionString: database.url })
    await admin.connect()
    const relays = async () =>
      (
        await admin.query(
          "SELECT pid FROM pg_stat_activity WHERE application_name = 'supportbar-changes' AND datname = current_database()",
        )
      ).rows as { pid: number }[]
    try {
      expect(await relays()).toHaveLength(2)
      // Both relays dropped (as by a failover or an idle-connection reaper).
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'supportbar-changes' AND datname = current_database()",
      )
      while ((await relays()).length < 2) await new Promise((r) => setTimeout(r, 50))
      // And new changes flow again, at once.
      const controller = new AbortController()
      const res = await b.fetch('/api/campaigns/news/stream?month=2021-08', {
        signal: controller.signal,
      })
      const stream = sseEvents(res)
      await stream.next()
      const adj = await a.fetch('/api/admin/campaigns/news/adjustments', {
        method: 'POST',
        headers: adminJson,
        body: JSON.stringify({ month: '2021-08', amount: 700, reason: 'after the outage' }),
      })
      expect(adj.status).toBe(201)
      const next = await stream.next()
      expect(next.value?.kind).toBe('progress')
      expect(JSON.parse(next.value?.data ?? '{}')).toMatchObject({ pledged: 700 })
      controller.abort()
    } finally {
      await admin.end()
    }
  })
  it('asks for a resync after a reconnect (notifications sent meanwhile are gone), not at first', async () => {
    const feed = new ChangeFeed()
    let resyncs = 0
    const relay = relayChanges(feed, database.url, createLogger('silent'), async () => {
      resyncs++
    })
    const admin = new pg.Client({ connectionString: database.url })
    await admin.connect()
    try {
      await relay.listening
      expect(resyncs).toBe(0)
      const mine = async () =>
        (
          await admin.query(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'supportbar-changes' AND datname = current_database() AND backend_start > now() - interval '1 hour' ORDER BY backend_start DESC LIMIT 1",
          )
        ).rows as { pid: number }[]
      const [newest] = await mine()
      await admin.query('SELECT pg_terminate_backend($1)', [newest?.pid])
      while (resyncs === 0) await new Promise((r) => setTimeout(r, 50))
      expect(resyncs).toBe(1)
    } finally {
      await admin.end()
      await relay.close()
    }
  })
})
