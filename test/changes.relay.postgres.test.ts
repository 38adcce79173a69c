import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../src/log.js'
import { relayChanges } from '../src/node/pg-changes.js'
import { decodeChanges, encodeChanges } from '../src/node/pg-changes-wire.js'
import { type Change, ChangeFeed } from '../src/read/change-feed.js'
import { createTestDatabase } from './support/postgres.js'

const key = (c: Change) => `${c.campaign}/${c.month ?? ''}`

/**
 * The relay between instances under a burst: many changes in one loop turn must not be handed
 * to its one pg client at once (pg warns "Calling client.query() when the client is already
 * executing a query" and will refuse it in pg 9), and every distinct change must arrive.
 */
describe('change relay under a burst (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  const warnings: string[] = []
  const onWarning = (w: Error) => warnings.push(w.message)

  beforeAll(async () => {
    database = await createTestDatabase()
    process.on('warning', onWarning)
  })
  afterAll(async () => {
    process.off('warning', onWarning)
    await database?.drop()
  })

  it('sends one NOTIFY at a time, coalesced, and the other instance hears every change', async () => {
    const sender = new ChangeFeed()
    const receiver = new ChangeFeed()
    const heard = new Set<string>()
    receiver.subscribe((c) => {
      expect(c.remote).toBe(true)
      heard.add(key(c))
    })
    const log = createLogger('silent')
    const a = relayChanges(sender, database.url, log)
    const b = relayChanges(receiver, database.url, log)
    try {
      await Promise.all([a.listening, b.listening])
      const sent = new Set<string>()
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 400; i++) {
          const change: Change = { campaign: `c${i % 300}`, month: `2026-0${1 + (round % 9)}` }
          if (i % 7 === 0) delete change.month
          sender.emit(change)
          sent.add(key(change))
        }
        await new Promise((r) => setImmediate(r))
      }
      while (heard.size < sent.size) await new Promise((r) => setTimeout(r, 20))
      expect(heard).toEqual(sent)
      expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([])
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})

describe('change relay across a lost connection (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database?.drop()
  })

  it('sends a change committed while its connection was down once it listens again', async () => {
    const sender = new ChangeFeed()
    const receiver = new ChangeFeed()
    const heard: string[] = []
    receiver.subscribe((c) => heard.push(key(c)))
    let resyncs = 0
    const log = createLogger('silent')
    const admin = new pg.Client({ connectionString: database.url })
    await admin.connect()
    const a = relayChanges(sender, database.url, log, async () => {
      resyncs++
    })
    let b: ReturnType<typeof relayChanges> | undefined
    try {
      await a.listening
      const { rows } = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'supportbar-changes' AND datname = current_database()",
      )
      expect(rows).toHaveLength(1)
      b = relayChanges(receiver, database.url, log)
      await b.listening
      // A's connection ends (a failover, an idle-connection reaper); the server waits for the
      // backend to be gone. A change committed on A now, before A listens again, must still
      // reach B: B's connection never dropped, so nothing on B's side would resync it.
      await admin.query('SELECT pg_terminate_backend($1, 10000)', [rows[0]?.pid])
      sender.emit({ campaign: 'lost', month: '2026-01' })
      while (resyncs === 0) await new Promise((r) => setTimeout(r, 20))
      // A marker sent after A is back: notifications from one session arrive in order, so
      // once B heard the marker it has heard everything A sent before it.
      sender.emit({ campaign: 'marker' })
      while (!heard.includes('marker/')) await new Promise((r) => setTimeout(r, 20))
      expect(heard).toContain('lost/2026-01')
    } finally {
      await admin.end()
      await Promise.all([a.close(), b?.close()])
    }
  })
})

describe('change relay wire format', () => {
  it('cuts a large batch under the payload limit and reads the single-change form of older versions', () => {
    const changes: Change[] = Array.from({ length: 2000 }, (_, i) => ({
      campaign: `campaign-with-a-long-slug-${i}`,
      month: '2026-12',
    }))
    const payloads = encodeChanges('me', changes)
    expect(payloads.length).toBeGreaterThan(1)
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000)
    const back = payloads.flatMap((p) => decodeChanges('other', p))
    expect(back.map(key)).toEqual(changes.map(key))
    expect(payloads.flatMap((p) => decodeChanges('me', p))).toEqual([])
    expect(decodeChanges('x', JSON.stringify({ o: 'y', c: 'news', m: '2026-01' }))).toEqual([
      { campaign: 'news', month: '2026-01', remote: true },
    ])
    expect(decodeChanges('x', 'not json')).toEqual([])
  })
})
