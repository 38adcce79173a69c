import fc from 'fast-check'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import {
  admin,
  expectError,
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  sign,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

const clock = fixedClock('2021-06-15T12:00:00Z')
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ env: webhookEnv, deps: { clock } })
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  expect(
    (
      await t.call('POST', '/api/admin/campaigns/news/adjustments', {
        month: '2021-06',
        amount: 1000,
        reason: 'seed',
      })
    ).status,
  ).toBe(201)
})
afterEach(async () => {
  await expectTotalsMatchLedger(t.store)
  await t.close()
})

/** Every endpoint that takes a body. */
const BODY_ENDPOINTS = [
  ['POST', '/api/admin/campaigns'],
  ['PATCH', '/api/admin/campaigns/news'],
  ['PUT', '/api/admin/campaigns/news/months/2021-06'],
  ['POST', '/api/admin/campaigns/news/adjustments'],
  ['POST', '/api/admin/stripe/unattributed/assign'],
  ['POST', '/api/admin/stripe/backfill'],
  ['POST', '/api/admin/stripe/events/evt_1/replay'],
  ['POST', '/webhooks/stripe'],
] as const

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  null,
] as const

const randomBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 200 }),
  // Near misses: the real field names with random values.
  fc
    .record(
      {
        slug: fc.anything(),
        name: fc.anything(),
        currency: fc.anything(),
        defaultGoal: fc.anything(),
        goal: fc.anything(),
        label: fc.anything(),
        month: fc.anything(),
        amount: fc.anything(),
        reason: fc.anything(),
        paymentRef: fc.anything(),
        campaign: fc.anything(),
        since: fc.anything(),
        __proto__: fc.anything(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
)

describe('malformed and random input', () => {
  it('never answers 500 to a random body, and a refused one changes nothing', async () => {
    let refused = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BODY_ENDPOINTS),
        randomBody,
        fc.constantFrom(...CONTENT_TYPES),
        fc.boolean(),
        async ([method, path], body, type, auth) => {
          const before = await snapshot(t.store)
          const headers: Record<string, string> = auth ? { ...admin } : {}
          if (type) headers['Content-Type'] = type
          const res = await t.app.request(path, { method, headers, body })
          expect(res.status).toBeLessThan(500)
          if (res.status >= 400) {
            refused++
            await expectError(res, res.status)
            expect(await snapshot(t.store)).toEqual(before)
          }
        },
      ),
      { numRuns: 300, seed: 20210615 },
    )
    expect(refused).toBeGreaterThan(250)
  })

  it('never answers 500 to random path segments and query strings', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('..', '%2e%2e', '..%2F..%2Fetc%2Fpasswd', '%00', 'news%00', "news'--", '%'),
    )
    const before = await snapshot(t.store)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/campaigns/$/progress?month=$',
          '/api/admin/campaigns/$',
          '/api/admin/campaigns/$/ledger?cursor=$',
          '/api/admin/campaigns/$/ledger.csv?month=$',
          '/api/admin/campaigns/$/months.csv',
          '/api/admin/audit?cursor=$&since=$',
          '/api/admin/stripe/events?before=$&limit=$',
          '/api/admin/stripe/events/$/replay',
        ),
        segment,
        segment,
        async (template, a, b) => {
          const path = template
            .replace('$', encodeURIComponent(a))
            .replace('$', encodeURIComponent(b))
          const method = path.endsWith('/replay') ? 'POST' : 'GET'
          const res = await t.app.request(path, { method, headers: admin })
          expect(res.status).toBeLessThan(500)
          if (res.status >= 400) await expectError(res, res.status)
          else await res.arrayBuffer()
        },
      ),
      { numRuns: 200, seed: 7 },
    )
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('answers a signed but nonsensical event without a 500 or money', async () => {
    const before = (await snapshot(t.store)).ledger_entries
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'payment_intent.succeeded',
          'charge.succeeded',
          'charge.refunded',
          'refund.created',
          'refund.updated',
          'charge.dispute.funds_withdrawn',
          'checkout.session.completed',
          'invoice.paid',
        ),
        fc.anything({ maxDepth: 2 }),
        fc.integer({ min: 1, max: 1e6 }),
        async (type, object, n) => {
          const body = JSON.stringify({ id: `evt_fuzz${n}`, type, created: 1, data: { object } })
          const res = await t.app.request('/webhooks/stripe', {
            method: 'POST',
            headers: { 'Stripe-Signature': sign(body) },
            body,
          })
          expect(res.status).toBeLessThan(500)
        },
      ),
      { numRuns: 150, seed: 42 },
    )
    expect((await snapshot(t.store)).ledger_entries).toEqual(before)
  })
})

describe('oversized bodies', () => {
  const big = (n: number) => JSON.stringify({ name: 'x'.repeat(n) })

  it('refuses admin bodies over 64 KiB and webhooks over 1 MiB with 413, declared or streamed', async () => {
    const before = await snapshot(t.store)
    await expectError(
      await t.call('PATCH', '/api/admin/campaigns/news', big(64 * 1024)),
      413,
      'payload_too_large',
    )
    // No Content-Length: the limit holds while the body is read, not only from the header.
    const chunks = new TextEncoder().encode(big(200 * 1024))
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chunks.length; i += 16 * 1024) {
          controller.enqueue(chunks.slice(i, i + 16 * 1024))
        }
        controller.close()
      },
    })
    await expectError(
      await t.app.request('/api/admin/campaigns/news', {
        method: 'PATCH',
        headers: { ...admin, 'Content-Type': 'application/json' },
        body: streamed,
        duplex: 'half',
      } as RequestInit),
      413,
    )
    const hugeEvent = big(1024 * 1024 + 1)
    await expectError(
      await t.app.request('/webhooks/stripe', {
        method: 'POST',
        headers: { 'Stripe-Signature': sign(hugeEvent) },
        body: hugeEvent,
      }),
      413,
    )
    expect(await snapshot(t.store)).toEqual(before)
  })
})

