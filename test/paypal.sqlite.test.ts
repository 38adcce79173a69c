import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeKeyAndCert } from './support/fake-paypal.js'
import {
  expectError,
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'
import { captureCompleted, captureRefund, subscriptionEvent } from './support/paypal-events.js'
import { CHARGEBACK_TOTALS, chargebacks, month, shuffled } from './support/paypal-month.js'
import { post, progress, rig, send, useFakePaypal, withCampaigns } from './support/paypal-rig.js'

useFakePaypal()

describe('POST /webhooks/paypal: settings and signatures', () => {
  let t: TestApp
  afterEach(() => t.close())

  it('answers 503 webhooks_disabled in the error shape when PayPal is not configured', async () => {
    t = await withCampaigns({})
    await expectError(
      await post(t, captureCompleted('1AB23456CD789012E', '15.00')),
      503,
      'webhooks_disabled',
    )
  })

  it('counts a signed capture once, with its fee, and names PayPal', async () => {
    t = await withCampaigns()
    const e = captureCompleted('1AB23456CD789012E', '15.00', { customId: 'radio', fee: '0.80' })
    expect((await send(t, e)).outcome).toBe('processed')
    expect((await send(t, e)).outcome).toBe('duplicate')
    const p = await progress(t, 'radio')
    expect(p).toMatchObject({ pledged: 1500, fees: 80, donations: 1 })
    expect(p.bySource).toEqual({
      stripe: { pledged: 0, donations: 0, verified: true },
      paypal: { pledged: 1500, donations: 1, verified: true },
      github: { pledged: 0, donations: 0, verified: false },
      kofi: { pledged: 0, donations: 0, verified: false },
      buymeacoffee: { pledged: 0, donations: 0, verified: false },
      donorbox: { pledged: 0, donations: 0, verified: true },
      patreon: { pledged: 0, donations: 0, verified: false },
      opencollective: { pledged: 0, donations: 0, verified: true },
    })
    const rows = await t.store.db.selectFrom('ledger_entries').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      entry_key: 'paypal:payment:1AB23456CD789012E',
      source: 'paypal',
      payment_ref: 'paypal:1AB23456CD789012E',
      amount: 1500,
      fee: 80,
      net: 1420,
      balance_transaction: '1AB23456CD789012E',
    })
    const csv = await (await t.call('GET', '/api/admin/campaigns/radio/ledger.csv')).text()
    expect(csv).toContain('paypal:payment:1AB23456CD789012E')
    expect(rig.fake.certFetches).toBeGreaterThan(0)
  })

  it('refuses bad signatures with 400 and changes nothing', async () => {
    t = await withCampaigns()
    const e = captureCompleted('9ZZ23456CD789012E', '15.00')
    const before = await snapshot(t.store)
    const body = JSON.stringify(e)
    const other = makeKeyAndCert()
    const cases: [Record<string, string>, string, number][] = [
      [rig.fake.sign(body, { key: other.key }), 'invalid_signature', 400],
      [rig.fake.sign(body, { webhookId: 'SOMEONEELSE' }), 'invalid_signature', 400],
      [rig.fake.sign(`${body} `), 'invalid_signature', 400],
      [rig.fake.sign(body, { certUrl: 'https://evil.example/cert.pem' }), 'invalid_signature', 400],
      [
        rig.fake.sign(body, { certUrl: 'http://api.paypal.com/cert.pem' }),
        'invalid_signature',
        400,
      ],
      [rig.fake.sign(body, { time: new Date(Date.now() - 3600_000) }), 'stale_timestamp', 400],
      [rig.fake.sign(body, { time: new Date(Date.now() + 3600_000) }), 'stale_timestamp', 400],
      [{ ...rig.fake.sign(body), 'paypal-auth-algo': 'SHA1withRSA' }, 'invalid_signature', 400],
      [{ 'content-type': 'application/json' }, 'missing_signature', 400],
    ]
    for (const [headers, code, status] of cases) {
      const res = await t.app.request('/webhooks/paypal', { method: 'POST', headers, body })
      await expectError(res, status, code)
    }
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('refuses a certificate that is not valid now', async () => {
    // The same signature, checked on a clock a year on: the two-day certificate has expired.
    const later = new Date(Date.now() + 365 * 86400_000)
    t = await makeTestApp({ env: rig.fake.env(), deps: { signatureClock: () => later } })
    const body = JSON.stringify(captureCompleted('8YY23456CD789012E', '1.00'))
    const res = await t.app.request('/webhooks/paypal', {
      method: 'POST',
      headers: rig.fake.sign(body, { time: later }),
      body,
    })
    await expectError(res, 400, 'invalid_signature')
  })

  it('replays a stored PayPal event through its own mapping, once, audited as paypal.replay', async () => {
    t = await withCampaigns()
    const e = captureCompleted('6WW23456CD789012E', '9.00', { customId: 'news' })
    await send(t, e)
    const res = await t.call(
      'POST',
      `/api/admin/stripe/events/${encodeURIComponent(`paypal:${e.id}`)}/replay`,
    )
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await progress(t, 'news')).toMatchObject({ pledged: 900, donations: 1 })
    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'target']).execute()
    expect(audit).toEqual([
      expect.objectContaining({ action: 'campaign.create' }),
      expect.objectContaining({ action: 'campaign.create' }),
      { action: 'paypal.replay', target: `paypal:${e.id}` },
    ])
  })

  it('keeps a signed body that is not an event as rejected, counting nothing', async () => {
    t = await withCampaigns()
    const e = captureCompleted('7XX23456CD789012E', '12.345')
    await expectError(await post(t, e), 400, 'invalid_payload')
    const rows = await t.store.db.selectFrom('webhook_events').selectAll().execute()
    expect(rows.map((r) => [r.id, r.status])).toEqual([[`paypal:${e.id}`, 'rejected']])
    expect(await t.store.db.selectFrom('ledger_entries').selectAll().execute()).toEqual([])
  })
})

