import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresStore } from '../src/store/postgres.js'
import { ADMIN_TOKEN, expectTotalsMatchLedger, newsCampaign } from './support/harness.js'
import { createTestDatabase } from './support/postgres.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

// test/webhooks.crash.test.ts on PostgreSQL: a write unit, and the read that settles after it,
// go as one query string; a kill between its COMMIT and the answer must lose no answered event
// and leave the totals equal to the ledger.
let database: Awaited<ReturnType<typeof createTestDatabase>>
let first: ServerProcess | undefined
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  first?.child.kill('SIGKILL')
  await database?.drop()
})

function startServer(): Promise<ServerProcess> {
  return startServerProcess({
    ...webhookEnv,
    DATABASE_URL: database.url,
    ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
  })
}

describe('a server on PostgreSQL killed with SIGKILL mid-stream', () => {
  it('keeps every event it answered 2xx, and its totals equal its ledger', async () => {
    first = await startServer()
    const url = first.url
    const create = await fetch(`${url}/api/admin/campaigns`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...newsCampaign, isDefault: true }),
    })
    expect(create.status).toBe(201)
    const acked: Stripe.Event[] = []
    let sent = 0
    const post = (p: string, init: RequestInit) => fetch(`${url}${p}`, init)
    // Eight streams in flight; the kill lands while requests (and group commits) are open.
    const streams = Array.from({ length: 8 }, async () => {
      for (;;) {
        const e = event(
          'payment_intent.succeeded',
          paymentIntent(donation({ amount: 100 + sent, created: unix('2026-06-10T12:00:00Z') })),
        )
        sent++
        try {
          const res = await postEvent(post, e)
          if (res.status === 200) acked.push(e)
        } catch {
          return
        }
      }
    })
    while (acked.length < 200) await new Promise((r) => setTimeout(r, 5))
    first.child.kill('SIGKILL')
    await Promise.all(streams)
    expect(sent).toBeGreaterThan(acked.length)

    const store = openPostgresStore(database.url, { max: 2 })
    try {
      const keys = new Set(
        (await store.db.selectFrom('ledger_entries').select('entry_key').execute()).map(
          (r) => r.entry_key,
        ),
      )
      const missing = acked.filter(
        (e) => !keys.has(`stripe:payment:${(e.data.object as Stripe.PaymentIntent).id}`),
      )
      expect(missing).toEqual([])
      const stored = await store.db.selectFrom('webhook_events').select('id').execute()
      expect(stored.length).toBeGreaterThanOrEqual(acked.length)
      await expectTotalsMatchLedger(store)
    } finally {
      await store.close()
    }
  }, 60_000)
})
