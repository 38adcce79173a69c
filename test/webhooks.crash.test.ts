import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Stripe from 'stripe'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../src/store/sqlite.js'
import { ADMIN_TOKEN, expectTotalsMatchLedger, newsCampaign } from './support/harness.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

const dir = mkdtempSync(join(tmpdir(), 'supportbar-crash-'))
const file = join(dir, 'crash.db')

/** Starts the real server (the CLI entry) as a child process; resolves with its URL. */
function startServer(): Promise<ServerProcess> {
  return startServerProcess({
    ...webhookEnv,
    DATABASE_URL: `file:${file}`,
    ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
    SQLITE_SYNCHRONOUS: 'NORMAL',
  })
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a server killed with SIGKILL mid-stream', () => {
  it('keeps every event it answered 2xx', async () => {
    const first = await startServer()
    const create = await fetch(`${first.url}/api/admin/campaigns`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...newsCampaign, isDefault: true }),
    })
    expect(create.status).toBe(201)
    const acked: Stripe.Event[] = []
    let sent = 0
    const post = (p: string, init: RequestInit) => fetch(`${first.url}${p}`, init)
    // Eight streams in flight; the kill lands while requests are open.
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
    while (acked.length < 300) await new Promise((r) => setTimeout(r, 5))
    first.child.kill('SIGKILL')
    await Promise.all(streams)
    expect(sent).toBeGreaterThan(acked.length)

    const second = await startServer()
    const res = await fetch(`${second.url}/api/campaigns/news/progress?month=2026-06`)
    expect(res.status).toBe(200)
    second.child.kill('SIGTERM')
    await new Promise((r) => second.child.once('exit', r))

    const store = openSqliteStore(file)
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
