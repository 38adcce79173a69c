import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { redactedJson } from '../src/ingest/redact.js'
import { makeTestApp, newsCampaign, snapshot, type TestApp } from './support/harness.js'
import {
  charge,
  checkoutSession,
  donation,
  event,
  invoice,
  paymentIntent,
  postEvent,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

const EMAIL = 'Reader.Person@donor-mail.test'
const june = unix('2026-06-10T15:00:00Z')
const KEY = 'operator-secret-0123456789abcdef0123456789'

const donors = async (t: TestApp) =>
  (
    await t.store.db
      .selectFrom('ledger_entries')
      .select('donor')
      .where('kind', '=', 'payment')
      .orderBy('recorded_at')
      .execute()
  ).map((r) => r.donor)

const keys = (t: TestApp) =>
  t.store.db.selectFrom('settings').selectAll().where('name', '=', 'donor_hash_key').execute()

describe('privacy: no donor e-mail at rest, donor ids are keyed hashes', () => {
  let t: TestApp
  afterEach(async () => {
    await t.close()
  })

  it('stores no e-mail anywhere, from any event that carries one', async () => {
    t = await makeTestApp({ env: webhookEnv })
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
    const send = (e: ReturnType<typeof event>) => postEvent((p, i) => t.app.request(p, i), e)
    const early = donation({ amount: 700, created: june, email: EMAIL })
    const d = donation({ amount: 2500, created: june, email: EMAIL, campaign: 'news' })
    for (const e of [
      // Facts kept before their payment arrives carry the e-mail too.
      event('checkout.session.completed', checkoutSession(early, 'news')),
      event('invoice.paid', invoice(early, 'news')),
      event('charge.succeeded', charge(d)),
      event('payment_intent.succeeded', paymentIntent(d)),
      event('payment_intent.succeeded', paymentIntent(early)),
    ]) {
      expect((await send(e)).status).toBe(200)
    }
    const all = JSON.stringify(await snapshot(t.store)).toLowerCase()
    expect(all).not.toContain('donor-mail')
    expect(all).not.toContain('reader.person')
    // The payloads are kept (for replay), with money fields intact.
    const stored = await t.store.db.selectFrom('webhook_events').select('payload').execute()
    expect(stored).toHaveLength(5)
    const objects = stored.map(
      (r) => (JSON.parse(r.payload) as { data: { object: Record<string, unknown> } }).data.object,
    )
    expect(objects.filter((o) => o.amount_received === 2500)).toHaveLength(1)
    // Both payments have a donor id, and it is the same donor (same e-mail, any case).
    const ids = await donors(t)
    expect(ids[0]).toMatch(/^d_[0-9a-f]{32}$/)
    expect(ids[1]).toBe(ids[0])
  })

  it('makes donor ids with HMAC-SHA-256 under DONOR_HASH_KEY; another key gives other ids', async () => {
    t = await makeTestApp({ env: { ...webhookEnv, DONOR_HASH_KEY: KEY } })
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
    const d = donation({ amount: 100, created: june, customer: 'cus_known' })
    const e = donation({ amount: 100, created: june, email: ` ${EMAIL} ` })
    for (const x of [d, e]) {
      await postEvent(
        (p, i) => t.app.request(p, i),
        event('payment_intent.succeeded', paymentIntent(x)),
      )
    }
    const mac = (s: string) => `d_${createHmac('sha256', KEY).update(s).digest('hex').slice(0, 32)}`
    expect(await donors(t)).toEqual([
      mac('customer:cus_known'),
      mac(`email:${EMAIL.toLowerCase()}`),
    ])
    // No key was generated: the operator's is used.
    expect(await keys(t)).toEqual([])
  })

  it('generates a key once when none is set, keeps it in the database, and reuses it after a restart', async () => {
    t = await makeTestApp({ env: webhookEnv })
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
    const first = donation({ amount: 100, created: june, customer: 'cus_again' })
    await postEvent(
      (p, i) => t.app.request(p, i),
      event('payment_intent.succeeded', paymentIntent(first)),
    )
    const settings = await keys(t)
    expect(settings).toHaveLength(1)
    expect(settings[0]?.value).toMatch(/^[0-9a-f]{64}$/)
    // A new process on the same database: same key, so the same donor keeps the same id.
    const restarted = createApp({ store: t.store, config: t.config })
    const again = donation({ amount: 100, created: june, customer: 'cus_again' })
    await postEvent(
      (p, i) => restarted.request(p, i),
      event('payment_intent.succeeded', paymentIntent(again)),
    )
    const [a, b] = await donors(t)
    expect(a).toMatch(/^d_[0-9a-f]{32}$/)
    expect(b).toBe(a)
    expect(await keys(t)).toEqual(settings)
    const p = (await (
      await t.app.request('/api/campaigns/news/progress?month=2026-06')
    ).json()) as {
      donors: number
    }
    expect(p.donors).toBe(1)
  })

  it('removes personal fields from payloads an earlier version stored, a page per event', async () => {
    t = await makeTestApp({ env: webhookEnv })
    // 450 events as an earlier version stored them, e-mail and name in clear.
    const legacy = Array.from({ length: 450 }, (_, i) =>
      event('checkout.session.completed', {
        id: `cs_old${i}`,
        object: 'checkout.session',
        customer_details: { email: EMAIL, name: 'A Reader' },
        payment_intent: `pi_old${i}`,
        metadata: {},
      }),
    )
    await t.store.db
      .insertInto('webhook_events')
      .values(
        legacy.map((e) => ({
          id: e.id,
          type: e.type,
          created: e.created,
          livemode: 0,
          payload: JSON.stringify(e),
          status: 'processed' as const,
          error: null,
          attempts: 1,
          received_at: '2026-01-01T00:00:00.000Z',
          processed_at: '2026-01-01T00:00:00.000Z',
        })),
      )
      .execute()
    const clear = async () =>
      (await t.store.db.selectFrom('webhook_events').select('payload').execute()).filter((r) =>
        r.payload.includes('donor-mail'),
      ).length
    const send = () =>
      postEvent(
        (p, i) => t.app.request(p, i),
        event('payment_intent.succeeded', paymentIntent(donation({ amount: 100, created: june }))),
      )
    await send()
    // One event does one page of the work, not the whole table.
    expect(await clear()).toBe(250)
    await send()
    await send()
    expect(await clear()).toBe(0)
    const all = JSON.stringify(await snapshot(t.store)).toLowerCase()
    expect(all).not.toContain('donor-mail')
    expect(all).not.toContain('a reader')
    const row = await t.store.db
      .selectFrom('webhook_events')
      .select('payload')
      .where('id', '=', (legacy[7] as { id: string }).id)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(row.payload)).toMatchObject({
      data: { object: { id: 'cs_old7', customer_details: null, payment_intent: 'pi_old7' } },
    })
  })

  it('redacts personal fields of any object and keeps the rest', () => {
    const body = {
      object: 'event',
      data: {
        object: {
          object: 'customer',
          id: 'cus_1',
          name: 'A Person',
          email: 'a@x.org',
          address: { line1: '1 Road' },
          metadata: { campaign: 'news' },
          sources: [{ billing_details: { email: 'a@x.org' }, amount: 5 }],
        },
      },
    }
    expect(JSON.parse(redactedJson(body))).toEqual({
      object: 'event',
      data: {
        object: {
          object: 'customer',
          id: 'cus_1',
          name: null,
          email: null,
          address: null,
          metadata: { campaign: 'news' },
          sources: [{ billing_details: null, amount: 5 }],
        },
      },
    })
  })
})
