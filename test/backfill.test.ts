import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeStripe } from './support/fake-stripe.js'
import {
  expectError,
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import {
  charge,
  donation,
  event,
  paymentIntent,
  postEvent,
  refund,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

const clock = fixedClock('2026-06-25T12:00:00Z')
const run = promisify(execFile)

describe('Stripe API: backfill and currency conversion', () => {
  let t: TestApp
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  beforeEach(async () => {
    fake = await startFakeStripe()
    t = await makeTestApp({ env: webhookEnv, deps: { clock, stripe: fake.stripe } })
    expect(
      (await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })).status,
    ).toBe(201)
  })
  afterEach(async () => {
    await expectTotalsMatchLedger(t.store)
    await t.close()
    await fake.close()
  })

  it('pages through events.list and runs each event through the webhook path, once', async () => {
    const base = unix('2026-06-20T10:00:00Z')
    const ds = [1000, 2000, 3000].map((amount, i) => donation({ amount, created: base + i }))
    fake.data.events.push(
      ...ds.map((d, i) => event('payment_intent.succeeded', paymentIntent(d), base + 10 + i)),
      event('refund.created', refund(ds[0] as never, 500, 'succeeded'), base + 20),
      event('customer.created', { id: 'cus_1', object: 'customer' }, base + 30),
      // Older than 30 days: outside Stripe's window, never asked for.
      event(
        'payment_intent.succeeded',
        paymentIntent(donation({ amount: 9, created: unix('2026-05-01T00:00:00Z') })),
        unix('2026-05-01T00:00:00Z'),
      ),
    )
    // One of them already arrived by webhook.
    expect(
      (await postEvent((p, i) => t.app.request(p, i), fake.data.events[1] as Stripe.Event)).status,
    ).toBe(200)
    const res = await t.call('POST', '/api/admin/stripe/backfill', {
      since: '2026-01-01T00:00:00Z',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      seen: 5,
      processed: 3,
      ignored: 1,
      duplicate: 1,
      failed: [],
    })
    expect(fake.requests.filter((r) => r.startsWith('GET /v1/events')).length).toBe(3)
    const p = (await (
      await t.app.request('/api/campaigns/news/progress?month=2026-06')
    ).json()) as { pledged: number }
    expect(p.pledged).toBe(5500)
    const again = await t.call('POST', '/api/admin/stripe/backfill', {
      since: '2026-06-01T00:00:00Z',
    })
    expect(await again.json()).toMatchObject({ seen: 5, processed: 0, duplicate: 5 })
  })

  it('refuses a backfill without a Stripe client with 503', async () => {
    const bare = await makeTestApp({ env: webhookEnv })
    await expectError(
      await bare.call('POST', '/api/admin/stripe/backfill', { since: '2026-06-01T00:00:00Z' }),
      503,
      'unavailable',
    )
    await bare.close()
  })

  it('converts another currency from the balance transaction', async () => {
    const d = donation({ amount: 900, created: unix('2026-06-20T10:00:00Z'), currency: 'eur' })
    fake.data.objects.set(d.ch, charge(d))
    fake.data.objects.set(`txn_${d.ch}`, {
      id: `txn_${d.ch}`,
      object: 'balance_transaction',
      amount: 1000,
      currency: 'usd',
      fee: 59,
    })
    expect(
      (
        await postEvent(
          (p, i) => t.app.request(p, i),
          event('payment_intent.succeeded', paymentIntent(d)),
        )
      ).status,
    ).toBe(200)
    const p = (await (
      await t.app.request('/api/campaigns/news/progress?month=2026-06')
    ).json()) as { pledged: number }
    expect(p.pledged).toBe(1000)
  })

  it('accepts a refund that arrives first without asking Stripe, and counts it in its payment month', async () => {
    const d = donation({ amount: 4000, created: unix('2026-06-20T10:00:00Z'), campaign: 'news' })
    fake.data.objects.set(d.pi, paymentIntent(d))
    const asked = fake.requests.length
    const early = event('refund.created', refund(d, 1000, 'succeeded'))
    const parked = await postEvent((p, i) => t.app.request(p, i), early)
    expect(await parked.json()).toMatchObject({ outcome: 'parked' })
    expect(
      (
        await postEvent(
          (p, i) => t.app.request(p, i),
          event('payment_intent.succeeded', paymentIntent(d)),
        )
      ).status,
    ).toBe(200)
    const p = (await (
      await t.app.request('/api/campaigns/news/progress?month=2026-06')
    ).json()) as { pledged: number }
    expect(p.pledged).toBe(3000)
    // The refund never waited on Stripe for its payment; only the fees were looked up, as the
    // entries were written (the charge's balance transaction, the refund's).
    const requests = fake.requests.slice(asked)
    expect(requests.filter((r) => !/^GET \/v1\/(charges|balance_transactions)\//.test(r))).toEqual(
      [],
    )
    expect(requests.some((r) => r.includes('/v1/payment_intents'))).toBe(false)
  })
})

describe('the CLI backfill', () => {
  it('uses the one Stripe client factory, so STRIPE_API_URL points it at the fake API', async () => {
    const fake = await startFakeStripe()
    const dir = mkdtempSync(join(tmpdir(), 'supportbar-cli-backfill-'))
    const env = {
      ...process.env,
      DATABASE_URL: `file:${join(dir, 'cli.db')}`,
      STRIPE_SECRET_KEY: 'sk_test_fake_0123456789',
      STRIPE_API_URL: fake.url,
      LOG_LEVEL: 'error',
    }
    const cli = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env })
    try {
      await cli([
        'campaign',
        'create',
        '--slug',
        'news',
        '--name',
        'News',
        '--currency',
        'USD',
        '--goal',
        '500000',
        '--timezone',
        'America/New_York',
        '--default',
      ])
      const now = Math.floor(Date.now() / 1000)
      const d = donation({ amount: 4200, created: now - 60 })
      fake.data.events.push(event('payment_intent.succeeded', paymentIntent(d), now - 30))
      const since = new Date((now - 3600) * 1000).toISOString()
      const out = JSON.parse((await cli(['backfill', '--since', since])).stdout)
      expect(out).toMatchObject({ seen: 1, processed: 1, failed: [] })
      expect(fake.requests.some((r) => r.startsWith('GET /v1/events'))).toBe(true)
    } finally {
      await fake.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
