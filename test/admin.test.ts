import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  ADMIN_TOKEN,
  expectError,
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'

let t: TestApp
const clock = fixedClock('2021-06-15T12:00:00Z')
beforeEach(async () => {
  t = await makeTestApp({ deps: { clock } })
})
afterEach(() => t.close())

const create = (body: unknown = newsCampaign) => t.call('POST', '/api/admin/campaigns', body)

describe('admin auth', () => {
  it('refuses a missing, malformed or wrong token with 401/400 in the error shape', async () => {
    const noAuth = await t.app.request('/api/admin/campaigns')
    await expectError(noAuth, 401, 'unauthorized')
    expect(noAuth.headers.get('www-authenticate')).toMatch(/Bearer/)
    await expectError(
      await t.app.request('/api/admin/campaigns', {
        headers: { Authorization: 'Bearer wrong-token-xxxxxxxx' },
      }),
      401,
      'unauthorized',
    )
    await expectError(
      await t.app.request('/api/admin/campaigns', { headers: { Authorization: 'Basic abc' } }),
      400,
    )
    const ok = await t.app.request('/api/admin/campaigns', {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(ok.status).toBe(200)
  })

  it('accepts any token of the comma list and records its label as the actor', async () => {
    const two = await makeTestApp({
      env: { ADMIN_TOKEN: 'alice:alice-token-0123456789,bob:bob-token-0123456789xx' },
      deps: { clock },
    })
    try {
      await two.call('POST', '/api/admin/campaigns', newsCampaign, {
        Authorization: 'Bearer bob-token-0123456789xx',
      })
      const res = await two.call(
        'POST',
        '/api/admin/campaigns/news/adjustments',
        { month: '2021-06', amount: 100, reason: 'test' },
        { Authorization: 'Bearer bob-token-0123456789xx' },
      )
      expect(res.status).toBe(201)
      expect((await res.json()).actor).toBe('bob')
    } finally {
      await two.close()
    }
  })

  it('is disabled, not open, when ADMIN_TOKEN is unset', async () => {
    const open = await makeTestApp({ env: { ADMIN_TOKEN: '' } })
    try {
      await expectError(await open.call('GET', '/api/admin/campaigns'), 401, 'admin_disabled')
    } finally {
      await open.close()
    }
  })
})

describe('campaigns', () => {
  it('creates, lists, reads and updates a campaign', async () => {
    const res = await create({ ...newsCampaign, currency: 'usd' })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe('/api/admin/campaigns/news')
    const created = await res.json()
    expect(created).toMatchObject({
      ...newsCampaign,
      currency: 'USD',
      isDefault: false,
      archived: false,
    })

    const list = await (await t.call('GET', '/api/admin/campaigns')).json()
    expect(list.campaigns.map((c: { slug: string }) => c.slug)).toEqual(['news'])
    expect((await (await t.call('GET', '/api/admin/campaigns/news')).json()).name).toBe(
      newsCampaign.name,
    )

    const patched = await t.call('PATCH', '/api/admin/campaigns/news', {
      name: 'Renamed',
      isDefault: true,
    })
    expect(patched.status).toBe(200)
    expect(await patched.json()).toMatchObject({ name: 'Renamed', isDefault: true })
  })

  it('keeps a single default campaign', async () => {
    await create({ ...newsCampaign, isDefault: true })
    await create({ ...newsCampaign, slug: 'radio', isDefault: true })
    const { campaigns } = await (await t.call('GET', '/api/admin/campaigns')).json()
    expect(
      campaigns
        .filter((c: { isDefault: boolean }) => c.isDefault)
        .map((c: { slug: string }) => c.slug),
    ).toEqual(['radio'])
  })

  it('refuses a duplicate slug with 409 and changes nothing', async () => {
    await create()
    const before = await snapshot(t.store)
    await expectError(await create({ ...newsCampaign, name: 'Other' }), 409, 'conflict')
    expect(await snapshot(t.store)).toEqual(before)
  })

  it.each([
    ['unknown currency', { currency: 'XYZ' }],
    ['negative goal', { defaultGoal: -1 }],
    ['non-integer goal', { defaultGoal: 12.5 }],
    ['goal as a string', { defaultGoal: '5000' }],
    ['bad slug', { slug: '../etc/passwd' }],
    ['upper-case slug', { slug: 'News' }],
    ['unknown timezone', { timezone: 'Mars/Base' }],
    ['bad locale', { locale: 'not a locale!' }],
    ['javascript url', { donateUrl: 'javascript:alert(1)' }],
    ['empty name', { name: '   ' }],
    ['unknown field', { colour: 'red' }],
  ])('refuses %s with 422 and changes nothing', async (_, patch) => {
    const before = await snapshot(t.store)
    await expectError(await create({ ...newsCampaign, ...patch }), 422, 'invalid_body')
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('refuses malformed JSON with 400 malformed_json', async () => {
    await expectError(
      await t.call('POST', '/api/admin/campaigns', '{"slug": "news",'),
      400,
      'malformed_json',
    )
  })

  it('refuses a body over the limit with 413', async () => {
    const huge = JSON.stringify({ ...newsCampaign, name: 'x'.repeat(100_000) })
    await expectError(await t.call('POST', '/api/admin/campaigns', huge), 413, 'payload_too_large')
  })

  it('answers 404 for an unknown slug on every campaign route', async () => {
    await expectError(await t.call('GET', '/api/admin/campaigns/ghost'), 404, 'not_found')
    await expectError(
      await t.call('PATCH', '/api/admin/campaigns/ghost', { name: 'x' }),
      404,
      'not_found',
    )
    await expectError(
      await t.call('PUT', '/api/admin/campaigns/ghost/months/2021-06', { goal: 1 }),
      404,
    )
    await expectError(await t.call('GET', '/api/admin/campaigns/ghost/months'), 404)
    await expectError(
      await t.call('POST', '/api/admin/campaigns/ghost/adjustments', {
        month: '2021-06',
        amount: 1,
        reason: 'x',
      }),
      404,
    )
    await expectError(await t.call('GET', '/api/admin/campaigns/ghost/ledger'), 404)
  })

  it('refuses an empty patch and a currency change', async () => {
    await create()
    await expectError(await t.call('PATCH', '/api/admin/campaigns/news', {}), 422, 'invalid_body')
    await expectError(await t.call('PATCH', '/api/admin/campaigns/news', { currency: 'EUR' }), 422)
  })
})

describe('months and goals', () => {
  beforeEach(async () => {
    await create()
  })

  it('sets a goal and label for a month and lists the history, newest first', async () => {
    const put = await t.call('PUT', '/api/admin/campaigns/news/months/2021-05', {
      goal: 300000,
      label: 'May drive',
    })
    expect(put.status).toBe(200)
    expect(await put.json()).toMatchObject({
      month: '2021-05',
      goal: 300000,
      label: 'May drive',
      pledged: 0,
    })
    const { months } = await (await t.call('GET', '/api/admin/campaigns/news/months')).json()
    expect(months.map((m: { month: string }) => m.month)).toEqual(['2021-06', '2021-05'])
    expect(months[0]).toMatchObject({ month: '2021-06', goal: 500000 })

    const progress = await (
      await t.app.request('/api/campaigns/news/progress?month=2021-05')
    ).json()
    expect(progress).toMatchObject({ goal: 300000, label: 'May drive' })
  })

  it.each([
    ['impossible month', '2021-13', { goal: 1 }, 400],
    ['negative goal', '2021-06', { goal: -5 }, 422],
    ['fractional goal', '2021-06', { goal: 0.5 }, 422],
    ['missing goal', '2021-06', { label: 'x' }, 422],
  ])('refuses %s and changes nothing', async (_, month, body, status) => {
    const before = await snapshot(t.store)
    await expectError(
      await t.call('PUT', `/api/admin/campaigns/news/months/${month}`, body),
      status,
    )
    expect(await snapshot(t.store)).toEqual(before)
  })
})

describe('adjustments, ledger and recompute', () => {
  beforeEach(async () => {
    await create()
  })

  const adjust = (body: unknown, headers: Record<string, string> = {}) =>
    t.call('POST', '/api/admin/campaigns/news/adjustments', body, headers)

  it('adds offline gifts and corrections as new entries that move the totals', async () => {
    expect((await adjust({ month: '2021-06', amount: 100000, reason: 'cheques' })).status).toBe(201)
    expect(
      (await adjust({ month: '2021-06', amount: 36000, reason: 'bank transfer', donor: 'd1' }))
        .status,
    ).toBe(201)
    expect((await adjust({ month: '2021-06', amount: -1000, reason: 'typo fix' })).status).toBe(201)
    const p = await (await t.app.request('/api/campaigns/news/progress')).json()
    expect(p.pledged).toBe(135000)
    await expectTotalsMatchLedger(t.store)
  })

  it('records an adjustment once per Idempotency-Key', async () => {
    const body = { month: '2021-06', amount: 2500, reason: 'cheque' }
    const first = await adjust(body, { 'Idempotency-Key': 'cheque-42' })
    expect(first.status).toBe(201)
    const again = await adjust(body, { 'Idempotency-Key': 'cheque-42' })
    expect(again.status).toBe(200)
    expect((await again.json()).id).toBe((await first.json()).id)
    await expectError(await adjust({ ...body, amount: 9 }, { 'Idempotency-Key': 'cheque-42' }), 409)
    const p = await (await t.app.request('/api/campaigns/news/progress')).json()
    expect(p.pledged).toBe(2500)
    await expectTotalsMatchLedger(t.store)
  })

  it.each([
    ['zero amount', { month: '2021-06', amount: 0, reason: 'x' }],
    ['fractional amount', { month: '2021-06', amount: 1.5, reason: 'x' }],
    ['amount as text', { month: '2021-06', amount: '15', reason: 'x' }],
    ['huge amount', { month: '2021-06', amount: 1e16, reason: 'x' }],
    ['impossible month', { month: '2021-13', amount: 5, reason: 'x' }],
    ['missing reason', { month: '2021-06', amount: 5 }],
  ])('refuses %s with 422 and changes nothing', async (_, body) => {
    const before = await snapshot(t.store)
    await expectError(await adjust(body), 422, 'invalid_body')
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('pages through the ledger with a cursor', async () => {
    for (let i = 1; i <= 5; i++) {
      clock.set(`2021-06-15T12:00:0${i}Z`)
      await adjust({ month: '2021-06', amount: i, reason: `gift ${i}` })
    }
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const url: string = `/api/admin/campaigns/news/ledger?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const page = (await (await t.call('GET', url)).json()) as {
        entries: { amount: number }[]
        nextCursor: string | null
      }
      expect(page.entries.length).toBeLessThanOrEqual(2)
      seen.push(...page.entries.map((e) => e.amount))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([1, 2, 3, 4, 5])
    await expectError(await t.call('GET', '/api/admin/campaigns/news/ledger?cursor=garbage!'), 400)
    await expectError(await t.call('GET', '/api/admin/campaigns/news/ledger?limit=0'), 400)
    clock.set('2021-06-15T12:00:00Z')
  })

  it('recompute reports a tampered total and rebuilds it from the ledger', async () => {
    await adjust({ month: '2021-06', amount: 5000, reason: 'gift' })
    const clean = await (await t.call('POST', '/api/admin/recompute')).json()
    expect(clean.differences).toEqual([])
    // Corrupt the materialized total behind the app's back.
    await t.store.db.updateTable('month_totals').set({ pledged: 1 }).execute()
    const fixed = await (await t.call('POST', '/api/admin/recompute?campaign=news')).json()
    expect(fixed.differences).toHaveLength(1)
    expect(fixed.differences[0]).toMatchObject({ campaign: 'news', month: '2021-06' })
    expect((await (await t.app.request('/api/campaigns/news/progress')).json()).pledged).toBe(5000)
    await expectTotalsMatchLedger(t.store)
    await expectError(await t.call('POST', '/api/admin/recompute?campaign=ghost'), 404)
  })
})

describe('health, docs and unknown routes', () => {
  it('serves /healthz, the OpenAPI document and the docs page', async () => {
    expect(await (await t.app.request('/healthz')).json()).toEqual({ ok: true })
    const doc = await (await t.app.request('/openapi.json')).json()
    expect(doc.openapi).toBe('3.1.0')
    for (const path of [
      '/api/campaigns/{slug}/progress',
      '/api/admin/campaigns',
      '/api/admin/campaigns/{slug}',
      '/api/admin/campaigns/{slug}/months/{month}',
      '/api/admin/campaigns/{slug}/months',
      '/api/admin/campaigns/{slug}/adjustments',
      '/api/admin/campaigns/{slug}/ledger',
      '/api/admin/recompute',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path)
    }
    const docs = await t.app.request('/docs')
    expect(docs.status).toBe(200)
    expect(await docs.text()).toContain('/openapi.json')
    await expectError(await t.app.request('/nope'), 404, 'not_found')
  })

  it('answers 503 on /healthz when the database is gone', async () => {
    await t.store.close()
    await expectError(await t.app.request('/healthz'), 503, 'unavailable')
  })
})
