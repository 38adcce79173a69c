import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseConfig } from '../src/config.js'
import { GroupCommit } from '../src/ingest/group-commit.js'
import { startServer } from '../src/node/main.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { ADMIN_TOKEN, newsCampaign } from './support/harness.js'
import { donation, event, paymentIntent, sign, unix, WHSEC } from './support/stripe-events.js'

const dirs: string[] = []
afterEach(() => {
  vi.restoreAllMocks()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A server on a fresh SQLite file whose webhook commits wait `commitDelayMs` first. */
async function slowServer(commitDelayMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-shutdown-'))
  dirs.push(dir)
  const file = join(dir, 'db.sqlite')
  const running = await startServer(
    parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${file}`,
      STRIPE_WEBHOOK_SECRET: WHSEC,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      LOG_LEVEL: 'error',
    }),
  )
  const created = await fetch(`${running.url}/api/admin/campaigns`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(newsCampaign),
  })
  expect(created.status).toBe(201)
  const atomic = GroupCommit.prototype.atomic
  vi.spyOn(GroupCommit.prototype, 'atomic').mockImplementation(async function (
    this: GroupCommit,
    queries,
  ) {
    await new Promise((r) => setTimeout(r, commitDelayMs))
    return atomic.call(this, queries)
  })
  return { running, file }
}

/** A signed new payment as raw HTTP/1.1, and its event id. */
function webhook(): { id: string; request: string } {
  const e = event(
    'payment_intent.succeeded',
    paymentIntent(
      donation({ amount: 2500, created: unix('2026-06-10T15:00:00Z'), campaign: 'news' }),
    ),
  )
  const body = JSON.stringify(e)
  return {
    id: e.id,
    request:
      'POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Stripe-Signature: ${sign(body)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  }
}

/** Sends raw bytes; resolves with what came back, or '' if we hang up after `leaveAfterMs`. */
function exchange(url: string, text: string, leaveAfterMs?: number): Promise<string> {
  const port = Number(new URL(url).port)
  return new Promise((resolve) => {
    let got = ''
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text)
      if (leaveAfterMs !== undefined) {
        setTimeout(() => {
          socket.destroy()
          resolve('')
        }, leaveAfterMs)
      }
    })
    socket.on('data', (c: Buffer) => {
      got += c.toString()
      if (got.includes('\r\n\r\n{')) socket.end()
    })
    socket.on('close', () => resolve(got))
    socket.on('error', () => resolve(got))
  })
}

async function eventStatus(file: string, id: string): Promise<string | undefined> {
  const store = openSqliteStore(file, { readonly: true })
  try {
    const row = await store.db
      .selectFrom('webhook_events')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst()
    return row?.status
  } finally {
    await store.close()
  }
}

describe('stopping the Node server', () => {
  it('lets a webhook whose client already left finish its write before the store closes', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { running, file } = await slowServer(300)
    const { id, request } = webhook()
    // The client leaves while the event waits for its commit; then the server is told to stop.
    await exchange(running.url, request, 100)
    await running.close()
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([])
    expect(await eventStatus(file, id)).toBe('processed')
  })

  it('answers a webhook still in flight when the server is told to stop', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { running, file } = await slowServer(300)
    const { id, request } = webhook()
    const answer = exchange(running.url, request)
    await new Promise((r) => setTimeout(r, 100))
    const closed = running.close()
    expect(await answer).toMatch(/^HTTP\/1\.1 200 [\s\S]*"outcome":"processed"/)
    await closed
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([])
    expect(await eventStatus(file, id)).toBe('processed')
  })
})
