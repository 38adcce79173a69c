import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { migrate } from '../src/store/migrate.js'
import { openPostgresStore } from '../src/store/postgres.js'
import type { Store } from '../src/store/store.js'
import { compareTotals } from '../src/store/totals.js'
import { ADMIN_TOKEN, adminJson, fixedClock, newsCampaign } from './support/harness.js'

// The audit trail, CSV export and scoped recompute on PostgreSQL: the same schema files and
// the same queries as on SQLite (test-prereqs starts the local server; user postgres, trust).
const SERVER = 'postgres://postgres@127.0.0.1:5432'
const name = `supportbar_ops_${process.pid}_${Date.now()}`
let store: Store
const admin = async (sql: string) => {
  const client = new pg.Client(`${SERVER}/postgres`)
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${name}`)
  store = openPostgresStore(`${SERVER}/${name}`)
  await migrate(store, readSchemaFiles())
})
afterAll(async () => {
  await store?.close()
  await admin(`DROP DATABASE IF EXISTS ${name}`)
})

describe('operations on PostgreSQL', () => {
  it('audits in the same transaction, exports CSV and recomputes one month', async () => {
    const clock = fixedClock('2021-06-15T12:00:00Z')
    const config = parseConfig({ ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`, LOG_LEVEL: 'silent' })
    const app = createApp({ store, config, clock })
    const call = (method: string, path: string, body?: unknown, headers = {}) =>
      app.request(path, {
        method,
        headers: { ...adminJson, ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    expect((await call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const adjust = () =>
      call(
        'POST',
        '/api/admin/campaigns/news/adjustments',
        { month: '2021-06', amount: 136050, reason: '=cheques', donor: 'r1' },
        { 'Idempotency-Key': 'pg-1' },
      )
    expect((await adjust()).status).toBe(201)
    expect((await adjust()).status).toBe(200)
    expect(
      (await call('PUT', '/api/admin/campaigns/news/months/2021-06', { goal: 1 })).status,
    ).toBe(200)
    await store.db.updateTable('month_totals').set({ pledged: 5 }).execute()
    const recompute = await call('POST', '/api/admin/recompute?campaign=news&month=2021-06')
    expect(((await recompute.json()) as { differences: unknown[] }).differences).toHaveLength(1)
    expect(await compareTotals(store)).toEqual([])

    const audit = (await (await call('GET', '/api/admin/audit?campaign=news')).json()) as {
      records: { action: string; before: unknown; after: unknown }[]
    }
    expect(audit.records.map((r) => r.action)).toEqual([
      'ledger.recompute',
      'month.set',
      'ledger.adjust',
      'campaign.create',
    ])
    const csv = await (
      await call('GET', '/api/admin/campaigns/news/ledger.csv?month=2021-06')
    ).text()
    const [header, row] = csv.split('\r\n')
    expect(header?.split(',').slice(3, 8)).toEqual(['kind', 'amount', 'fee', 'net', 'currency'])
    expect(row).toContain(',adjustment,1360.50,,,USD,true,1,r1,admin,')
    expect(row).toContain(",'=cheques,admin,")
  })
})
