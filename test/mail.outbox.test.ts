import { existsSync, readFileSync } from 'node:fs'
import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mailSender } from '../src/mail/sender.js'
import { smtpTransport } from '../src/node/smtp.js'
import { outboxCounts } from '../src/store/outbox.js'
import {
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import { type RealSmtp, type Received, startSmtp } from './support/smtp.js'
import { postEvent, unix, webhookEnv } from './support/stripe-events.js'
import { paymentFlow, renewalFlow, shuffled, subscriptionFlow } from './support/stripe-flows.js'

// Thank-you e-mails through the outbox, received by a real SMTP server (smtp-server) over TCP.

const MAIL_KEY = 'q83vEjW1nQ0sTb0mN6l2y7Cw0dQnUu9mYtY2Vd3m5aE='
const NOW = '2026-12-07T10:00:00.000Z'
const DONOR = 'reader.one@example.org'
/** Two minutes after the payments were recorded: they are settled. */
const LATER = '2026-12-07T10:02:00.000Z'

let smtp: RealSmtp
let t: TestApp
let clock: ReturnType<typeof fixedClock>

async function deliver(events: Stripe.Event[]) {
  for (const e of events) {
    const res = await postEvent((p, i) => t.app.request(p, i), e)
    expect(res.status, await res.clone().text()).toBe(200)
  }
}

/** A sender as the Node entry builds one (real SMTP transport), on the test's clock. */
function sender(url = smtp.url) {
  return mailSender({
    store: t.store,
    transport: smtpTransport(url),
    mail: { from: 'The Daily News <thanks@news.example>', key: MAIL_KEY },
    clock,
    publicUrl: 'https://give.example',
  })
}

/** The database's bytes (main file and WAL), where an address in clear would show. */
function databaseText(): string {
  return [t.file, `${t.file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n')
}

const texts = (r: Received[]) => r.map((m) => m.mail.text ?? '')

beforeEach(async () => {
  smtp = await startSmtp()
  clock = fixedClock(NOW)
  t = await makeTestApp({
    env: {
      ...webhookEnv,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'The Daily News <thanks@news.example>',
      MAIL_KEY,
      PUBLIC_URL: 'https://give.example',
    },
    deps: { clock },
  })
  await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
  await t.call('POST', '/api/admin/campaigns', {
    ...newsCampaign,
    slug: 'zeitung',
    name: 'Die Zeitung',
    currency: 'EUR',
    locale: 'de-DE',
    timezone: 'Europe/Berlin',
  })
})

afterEach(async () => {
  await t.close()
  await smtp.close()
})

describe('thank-you e-mail', () => {
  it('is sent exactly once per payment under shuffled, duplicated delivery and racing senders', async () => {
    const gift = { amount: 1250, at: unix(NOW) - 60, campaign: 'news', email: DONOR }
    const { events } = paymentFlow(gift)
    await deliver(shuffled(events, 7))
    // The address is in the outbox, sealed: nowhere in the database in clear.
    expect(await outboxCounts(t.store)).toEqual({ pending: 1 })
    expect(databaseText()).not.toContain(DONOR)
    // Within its first minute a payment may still move to its campaign: not sent yet.
    expect(await sender().runOnce()).toEqual({ sent: 0, failed: 0 })
    clock.set(LATER)

    const [a, b] = [sender(), sender()]
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce()])
    await deliver(shuffled(events, 11))
    await Promise.all([a.runOnce(), b.runOnce()])

    expect(smtp.received).toHaveLength(1)
    const [got] = smtp.received
    expect(got?.to).toEqual([DONOR])
    expect(got?.mail.subject).toBe('Thank you for your gift to The Daily News')
    expect(got?.mail.from?.text).toContain('thanks@news.example')
    expect(got?.mail.messageId).toMatch(/^<thanks\.pi_[^@]+@news\.example>$/)
    const text = got?.mail.text ?? ''
    expect(text).toContain('Amount: $12.50')
    expect(text).toContain('Date: December 7, 2026')
    expect(text).toMatch(/Receipt number: SB-202612-[0-9A-F]{8}/)
    expect(text).not.toContain('/manage/')
    expect(got?.mail.html).toContain('<th scope="row"')
    expect(got?.mail.html).toContain('$12.50')

    // Sent: the row stays (it is what makes a second send impossible), its address is gone.
    expect(await outboxCounts(t.store)).toEqual({ sent: 1 })
    const rows = await t.store.db.selectFrom('mail_outbox').selectAll().execute()
    expect(rows.map((r) => r.address)).toEqual([null])
    expect(databaseText()).not.toContain(DONOR)
    await expectTotalsMatchLedger(t.store)
  })

  it('survives an SMTP outage: delayed, then sent once', async () => {
    const port = smtp.port
    await smtp.close()
    const { events } = paymentFlow({
      amount: 2000,
      at: unix(NOW) - 60,
      campaign: 'news',
      email: DONOR,
    })
    await deliver(events)
    clock.set(LATER)
    const s = sender()
    expect(await s.runOnce()).toEqual({ sent: 0, failed: 1 })
    const [row] = await t.store.db.selectFrom('mail_outbox').selectAll().execute()
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row?.address).toMatch(/^v1\./)
    expect(row?.error).toBeTruthy()

    smtp = await startSmtp(port)
    // Not due yet: the row waits for its backoff.
    expect(await s.runOnce()).toEqual({ sent: 0, failed: 0 })
    expect(smtp.received).toHaveLength(0)
    clock.set('2026-12-07T10:02:31.000Z')
    expect(await s.runOnce()).toEqual({ sent: 1, failed: 0 })
    expect(await s.runOnce()).toEqual({ sent: 0, failed: 0 })
    expect(smtp.received).toHaveLength(1)
    expect(texts(smtp.received)[0]).toContain('Amount: $20')
    expect(databaseText()).not.toContain(DONOR)
  })

  it('thanks each payment of a monthly gift, with how to manage it, in the campaign language', async () => {
    const gift = {
      amount: 900,
      currency: 'eur',
      at: unix(NOW) - 40 * 86400,
      campaign: 'zeitung',
      email: DONOR,
    }
    const first = subscriptionFlow(gift)
    const renewal = renewalFlow(first.sub, unix(NOW) - 9 * 86400)
    await deliver(shuffled([...first.events, ...renewal.events], 3))
    clock.set(LATER)
    await sender().runOnce()
    expect(smtp.received).toHaveLength(2)
    for (const m of smtp.received) {
      expect(m.to).toEqual([DONOR])
      expect(m.mail.subject).toBe('Danke für Ihre Spende an Die Zeitung')
      expect(m.mail.text).toMatch(/Betrag: 9\s€/)
      expect(m.mail.text).toContain('https://give.example/manage/zeitung')
      expect(m.mail.html).toContain('lang="de-DE"')
    }
    const receipts = texts(smtp.received).map((x) => /Belegnummer: (\S+)/.exec(x)?.[1])
    expect(new Set(receipts).size).toBe(2)
  })

  it('erases an address that waited 30 days for a payment that never came', async () => {
    const { events } = paymentFlow({
      amount: 500,
      at: unix(NOW) - 60,
      campaign: 'news',
      email: DONOR,
    })
    // Only the Checkout Session: the payment never arrives.
    await deliver(events.filter((e) => e.type === 'checkout.session.completed'))
    const s = sender()
    expect(await s.runOnce()).toEqual({ sent: 0, failed: 0 })
    expect(await outboxCounts(t.store)).toEqual({ pending: 1 })
    clock.set('2027-01-07T10:00:01.000Z')
    await s.runOnce()
    expect(await outboxCounts(t.store)).toEqual({ dropped: 1 })
    const rows = await t.store.db.selectFrom('mail_outbox').select(['address']).execute()
    expect(rows).toEqual([{ address: null }])
    expect(smtp.received).toHaveLength(0)
  })
})

describe('without mail settings', () => {
  it('keeps no address and queues nothing', async () => {
    const plain = await makeTestApp({ env: webhookEnv })
    try {
      await plain.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
      const { events } = paymentFlow({ amount: 700, at: unix(NOW), campaign: 'news', email: DONOR })
      for (const e of events) {
        const res = await postEvent((p, i) => plain.app.request(p, i), e)
        expect(res.status).toBe(200)
      }
      expect(await outboxCounts(plain.store)).toEqual({})
      const ledger = await plain.store.db.selectFrom('ledger_entries').select('amount').execute()
      expect(ledger).toEqual([{ amount: 700 }])
    } finally {
      await plain.close()
    }
  })
})