describe('PayPal counted exactly once under shuffled, duplicated delivery (SQLite)', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await withCampaigns()
  })
  afterEach(async () => {
    await expectTotalsMatchLedger(t.store)
    await t.close()
  })

  it('parks a refund that comes before its capture and applies it when the capture arrives', async () => {
    const [, , refund] = month()
    expect((await send(t, refund)).outcome).toBe('parked')
    expect((await progress(t, 'news')).pledged).toBe(0)
    await send(t, month()[0])
    expect(await progress(t, 'news')).toMatchObject({ pledged: 1000, donations: 1 })
  })

  for (const seed of [1, 2, 3, 4]) {
    it(`gives the exact totals in order #${seed}`, async () => {
      const events = month()
      for (const e of shuffled([...events, ...events], seed)) await send(t, e)
      const news = await progress(t, 'news')
      // 15 - 5 refunded + 20 (disputed, then won) + 7 (custom_id names no campaign: default)
      expect(news).toMatchObject({ pledged: 3700, gross: 3700, fees: 80, donations: 3 })
      expect(news.bySource.paypal).toEqual({ pledged: 3700, donations: 3, verified: true })
      const radioNow = await progress(t, 'radio')
      // 12 - 12 disputed + 10 monthly (to the subscription's campaign) - 4 refunded
      expect(radioNow).toMatchObject({ pledged: 600, fees: 59, donations: 2 })
      expect(radioNow.recurring).toEqual({ supporters: 1, monthly: 1000 })
      const keys = (await t.store.db.selectFrom('ledger_entries').select('entry_key').execute())
        .map((r) => r.entry_key)
        .filter((k) => k.startsWith('paypal:'))
        .sort()
      expect(keys).toEqual([
        'paypal:chargeback:C2000000000000002:reinstatement',
        'paypal:chargeback:C2000000000000002:withdrawal',
        'paypal:chargeback:C3000000000000003:withdrawal',
        'paypal:payment:C1000000000000001',
        'paypal:payment:C2000000000000002',
        'paypal:payment:C3000000000000003',
        'paypal:payment:C4000000000000004',
        'paypal:payment:S1000000000000001',
        'paypal:refund:R1000000000000001',
        'paypal:refund:SR100000000000001',
      ])
    })
  }

  for (const seed of [5, 6, 7, 8, 9, 10]) {
    it(`subtracts a chargeback told as a dispute and a reversal once, in order #${seed}`, async () => {
      const events = chargebacks()
      for (const e of shuffled([...events, ...events, ...events.slice(1, 3)], seed)) {
        await send(t, e)
      }
      expect(await progress(t, 'news')).toMatchObject(CHARGEBACK_TOTALS.news)
      expect(await progress(t, 'radio')).toMatchObject(CHARGEBACK_TOTALS.radio)
      const keys = (await t.store.db.selectFrom('ledger_entries').select('entry_key').execute())
        .map((r) => r.entry_key)
        .filter((k) => k.startsWith('paypal:chargeback:'))
        .sort()
      expect(keys).toEqual([
        'paypal:chargeback:C5000000000000005:withdrawal',
        'paypal:chargeback:C6000000000000006:reinstatement',
        'paypal:chargeback:C6000000000000006:withdrawal',
        'paypal:chargeback:S7000000000000007:withdrawal',
      ])
      expect(await t.store.db.selectFrom('stripe_parked').selectAll().execute()).toEqual([])
    })
  }

  it('cancels a subscription: no longer a monthly supporter, its money stays', async () => {
    for (const e of month()) await send(t, e)
    await send(
      t,
      subscriptionEvent('CANCELLED', 'I-SUB0000001', 'radio', '10.00', '2026-11-15T00:00:00Z'),
    )
    const p = await progress(t, 'radio')
    expect(p.recurring).toEqual({ supporters: 0, monthly: 0 })
    expect(p.pledged).toBe(600)
  })

  it('keeps money in another currency aside and lists it for admins', async () => {
    await send(
      t,
      captureCompleted('C8000000000000008', '1000', { currency: 'JPY', customId: 'news' }),
    )
    expect(await progress(t, 'news')).toMatchObject({ pledged: 0, donations: 0 })
    const res = await t.call('GET', '/api/admin/stripe/unattributed')
    const listed = (await res.json()) as { entries: { key: string; amount: number }[] }
    expect(listed.entries.map((e) => [e.key, e.amount])).toEqual([
      ['paypal:payment:C8000000000000008', 1000],
    ])
  })

  it('counts PayPal money to a campaign that names a Stripe Connect account', async () => {
    const connected = { ...newsCampaign, slug: 'connected', stripeAccount: 'acct_1Connected00000' }
    expect((await t.call('POST', '/api/admin/campaigns', connected)).status).toBe(201)
    await send(t, captureCompleted('C9000000000000009', '8.00', { customId: 'connected' }))
    expect(await progress(t, 'connected')).toMatchObject({ pledged: 800, donations: 1 })
    await send(t, captureRefund('R9000000000000009', 'C9000000000000009', '3.00'))
    expect(await progress(t, 'connected')).toMatchObject({ pledged: 500 })
  })

  it('subtracts a reversal (chargeback), keyed by the capture it charges back', async () => {
    await send(t, captureCompleted('C5000000000000005', '30.00', { customId: 'news' }))
    await send(
      t,
      captureRefund('RV10000000000001', 'C5000000000000005', '30.00', { reversed: true }),
    )
    expect(await progress(t, 'news')).toMatchObject({ pledged: 0, donations: 1 })
  })
})
