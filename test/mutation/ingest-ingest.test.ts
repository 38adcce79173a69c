import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { IngestError } from '../../src/ingest/errors.js'
import { createIngest } from '../../src/ingest/ingest.js'
import type { Store } from '../../src/store/store.js'
import { toIncoming } from '../../src/stripe/incoming.js'
import {
  expectError,
  fixedClock,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from '../support/harness.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  refund,
  unix,
  webhookEnv,
} from '../support/stripe-events.js'

// src/ingest/ingest.ts (admin moves of unknown payments, replays of other-mode events, the
// cross-process lock keys) and src/ingest/donor-ids.ts (a donor key that failed to load).

const clock = fixedClock('2026-06-15T12:00:00Z')
const created = unix('2026-06-10T12:00:00Z')
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ env: { ...webhookEnv, STRIPE_LIVEMODE: 'false' }, deps: { clock } })
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
})
afterEach(() => t.close())

describe('assigning a payment the ledger does not have', () => {
  it('answers 404 through the admin API and changes nothing', async () => {
    const before = await snapshot(t.store)
    const res = await t.call('POST', '/api/admin/stripe/unattributed/assign', {
      paymentRef: 'pi_nowhere',
      campaign: 'news',
    })
    await expectError(res, 404, 'not_found')
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('is refused by the ingest as unknown_payment, naming the payment', async () => {
    const ingest = createIngest({ store: t.store, clock })
    const err = await ingest.assign('pi_nowhere', 'news', 'admin', () => []).catch((e) => e)
    expect(err).toBeInstanceOf(IngestError)
    expect(err).toMatchObject({
      reason: 'unknown_payment',
      message: 'Payment pi_nowhere not found',
    })
  })
})

describe('replaying an event of the other mode', () => {
  it('records the replay as ignored in the audit log, and counts nothing', async () => {
    const d = donation({ amount: 1200, created, campaign: 'news', email: 'a@example.org' })
    const live = event('payment_intent.succeeded', paymentIntent(d), created, true)
    expect((await postEvent((p, i) => t.app.request(p, i), live)).status).toBe(200)
    expect((await t.call('POST', `/api/admin/stripe/events/${live.id}/replay`)).status).toBe(200)
    const page = (await (await t.call('GET', '/api/admin/audit')).json()) as {
      records: { action: string; target: string; after: unknown }[]
    }
    expect(page.records[0]).toMatchObject({
      action: 'stripe.replay',
      target: live.id,
      after: { status: 'ignored' },
    })
    const progress = await (
      await t.app.request('/api/campaigns/news/progress?month=2026-06')
    ).json()
    expect(progress).toMatchObject({ pledged: 0, donations: 0 })
  })
})

describe('the locks events take across processes (store.exclusive)', () => {
  it('events about one payment share a key, events about others share none', async () => {
    const locked: string[][] = []
    const store: Store = {
      ...t.store,
      exclusive: async (keys, fn) => {
        locked.push([...keys])
        return fn()
      },
    }
    const ingest = createIngest({ store, clock })
    const a = donation({ amount: 1200, created, campaign: 'news' })
    const b = donation({ amount: 800, created, campaign: 'news' })
    const pay = event('payment_intent.succeeded', paymentIntent(a))
    const back = event('refund.created', refund(a, 200, 'succeeded', 're_lock'))
    const other = event('payment_intent.succeeded', paymentIntent(b))
    for (const e of [pay, back, other]) await ingest.event(toIncoming(e))
    expect(locked).toEqual([
      [`stripe:${pay.id}`, `stripe:${a.pi}`],
      [`stripe:${back.id}`, `stripe:${a.pi}`],
      [`stripe:${other.id}`, `stripe:${b.pi}`],
    ])
    // Not the key migrations hold, whatever an id looks like.
    expect(locked.flat()).not.toContain('supportbar:migrate')
  })
})

describe('the donor key (generated once, kept in settings)', () => {
  it('is loaded again by the next event after a load failed', async () => {
    const ingest = createIngest({ store: t.store, clock })
    // A first event without a donor: the payload scrub has read settings and is done.
    const anon = donation({ amount: 500, created, campaign: 'news' })
    await ingest.event(toIncoming(event('payment_intent.succeeded', paymentIntent(anon))))
    const d = donation({ amount: 1200, created, campaign: 'news', email: 'a@example.org' })
    const e = event('payment_intent.succeeded', paymentIntent(d))
    await sql`ALTER TABLE settings RENAME TO settings_away`.execute(t.store.db)
    await expect(ingest.event(toIncoming(e))).rejects.toThrow(/settings/)
    await sql`ALTER TABLE settings_away RENAME TO settings`.execute(t.store.db)
    expect((await ingest.event(toIncoming(e))).outcome).toBe('processed')
    const row = await t.store.db
      .selectFrom('ledger_entries')
      .select(['donor', 'amount'])
      .where('entry_key', '=', `stripe:payment:${d.pi}`)
      .executeTakeFirstOrThrow()
    expect(row.amount).toBe(1200)
    expect(row.donor).toMatch(/^d_[0-9a-f]{32}$/)
  })
})