describe('hostile slugs', () => {
  const HOSTILE = [
    '../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e',
    "news' OR '1'='1",
    'news"; DROP TABLE campaigns; --',
    'news%00.csv',
    'NEWS',
    '<script>alert(1)</script>',
    'a'.repeat(300),
    'ｎｅｗｓ',
    '-news',
  ]

  it('refuses them everywhere with 400/404 and leaves every table intact', async () => {
    const before = await snapshot(t.store)
    for (const slug of HOSTILE) {
      const enc = encodeURIComponent(slug)
      for (const [method, path, body] of [
        ['GET', `/api/campaigns/${enc}/progress`, undefined],
        ['GET', `/api/campaigns/${slug}/progress`, undefined],
        ['GET', `/api/admin/campaigns/${enc}`, undefined],
        ['GET', `/api/admin/campaigns/${enc}/ledger.csv`, undefined],
        ['PATCH', `/api/admin/campaigns/${enc}`, { name: 'x' }],
        ['PUT', `/api/admin/campaigns/${enc}/months/2021-06`, { goal: 1 }],
        [
          'POST',
          `/api/admin/campaigns/${enc}/adjustments`,
          { month: '2021-06', amount: 1, reason: 'x' },
        ],
        ['POST', `/api/admin/recompute?campaign=${enc}`, undefined],
      ] as const) {
        const res = await t.call(method, path, body)
        expect([400, 404], `${method} ${path}`).toContain(res.status)
        await expectError(res, res.status)
      }
      const created = await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, slug })
      await expectError(created, 422, 'invalid_body')
    }
    expect(await snapshot(t.store)).toEqual(before)
  })
})

describe('a database that cannot take writes', () => {
  /**
   * Sends requests until one is refused; that one must have changed nothing but, for a
   * webhook, the event's own `failed` row (kept so admins see it; no money, no facts).
   */
  async function untilRefused(send: (i: number) => Promise<Response>): Promise<Response> {
    for (let i = 0; i < 500; i++) {
      const { webhook_events: eventsBefore, ...before } = await snapshot(t.store)
      const res = await send(i)
      if (res.status < 300) continue
      const { webhook_events: eventsAfter, ...after } = await snapshot(t.store)
      expect(after).toEqual(before)
      const added = (eventsAfter ?? []).slice((eventsBefore ?? []).length)
      for (const e of added) expect(e).toMatchObject({ status: 'failed' })
      return res
    }
    throw new Error('never refused')
  }

  it('answers 503 when the database is full, with no partial write, and recovers', async () => {
    // The first webhook finishes a one-time bookkeeping step (the payload scrub cursor in
    // `settings`); done here, so the comparison below sees only the refused events' own writes.
    await postEvent((p, init) => t.app.request(p, init), event('customer.created', { id: 'cus_w' }))
    const pages = await sql<{ page_count: number }>`PRAGMA page_count`.execute(t.store.db)
    const count = Number(pages.rows[0]?.page_count)
    // The cap SQLite enforces when it needs a new page: a real SQLITE_FULL, as on a full disk.
    await sql.raw(`PRAGMA max_page_count = ${count}`).execute(t.store.db)
    const full = await untilRefused((i) =>
      t.call('POST', '/api/admin/campaigns/news/adjustments', {
        month: '2021-06',
        amount: 1 + i,
        reason: `gift ${i} `.padEnd(400, '.'),
        donor: `reader-${i}`,
      }),
    )
    expect(full.headers.get('retry-after')).toBe('5')
    await expectError(full, 503, 'unavailable')
    // A webhook is refused the same way (Stripe retries), and is not half-stored.
    const events = Array.from({ length: 500 }, (_, i) =>
      event(
        'payment_intent.succeeded',
        paymentIntent(donation({ amount: 700 + i, created: unix('2021-06-10T00:00:00Z') })),
      ),
    )
    const refused = await untilRefused((i) =>
      postEvent((p, init) => t.app.request(p, init), events[i] as (typeof events)[number]),
    )
    await expectError(refused, 503, 'unavailable')
    // Reads still work.
    expect((await t.app.request('/api/campaigns/news/progress?month=2021-06')).status).toBe(200)
    // Space again: the retries go through.
    await sql.raw('PRAGMA max_page_count = 1073741823').execute(t.store.db)
    for (const e of events.slice(0, 3)) {
      expect((await postEvent((p, i) => t.app.request(p, i), e)).status).toBe(200)
    }
  })

  it('answers 503 on a read-only database file and still serves reads', async () => {
    await t.store.close()
    const ro = openSqliteStore(t.file, { readonly: true })
    try {
      const app = createApp({ store: ro, config: t.config, clock })
      const res = await app.request('/api/admin/campaigns/news/adjustments', {
        method: 'POST',
        headers: { ...admin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ month: '2021-06', amount: 5, reason: 'x' }),
      })
      await expectError(res, 503, 'unavailable')
      const read = await app.request('/api/campaigns/news/progress?month=2021-06')
      expect(await read.json()).toMatchObject({ pledged: 1000 })
    } finally {
      await ro.close()
    }
    t.store = openSqliteStore(t.file)
  })
})
