import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openMigratedStore } from '../src/node/open-store.js'
import type { Store } from '../src/store/store.js'
import { FakePaypal, makeKeyAndCert } from './support/fake-paypal.js'
import {
  ADMIN_TOKEN,
  adminJson,
  expectTotalsMatchLedger,
  newsCampaign,
  snapshot,
} from './support/harness.js'
import { captureCompleted } from './support/paypal-events.js'
import {
  CHARGEBACK_TOTALS,
  chargebacks,
  MONTH_TOTALS,
  month,
  shuffled,
} from './support/paypal-month.js'
import { createTestDatabase } from './support/postgres.js'

let fake: FakePaypal
beforeAll(async () => {
  fake = await new FakePaypal().start()
})
afterAll(() => fake.stop())

describe('PayPal on PostgreSQL: exactly once under shuffled, duplicated delivery', () => {
  let store: Store
  let app: ReturnType<typeof createApp>
  let drop: () => Promise<void>
  beforeEach(async () => {
    const database = await createTestDatabase()
    drop = database.drop
    const config = parseConfig({
      ...fake.env(),
      DATABASE_URL: database.url,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      LOG_LEVEL: 'silent',
    })
    store = await openMigratedStore(config)
    app = createApp({ store, config })
    for (const c of [
      { ...newsCampaign, isDefault: true },
      { ...newsCampaign, slug: 'radio', name: 'Radio', timezone: 'Europe/Paris' },
    ]) {
      const res = await app.request('/api/admin/campaigns', {
        method: 'POST',
        headers: adminJson,
        body: JSON.stringify(c),
      })
      expect(res.status).toBe(201)
    }
  })
  afterEach(async () => {
    await expectTotalsMatchLedger(store)
    await store.close()
    await drop()
  })

  const post = (body: string, headers = fake.sign(body)) =>
    app.request('/webhooks/paypal', { method: 'POST', headers, body })
  const progress = async (slug: string) =>
    (await (await app.request(`/api/campaigns/${slug}/progress?month=2026-11`)).json()) as Record<
      string,
      unknown
    >

  it('subtracts a chargeback told as a dispute and a reversal once, even when both arrive at once', async () => {
    const events = chargebacks()
    const all = shuffled([...events, ...events], 11)
    // Every event at once: the dispute and the reversal of one capture race for its one key.
    const answers = await Promise.all(all.map((e) => post(JSON.stringify(e))))
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200))
    expect(await progress('news')).toMatchObject(CHARGEBACK_TOTALS.news)
    expect(await progress('radio')).toMatchObject(CHARGEBACK_TOTALS.radio)
    const keys = await store.db
      .selectFrom('ledger_entries')
      .select('entry_key')
      .where('entry_key', 'like', 'paypal:chargeback:%')
      .orderBy('entry_key')
      .execute()
    expect(keys.map((r) => r.entry_key)).toEqual([
      'paypal:chargeback:C5000000000000005:withdrawal',
      'paypal:chargeback:C6000000000000006:reinstatement',
      'paypal:chargeback:C6000000000000006:withdrawal',
      'paypal:chargeback:S7000000000000007:withdrawal',
    ])
  })

  it('gives the exact totals, sequential and concurrent, and bad signatures change nothing', async () => {
    const events = month()
    const all = shuffled([...events, ...events], 7)
    // Half one by one, the rest at once: concurrent writers on PostgreSQL.
    const half = Math.floor(all.length / 2)
    for (const e of all.slice(0, half)) expect((await post(JSON.stringify(e))).status).toBe(200)
    const rest = await Promise.all(all.slice(half).map((e) => post(JSON.stringify(e))))
    expect(rest.map((r) => r.status)).toEqual(rest.map(() => 200))
    expect(await progress('news')).toMatchObject({
      ...MONTH_TOTALS.news,
      bySource: { stripe: { pledged: 0, donations: 0 }, paypal: { pledged: 3700, donations: 3 } },
    })
    expect(await progress('radio')).toMatchObject(MONTH_TOTALS.radio)

    const before = await snapshot(store)
    const body = JSON.stringify(captureCompleted('BAD0000000000001', '99.00', { customId: 'news' }))
    expect((await post(body, fake.sign(body, { key: makeKeyAndCert().key }))).status).toBe(400)
    expect(await snapshot(store)).toEqual(before)
  })
})
