import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTRACT_ENV } from './contract/target.js'
import { bmcSubscription, FakeSourceApis, ghSponsorship } from './support/fake-source-apis.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { adminJson, newsCampaign } from './support/harness.js'
import { donation, event, paymentIntent, unix } from './support/stripe-events.js'
import { applyLocalD1Migrations, startLocalWorker } from './support/workerd.js'

/**
 * The Worker's cron trigger under workerd: with STRIPE_SECRET_KEY set it lists recent events
 * from Stripe's API (a local Stripe-format server, through STRIPE_API_URL) and runs each
 * through the webhook path into D1.
 */
describe('Worker cron trigger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-cron-'))
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let apis: FakeSourceApis
  let w: Awaited<ReturnType<typeof startLocalWorker>>

  beforeAll(async () => {
    fake = await startFakeStripe()
    apis = await new FakeSourceApis().start()
    // GitHub Sponsors' and Buy Me a Coffee's APIs, for the platforms' hourly check.
    const platforms = Object.entries(apis.env()).filter(([k]) => /^(GITHUB|BMC)_/.test(k))
    await applyLocalD1Migrations(dir)
    w = await startLocalWorker(dir, {
      ...CONTRACT_ENV,
      STRIPE_SECRET_KEY: 'sk_test_cron_0123456789',
      STRIPE_API_URL: fake.url,
      ...Object.fromEntries(platforms),
    })
  })
  afterAll(async () => {
    await w?.close()
    await fake?.close()
    await apis?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Miniflare's trigger route (wrangler's Worker.scheduled() cannot find a named worker). */
  const cron = async (time: Date, pattern = '17 * * * *') => {
    const res = await w.fetch(
      `/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(pattern)}&time=${time.getTime()}`,
    )
    return res.text()
  }

  it('runs only the mail outbox on the minutely trigger: no backfill, no reconciliation', async () => {
    const asked = fake.requests.length
    expect(await cron(new Date('2027-05-12T00:05:00Z'), '* * * * *')).toBe('ok')
    expect(fake.requests.slice(asked)).toEqual([])
    expect(apis.requests).toBe(0)
  })

  it('backfills missed Stripe events into D1, and a second run changes nothing', async () => {
    const create = await w.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify(newsCampaign),
    })
    expect(create.status).toBe(201)
    const created = unix('2026-06-03T10:00:00Z')
    for (const amount of [4200, 800, 1000]) {
      const d = donation({ amount, created, campaign: 'news' })
      fake.data.events.push(event('payment_intent.succeeded', paymentIntent(d)))
    }
    const time = new Date()
    expect(await cron(time)).toBe('ok')
    expect(await cron(time)).toBe('ok')
    const res = await w.fetch('/api/campaigns/news/progress?month=2026-06')
    expect(await res.json()).toMatchObject({ pledged: 6000, donations: 3 })
    // It asked for the last six hours, and paged through the list (two per page here).
    const gte = Math.floor(time.getTime() / 1000) - 6 * 3600
    const lists = fake.requests.filter((r) => r.startsWith('GET /v1/events'))
    expect(lists[0]).toBe(`GET /v1/events?created[gte]=${gte}&limit=100`)
    expect(lists).toHaveLength(4)
    const stored = await w.fetch('/api/admin/stripe/events?status=processed', {
      headers: adminJson,
    })
    expect(((await stored.json()) as { events: unknown[] }).events).toHaveLength(3)
  })

  it('reconciles the previous UTC day on the first firing of the day only', async () => {
    const runs = async () => {
      const res = await w.fetch('/api/admin/reconciliations', { headers: adminJson })
      expect(res.status).toBe(200)
      return ((await res.json()) as { runs: { account: string | null; scope: unknown }[] }).runs
    }
    const before = (await runs()).length
    expect(await cron(new Date('2027-05-11T01:17:00Z'))).toBe('ok')
    expect(await runs()).toHaveLength(before)
    expect(await cron(new Date('2027-05-11T00:17:00Z'))).toBe('ok')
    const after = await runs()
    // The platform's own account: no campaign names a connected one here.
    expect(after).toHaveLength(before + 1)
    expect(after[0]).toMatchObject({
      account: null,
      status: 'done',
      scope: { from: '2027-05-10T00:00:00.000Z', to: '2027-05-11T00:00:00.000Z' },
    })
  })

  it("counts GitHub's and Buy Me a Coffee's monthly renewals on the hourly trigger, once", async () => {
    apis.sponsorships.push(
      ghSponsorship('MDExOlNwb25zb3JzaGlwQQ==', { createdAt: '2026-11-14T08:00:00Z', cents: 500 }),
    )
    apis.subscriptions.push(
      bmcSubscription(7, { created: '2026-11-14 23:46:40', periodStart: '2026-12-14 23:46:40' }),
    )
    const claim = await w.fetch('/api/admin/campaigns/news', {
      method: 'PATCH',
      headers: adminJson,
      body: JSON.stringify({ sources: ['github', 'buymeacoffee'] }),
    })
    expect(claim.status).toBe(200)
    // The 48 hours before 15 December 01:17 hold both renewals (14 December); twice: once.
    for (let i = 0; i < 2; i++) expect(await cron(new Date('2026-12-15T01:17:00Z'))).toBe('ok')
    const res = await w.fetch('/api/campaigns/news/progress?month=2026-12')
    const p = (await res.json()) as { bySource: Record<string, { pledged: number }> }
    expect(p.bySource.github?.pledged).toBe(500)
    expect(p.bySource.buymeacoffee?.pledged).toBe(1000)
  })
})

describe('a Worker with invalid vars', () => {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-badvars-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('answers every request 503 in the error shape, without naming the settings', async () => {
    await applyLocalD1Migrations(dir)
    const w = await startLocalWorker(dir, { ...CONTRACT_ENV, ADMIN_TOKEN: 'short' })
    try {
      const res = await w.fetch('/healthz')
      expect(res.status).toBe(503)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('unavailable')
      expect(body.error.message).not.toMatch(/ADMIN_TOKEN/)
    } finally {
      await w.close()
    }
  })
})
