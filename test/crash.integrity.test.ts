import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import type Stripe from 'stripe'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../src/store/sqlite.js'
import { recompute } from '../src/store/totals.js'
import { ADMIN_TOKEN, newsCampaign } from './support/harness.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

const dir = mkdtempSync(join(tmpdir(), 'supportbar-integrity-'))
const file = join(dir, 'crash.db')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function startServer(): Promise<ServerProcess> {
  return startServerProcess({
    ...webhookEnv,
    DATABASE_URL: `file:${file}`,
    ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
    LOG_LEVEL: 'info',
  })
}

describe('the SQLite file after a SIGKILL during admin and webhook writes', () => {
  it('passes integrity_check, recompute finds no difference, and every 2xx is there', async () => {
    const server = await startServer()
    const headers = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }
    const created = await fetch(`${server.url}/api/admin/campaigns`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...newsCampaign, isDefault: true }),
    })
    expect(created.status).toBe(201)
    const ackedKeys: string[] = []
    const ackedEvents: Stripe.Event[] = []
    let n = 0
    const adjustments = Array.from({ length: 4 }, async () => {
      for (;;) {
        const key = `crash-${n++}`
        try {
          const res = await fetch(`${server.url}/api/admin/campaigns/news/adjustments`, {
            method: 'POST',
            headers: { ...headers, 'Idempotency-Key': key },
            body: JSON.stringify({ month: '2026-06', amount: 100 + n, reason: 'crash test' }),
          })
          if (res.status === 201) ackedKeys.push(`admin:adjustment:news:${key}`)
        } catch {
          return
        }
      }
    })
    const webhooks = Array.from({ length: 4 }, async () => {
      for (;;) {
        const d = donation({ amount: 500 + n++, created: unix('2026-06-10T12:00:00Z') })
        const e = event('payment_intent.succeeded', paymentIntent(d))
        try {
          const res = await postEvent((p, init) => fetch(`${server.url}${p}`, init), e)
          if (res.status === 200) ackedEvents.push(e)
        } catch {
          return
        }
      }
    })
    while (ackedKeys.length + ackedEvents.length < 400) await new Promise((r) => setTimeout(r, 5))
    server.child.kill('SIGKILL')
    await Promise.all([...adjustments, ...webhooks])

    const store = openSqliteStore(file)
    try {
      const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(store.db)
      expect(check.rows).toEqual([{ integrity_check: 'ok' }])
      const { differences } = await recompute(store, new Date().toISOString())
      expect(differences).toEqual([])
      const keys = new Set(
        (await store.db.selectFrom('ledger_entries').select('entry_key').execute()).map(
          (r) => r.entry_key,
        ),
      )
      expect(ackedKeys.filter((k) => !keys.has(k))).toEqual([])
      const paid = (e: Stripe.Event) =>
        `stripe:payment:${(e.data.object as Stripe.PaymentIntent).id}`
      expect(ackedEvents.filter((e) => !keys.has(paid(e)))).toEqual([])
      // Each adjustment and its audit record were one commit: never one without the other.
      const adjusted = await store.db
        .selectFrom('ledger_entries')
        .select('entry_key')
        .where('kind', '=', 'adjustment')
        .execute()
      const audited = await store.db
        .selectFrom('audit_log')
        .select('target')
        .where('action', '=', 'ledger.adjust')
        .execute()
      expect(audited.map((a) => a.target).sort()).toEqual(adjusted.map((a) => a.entry_key).sort())
    } finally {
      await store.close()
    }
  }, 60_000)
})
