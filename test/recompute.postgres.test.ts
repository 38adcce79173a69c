import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { appendEntryQueries, newEntryId } from '../src/store/ledger.js'
import { migrate } from '../src/store/migrate.js'
import { openPostgresStore } from '../src/store/postgres.js'
import type { Store } from '../src/store/store.js'
import { compareTotals, recompute } from '../src/store/totals.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from './support/harness.js'
import { createTestDatabase } from './support/postgres.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  refund,
  unix,
  WHSEC,
} from './support/stripe-events.js'

// Recompute on PostgreSQL while webhooks commit: its comparison must read the ledger and the
// totals as of one instant, or a unit committed between the two reads shows as a difference
// that never existed (and an audit record saying totals were wrong).
let db: Awaited<ReturnType<typeof createTestDatabase>>
let store: Store
beforeAll(async () => {
  db = await createTestDatabase()
  store = openPostgresStore(db.url)
  await migrate(store, readSchemaFiles())
})
afterAll(async () => {
  await store?.close()
  await db?.drop()
})

describe('recompute under webhook load on PostgreSQL', () => {
  it('finds zero differences and writes no misleading audit record while webhooks flow', async () => {
    const config = parseConfig({
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      STRIPE_WEBHOOK_SECRET: WHSEC,
      LOG_LEVEL: 'silent',
    })
    const app = createApp({ store, config })
    const call = (method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: adminJson,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    expect((await call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const june = unix('2026-06-10T15:00:00Z')
    const ds = Array.from({ length: 400 }, (_, i) =>
      donation({ amount: 100 + i, created: june, campaign: 'news', customer: `cus_${i % 13}` }),
    )
    const events = ds.flatMap((d, i) => [
      event('payment_intent.succeeded', paymentIntent(d)),
      ...(i % 4 === 0 ? [event('refund.created', refund(d, 25, 'succeeded'))] : []),
    ])
    let sent = 0
    const sender = async () => {
      for (let e = events[sent++]; e; e = events[sent++]) {
        const res = await postEvent((p, init) => app.request(p, init), e)
        expect(res.status).toBe(200)
      }
    }
    const seen: unknown[][] = []
    let recomputes = 0
    const checker = async () => {
      while (sent < events.length) {
        seen.push(await compareTotals(store))
        const res = await call('POST', '/api/admin/recompute')
        expect(res.status).toBe(200)
        seen.push(((await res.json()) as { differences: unknown[] }).differences)
        recomputes++
      }
    }
    await Promise.all([...Array.from({ length: 12 }, sender), checker(), checker()])
    expect(recomputes).toBeGreaterThan(0)
    for (const d of seen) expect(d).toEqual([])
    const audit = (await (
      await call('GET', '/api/admin/audit?action=ledger.recompute&limit=500')
    ).json()) as { records: { before: unknown; after: unknown }[] }
    expect(audit.records).toHaveLength(recomputes)
    for (const r of audit.records) expect([r.before, r.after]).toEqual([[], []])
    expect(await compareTotals(store)).toEqual([])
  }, 120_000)

  it('compares as of one instant even when a unit commits between its reads', async () => {
    // Deterministic: a unit appends an entry and its totals in a transaction that also holds
    // month_totals locked, so a comparison that has read the ledger waits to read the totals.
    // The unit commits while it waits: read apart, the ledger misses the entry that the stored
    // totals include; read as of one instant, both include it or neither does.
    await store.db
      .insertInto('campaigns')
      .values({
        slug: 'radio',
        name: 'Radio',
        currency: 'USD',
        default_goal: 100,
        is_default: 0,
        archived: 0,
        timezone: 'UTC',
        locale: 'en-US',
        created_at: 'now',
        updated_at: 'now',
      })
      .execute()
    const now = new Date().toISOString()
    const unit = (i: number) =>
      appendEntryQueries(
        store,
        {
          entryKey: `instant:${i}`,
          campaign: 'radio',
          month: '2026-06',
          kind: 'adjustment',
          amount: 500 + i,
          currency: 'USD',
          counted: true,
          donation: 1,
          donor: `donor-${i}`,
          source: 'admin',
          sourceId: null,
          paymentRef: null,
          note: null,
          actor: 'test',
          eventId: null,
          data: null,
          occurredAt: now,
        },
        newEntryId(),
        now,
      )
    await store.atomic(unit(0))
    const holder = new pg.Client({ connectionString: db.url })
    await holder.connect()
    try {
      for (const [i, read] of [
        [1, () => compareTotals(store, 'radio')],
        [2, async () => (await recompute(store, now, 'radio')).differences],
      ] as const) {
        await holder.query('BEGIN')
        await holder.query('LOCK TABLE month_totals IN ACCESS EXCLUSIVE MODE')
        for (const q of unit(i)) await holder.query(q.sql, [...q.parameters])
        const reading = read()
        // Until the comparison waits on month_totals (it has read what it reads before it).
        for (let waited = 0; ; waited++) {
          const { rows } = await holder.query<{ n: number }>(
            `SELECT COUNT(*)::int AS n FROM pg_locks
              WHERE NOT granted AND relation = 'month_totals'::regclass`,
          )
          if ((rows[0]?.n ?? 0) > 0) break
          if (waited > 2000) throw new Error('the comparison never waited on month_totals')
          await new Promise((r) => setTimeout(r, 5))
        }
        await holder.query('COMMIT')
        expect(await reading).toEqual([])
      }
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined)
      await holder.end()
    }
    expect(await compareTotals(store, 'radio')).toEqual([])
    expect(
      await store.db
        .selectFrom('month_totals')
        .selectAll()
        .where('campaign', '=', 'radio')
        .executeTakeFirstOrThrow(),
    ).toMatchObject({ pledged: 1503, donations: 3, donors: 3, entries: 3 })
  })
})
