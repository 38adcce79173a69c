import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { migrate } from '../src/store/migrate.js'
import { openPostgresStore } from '../src/store/postgres.js'
import type { Store } from '../src/store/store.js'
import { compareTotals } from '../src/store/totals.js'
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
})
