import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resendTransport } from '../src/mail/resend.js'
import { mailSender } from '../src/mail/sender.js'
import { outboxCounts } from '../src/store/outbox.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'
import { postEvent, unix, webhookEnv } from './support/stripe-events.js'
import { paymentFlow } from './support/stripe-flows.js'

// The Workers mail path: the same outbox sent through Resend's HTTP API (src/mail/resend.ts),
// here to a local HTTP server that answers as Resend does (`POST /emails` → 200 `{id}`; 422 for
// a refused message; 429 when rate limited). The SMTP path: mail.outbox.test.ts.

const MAIL_KEY = 'q83vEjW1nQ0sTb0mN6l2y7Cw0dQnUu9mYtY2Vd3m5aE='
const NOW = '2026-12-07T10:00:00.000Z'
const LATER = '2026-12-07T10:02:00.000Z'
const DONOR = 'reader.two@example.org'

interface Call {
  headers: Record<string, string | string[] | undefined>
  body: { from: string; to: string[]; subject: string; text: string; html: string }
}

let t: TestApp
let clock: ReturnType<typeof fixedClock>
let resend: Server
let url: string
const calls: Call[] = []
/** The statuses the stand-in answers with, in turn; 200 once they run out. */
let answers: number[] = []

beforeEach(async () => {
  calls.length = 0
  answers = []
  resend = createServer(async (req, res) => {
    let text = ''
    for await (const chunk of req) text += chunk
    calls.push({ headers: req.headers, body: JSON.parse(text) })
    const status = answers.shift() ?? 200
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(
      JSON.stringify(
        status === 200
          ? { id: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794' }
          : { statusCode: status, name: 'validation_error', message: 'refused' },
      ),
    )
  })
  await new Promise<void>((r) => resend.listen(0, '127.0.0.1', () => r()))
  url = `http://127.0.0.1:${(resend.address() as AddressInfo).port}/emails`
  clock = fixedClock(NOW)
  t = await makeTestApp({
    env: {
      ...webhookEnv,
      RESEND_API_KEY: 're_test_0123456789',
      MAIL_FROM: 'The Daily News <thanks@news.example>',
      MAIL_KEY,
    },
    deps: { clock },
  })
  await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
})

afterEach(async () => {
  await t.close()
  await new Promise<void>((r) => resend.close(() => r()))
})

async function deliver(events: Stripe.Event[]) {
  for (const e of events) {
    const res = await postEvent((p, i) => t.app.request(p, i), e)
    expect(res.status).toBe(200)
  }
}

const sender = () =>
  mailSender({
    store: t.store,
    transport: resendTransport('re_test_0123456789', fetch, url),
    mail: { from: 'The Daily News <thanks@news.example>', key: MAIL_KEY },
    clock,
  })

describe('thank-you e-mail through Resend (Workers)', () => {
  it('posts the message once, keyed by its Message-ID, and retries a 429 with the same key', async () => {
    const { events } = paymentFlow({
      amount: 1250,
      at: unix(NOW) - 60,
      campaign: 'news',
      email: DONOR,
    })
    await deliver(events)
    clock.set(LATER)
    answers = [429]
    expect(await sender().runOnce()).toEqual({ sent: 0, failed: 1 })
    expect(await outboxCounts(t.store)).toEqual({ pending: 1 })
    // The backoff has passed: the same message again, with the same Idempotency-Key.
    clock.set('2026-12-07T10:03:00.000Z')
    expect(await sender().runOnce()).toEqual({ sent: 1, failed: 0 })
    expect(await sender().runOnce()).toEqual({ sent: 0, failed: 0 })
    expect(calls).toHaveLength(2)
    const [first, second] = calls
    expect(first?.headers.authorization).toBe('Bearer re_test_0123456789')
    expect(first?.headers['content-type']).toBe('application/json')
    expect(first?.headers['idempotency-key']).toMatch(/^<thanks\.pi_[^@]+@news\.example>$/)
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key'])
    expect(second?.body).toEqual(first?.body)
    expect(first?.body.to).toEqual([DONOR])
    expect(first?.body.from).toBe('The Daily News <thanks@news.example>')
    expect(first?.body.subject).toBe('Thank you for your gift to The Daily News')
    expect(first?.body.text).toContain('Amount: $12.50')
    expect(first?.body.html).toContain('$12.50')
    expect(await outboxCounts(t.store)).toEqual({ sent: 1 })
  })

  it('drops a message Resend refuses (422), with its address, and sends nothing more', async () => {
    const { events } = paymentFlow({
      amount: 900,
      at: unix(NOW) - 60,
      campaign: 'news',
      email: DONOR,
    })
    await deliver(events)
    clock.set(LATER)
    answers = [422]
    expect(await sender().runOnce()).toEqual({ sent: 0, failed: 1 })
    clock.set('2026-12-07T12:00:00.000Z')
    expect(await sender().runOnce()).toEqual({ sent: 0, failed: 0 })
    expect(calls).toHaveLength(1)
    const rows = await t.store.db.selectFrom('mail_outbox').select(['status', 'address']).execute()
    expect(rows).toEqual([{ status: 'dropped', address: null }])
  })
})
