import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditQuery } from '../src/store/audit.js'
import { insertCampaign } from '../src/store/campaigns.js'
import { startFakeStripe } from './support/fake-stripe.js'
import {
  ADMIN_TOKEN,
  expectError,
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import { donation, event, paymentIntent, postEvent, webhookEnv } from './support/stripe-events.js'

interface AuditRecord {
  id: string
  at: string
  actor: string
  action: string
  campaign: string | null
  target: string | null
  before: unknown
  after: unknown
  requestId: string | null
}
interface AuditPage {
  records: AuditRecord[]
  nextCursor: string | null
}

const clock = fixedClock('2021-06-15T12:00:00Z')
let t: TestApp
beforeEach(async () => {
  clock.set('2021-06-15T12:00:00Z')
  t = await makeTestApp({ env: webhookEnv, deps: { clock } })
})
afterEach(() => t.close())

const audit = async (query = ''): Promise<AuditPage> => {
  const res = await t.call('GET', `/api/admin/audit${query}`)
  expect(res.status).toBe(200)
  return (await res.json()) as AuditPage
}

describe('audit trail', () => {
  it('records campaign create and update with who, when and before/after', async () => {
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    clock.set('2021-06-16T08:00:00Z')
    const patch = await t.call('PATCH', '/api/admin/campaigns/news', { defaultGoal: 600000 })
    expect(patch.status).toBe(200)
    const { records } = await audit()
    expect(records.map((r) => r.action)).toEqual(['campaign.update', 'campaign.create'])
    const [update, create] = records as [AuditRecord, AuditRecord]
    expect(create).toMatchObject({
      actor: 'admin',
      at: '2021-06-15T12:00:00.000Z',
      campaign: 'news',
      target: 'news',
      before: null,
      after: { slug: 'news', defaultGoal: 500000, currency: 'USD' },
    })
    expect(update).toMatchObject({
      at: '2021-06-16T08:00:00.000Z',
      before: { defaultGoal: 500000 },
      after: { defaultGoal: 600000, updatedAt: '2021-06-16T08:00:00.000Z' },
    })
    // The request id ties the record to the request's log lines and response header.
    expect(patch.headers.get('x-request-id')).toBe(update.requestId)
    // Never the token, anywhere in the trail.
    expect(JSON.stringify(records)).not.toContain(ADMIN_TOKEN)
  })

  it('records month goals, adjustments (once per idempotency key) and recompute', async () => {
    await t.call('POST', '/api/admin/campaigns', newsCampaign)
    const month = (goal: number, label?: string) =>
      t.call('PUT', '/api/admin/campaigns/news/months/2021-06', { goal, label })
    expect((await month(500000, 'JUNE 2021')).status).toBe(200)
    expect((await month(700000)).status).toBe(200)
    const adjust = () =>
      t.call(
        'POST',
        '/api/admin/campaigns/news/adjustments',
        { month: '2021-06', amount: 136000, reason: 'cheques' },
        { 'Idempotency-Key': 'k1' },
      )
    expect((await adjust()).status).toBe(201)
    expect((await adjust()).status).toBe(200)
    // Break the stored totals behind the API's back: recompute must say what it fixed.
    await t.store.db.updateTable('month_totals').set({ pledged: 1 }).execute()
    expect((await t.call('POST', '/api/admin/recompute?campaign=news')).status).toBe(200)
    await expectTotalsMatchLedger(t.store)

    const { records } = await audit('?campaign=news')
    expect(records.map((r) => r.action)).toEqual([
      'ledger.recompute',
      'ledger.adjust',
      'month.set',
      'month.set',
      'campaign.create',
    ])
    const [recompute, adjustment, second, first] = records as AuditRecord[]
    expect(first).toMatchObject({
      target: '2021-06',
      before: null,
      after: { goal: 500000, label: 'JUNE 2021' },
    })
    expect(second).toMatchObject({
      before: { goal: 500000, label: 'JUNE 2021' },
      after: { goal: 700000, label: null },
    })
    expect(adjustment).toMatchObject({
      target: 'admin:adjustment:news:k1',
      after: { month: '2021-06', amount: 136000, reason: 'cheques' },
    })
    expect(recompute).toMatchObject({
      before: [{ month: '2021-06', pledged: 1 }],
      after: [{ month: '2021-06', pledged: 136000 }],
    })
  })

  it('records assignment of unattributed money and webhook replay', async () => {
    await t.call('POST', '/api/admin/campaigns', newsCampaign)
    const d = donation({
      amount: 1200,
      created: Math.floor(Date.parse('2021-06-10T00:00Z') / 1000),
    })
    const e = event('payment_intent.succeeded', paymentIntent(d))
    expect((await postEvent((p, i) => t.app.request(p, i), e)).status).toBe(200)
    const assign = () =>
      t.call('POST', '/api/admin/stripe/unattributed/assign', {
        paymentRef: d.pi,
        campaign: 'news',
      })
    expect((await assign()).status).toBe(200)
    // A second assignment moves nothing, so it records nothing.
    expect((await assign()).status).toBe(200)
    expect((await t.call('POST', `/api/admin/stripe/events/${e.id}/replay`)).status).toBe(200)
    const { records } = await audit()
    expect(records.map((r) => r.action)).toEqual([
      'stripe.replay',
      'stripe.assign',
      'campaign.create',
    ])
    expect(records[0]).toMatchObject({
      target: e.id,
      before: { status: 'processed' },
      after: { status: 'processed' },
    })
    expect(records[1]).toMatchObject({
      campaign: 'news',
      target: d.pi,
      after: { buckets: [{ campaign: 'news', month: '2021-06' }] },
    })
    await expectTotalsMatchLedger(t.store)
  })

  it('says which campaign lost the default flag to a new default', async () => {
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
    await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, slug: 'radio' })
    expect((await t.call('PATCH', '/api/admin/campaigns/radio', { isDefault: true })).status).toBe(
      200,
    )
    const { records } = await audit()
    expect(records[0]).toMatchObject({
      action: 'campaign.update',
      target: 'radio',
      before: { isDefault: false, previousDefault: 'news' },
      after: { isDefault: true },
    })
    expect(records[2]).toMatchObject({ action: 'campaign.create', target: 'news', before: null })
  })

  it('records a backfill run with what it did', async () => {
    const fake = await startFakeStripe()
    const withStripe = await makeTestApp({ env: webhookEnv, deps: { clock, stripe: fake.stripe } })
    try {
      await withStripe.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
      const created = Math.floor(clock().getTime() / 1000) - 3600
      fake.data.events.push(
        event(
          'payment_intent.succeeded',
          paymentIntent(donation({ amount: 900, created })),
          created,
        ),
      )
      const res = await withStripe.call('POST', '/api/admin/stripe/backfill', {
        since: '2021-06-01T00:00:00Z',
      })
      expect(res.status).toBe(200)
      const page = (await (
        await withStripe.call('GET', '/api/admin/audit?action=stripe.backfill')
      ).json()) as AuditPage
      expect(page.records).toHaveLength(1)
      expect(page.records[0]).toMatchObject({
        actor: 'admin',
        before: { since: '2021-06-01T00:00:00Z' },
        after: { seen: 1, processed: 1, failed: [] },
      })
    } finally {
      await withStripe.close()
      await fake.close()
    }
  })

  it('records nothing for refused requests', async () => {
    await t.call('POST', '/api/admin/campaigns', newsCampaign)
    await expectError(await t.call('POST', '/api/admin/campaigns', newsCampaign), 409)
    await expectError(await t.call('PATCH', '/api/admin/campaigns/news', { defaultGoal: -1 }), 422)
    await expectError(
      await t.call('POST', '/api/admin/campaigns/news/adjustments', {
        month: '2021-13',
        amount: 1,
      }),
      422,
    )
    expect((await audit()).records.map((r) => r.action)).toEqual(['campaign.create'])
  })

  it('commits the record with the change or not at all', async () => {
    const now = '2021-06-15T12:00:00.000Z'
    const record = (id: string) =>
      auditQuery(t.store, {
        id,
        at: now,
        actor: 'admin',
        action: 'campaign.create',
        campaign: 'news',
        target: 'news',
        before: null,
        after: null,
        requestId: null,
      })
    const c = { ...newsCampaign, isDefault: false, archived: false }
    await insertCampaign(t.store, c, now, [record('000000000000001-000000001-00000000')])
    // The duplicate slug fails the insert: its audit record must roll back with it.
    await expect(
      insertCampaign(t.store, c, now, [record('000000000000001-000000002-00000000')]),
    ).rejects.toThrow(/UNIQUE/)
    expect(await t.store.db.selectFrom('audit_log').select('id').execute()).toEqual([
      { id: '000000000000001-000000001-00000000' },
    ])
  })

  it('filters and pages with a keyset cursor', async () => {
    for (const slug of ['a1', 'b2', 'c3']) {
      await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, slug })
      clock.set(new Date(clock().getTime() + 60_000).toISOString())
    }
    for (let i = 0; i < 5; i++) {
      await t.call('POST', '/api/admin/campaigns/b2/adjustments', {
        month: '2021-06',
        amount: 100 + i,
        reason: `r${i}`,
      })
    }
    const seen: AuditRecord[] = []
    let cursor: string | null = ''
    while (cursor !== null) {
      const page: AuditPage = await audit(
        `?campaign=b2&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(page.records.length).toBeLessThanOrEqual(2)
      seen.push(...page.records)
      cursor = page.nextCursor
    }
    expect(seen).toHaveLength(6)
    expect(new Set(seen.map((r) => r.id)).size).toBe(6)
    expect(seen.map((r) => r.id)).toEqual([...seen.map((r) => r.id)].sort().reverse())
    expect(seen.at(-1)?.action).toBe('campaign.create')
    expect((await audit('?action=ledger.adjust')).records).toHaveLength(5)
    expect((await audit('?actor=someone-else')).records).toHaveLength(0)
    const since = await audit('?since=2021-06-15T12:01:00Z&until=2021-06-15T12:02:00Z')
    expect(since.records.map((r) => r.campaign)).toEqual(['b2'])
    await expectError(await t.call('GET', '/api/admin/audit?cursor=nope'), 400)
    await expectError(await t.call('GET', '/api/admin/audit?action=drop'), 400)
  })
})
