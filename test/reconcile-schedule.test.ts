import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { createLogger } from '../src/log.js'
import { startReconcileLoop } from '../src/node/reconcile-loop.js'
import {
  dailyAccounts,
  isDailyCron,
  nextDailyRun,
  previousUtcDay,
  runDaily,
} from '../src/reconcile/schedule.js'
import { listRuns, runDiscrepancies } from '../src/store/reconciliations.js'
import { balance } from './stripe-configs/fees.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

const unix = (iso: string) => Date.parse(iso) / 1000

describe('the daily reconciliation, decided', () => {
  it('covers the previous UTC day, whatever the hour', () => {
    const day = { from: '2027-05-10T00:00:00.000Z', to: '2027-05-11T00:00:00.000Z' }
    expect(previousUtcDay(new Date('2027-05-11T00:30:00Z'))).toEqual(day)
    expect(previousUtcDay(new Date('2027-05-11T23:59:59.999Z'))).toEqual(day)
    expect(previousUtcDay(new Date('2027-05-11T00:00:00Z'))).toEqual(day)
    expect(previousUtcDay(new Date('2027-03-01T08:00:00Z')).from).toBe('2027-02-28T00:00:00.000Z')
  })

  it('runs the platform, then each named account once', () => {
    expect(dailyAccounts([])).toEqual([null])
    expect(dailyAccounts(['acct_B', 'acct_A', 'acct_B'])).toEqual([null, 'acct_A', 'acct_B'])
  })

  it('fires at the next 00:30 UTC, and each cron firing of hour 0 only', () => {
    expect(nextDailyRun(new Date('2027-05-10T12:00:00Z')).toISOString()).toBe(
      '2027-05-11T00:30:00.000Z',
    )
    expect(nextDailyRun(new Date('2027-05-11T00:10:00Z')).toISOString()).toBe(
      '2027-05-11T00:30:00.000Z',
    )
    expect(nextDailyRun(new Date('2027-05-11T00:30:00Z')).toISOString()).toBe(
      '2027-05-12T00:30:00.000Z',
    )
    expect(isDailyCron(Date.parse('2027-05-11T00:17:00Z'))).toBe(true)
    expect(isDailyCron(Date.parse('2027-05-11T01:17:00Z'))).toBe(false)
    expect(isDailyCron(Date.parse('2027-05-10T23:17:00Z'))).toBe(false)
  })

  it('is on by default only with a Stripe key, and off when told', () => {
    const base = { DATABASE_URL: 'file:x.db' }
    const key = { STRIPE_SECRET_KEY: 'sk_test_0123456789' }
    expect(parseConfig(base).reconcileSchedule).toBe('off')
    expect(parseConfig({ ...base, ...key }).reconcileSchedule).toBe('daily')
    expect(parseConfig({ ...base, ...key, RECONCILE_SCHEDULE: 'off' }).reconcileSchedule).toBe(
      'off',
    )
    expect(() => parseConfig({ ...base, RECONCILE_SCHEDULE: 'daily' })).toThrow(
      /RECONCILE_SCHEDULE/,
    )
    expect(() => parseConfig({ ...base, ...key, RECONCILE_SCHEDULE: 'hourly' })).toThrow(
      /RECONCILE_SCHEDULE/,
    )
  })
})

/**
 * A scheduled run against the fake Stripe with a fixed clock: the previous UTC day, for the
 * platform and the connected account a campaign names, each listed with its own Stripe-Account.
 */
describe('the daily reconciliation, run', () => {
  let t: TestApp
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  const now = new Date('2027-05-11T00:30:00Z')

  beforeAll(async () => {
    fake = await startFakeStripe()
    t = await makeTestApp()
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const other = { ...newsCampaign, slug: 'local', name: 'Local', stripeAccount: 'acct_1Local' }
    expect((await t.call('POST', '/api/admin/campaigns', other)).status).toBe(201)
    const txn = (id: string, at: string) =>
      balance(id, `ch_${id}`, { amount: 1000, fee: 59, currency: 'usd', created: unix(at) })
    // The previous day's gift on the connected account is not in the ledger; the day before's
    // and today's are outside the range and never named.
    fake.books.rows.push(
      { txn: txn('txn_in', '2027-05-10T09:00:00Z'), account: 'acct_1Local' },
      { txn: txn('txn_before', '2027-05-09T23:59:59Z'), account: 'acct_1Local' },
      { txn: txn('txn_today', '2027-05-11T00:00:00Z'), account: 'acct_1Local' },
    )
  })
  afterAll(async () => {
    await t?.close()
    await fake?.close()
  })

  it('reconciles yesterday for the platform and each account, one run each', async () => {
    const before = fake.requests.length
    const results = await runDaily({ store: t.store, stripe: fake.stripe, now: () => now }, now)
    const day = { from: '2027-05-10T00:00:00.000Z', to: '2027-05-11T00:00:00.000Z' }
    expect(results.map((r) => [r.account, r.status, r.from, r.to])).toEqual([
      [null, 'done', day.from, day.to],
      ['acct_1Local', 'done', day.from, day.to],
    ])
    const lists = fake.requests
      .slice(before)
      .filter((r) => r.startsWith('GET /v1/balance_transactions'))
    expect(lists).toHaveLength(2)
    for (const l of lists) {
      expect(l).toContain(`created[gte]=${unix(day.from)}`)
      expect(l).toContain(`created[lt]=${unix(day.to)}`)
    }
    const runs = await listRuns(t.store, 10)
    expect(runs.map((r) => r.account).sort()).toEqual(['acct_1Local', null].sort())
    for (const r of runs) expect(r.scope).toEqual(day)
    const acct = runs.find((r) => r.account === 'acct_1Local')
    const platform = runs.find((r) => r.account === null)
    const named = await runDiscrepancies(t.store, acct?.id ?? '')
    expect(named.map((d) => [d.code, d.balanceTransaction])).toEqual([
      ['MISSING_IN_LEDGER', 'txn_in'],
    ])
    expect(await runDiscrepancies(t.store, platform?.id ?? '')).toEqual([])
  })

  it('runs on the Node timer when due, and not at all when off', async () => {
    const config = parseConfig({ DATABASE_URL: 'file:x.db', STRIPE_SECRET_KEY: 'sk_test_012345' })
    const log = createLogger('silent')
    const deps = { store: t.store, config, log, stripe: fake.stripe }
    const off = { ...deps, config: { ...config, reconcileSchedule: 'off' as const } }
    expect(startReconcileLoop(off)).toBeUndefined()
    expect(startReconcileLoop({ ...deps, stripe: undefined })).toBeUndefined()
    const before = (await listRuns(t.store, 100)).length
    // The clock starts 20 ms before 00:30 UTC and runs: the timer fires at once, for 2027-06-01.
    const start = Date.now()
    const clock = () => new Date(Date.parse('2027-06-02T00:29:59.980Z') + Date.now() - start)
    const loop = startReconcileLoop(deps, clock)
    expect(loop?.next.toISOString()).toBe('2027-06-02T00:30:00.000Z')
    // Both runs finished, and the timer armed again (each run is stored when it starts).
    const settled = async () =>
      (await listRuns(t.store, 100)).filter((r) => r.status !== 'running').length >= before + 2 &&
      loop?.next.toISOString() !== '2027-06-02T00:30:00.000Z'
    for (let i = 0; i < 400 && !(await settled()); i++) {
      await new Promise((r) => setTimeout(r, 25))
    }
    await loop?.stop()
    // Once a day: the next firing is the following night's.
    expect(loop?.next.toISOString()).toBe('2027-06-03T00:30:00.000Z')
    const runs = (await listRuns(t.store, 100)).slice(0, 2)
    expect((await listRuns(t.store, 100)).length).toBe(before + 2)
    for (const r of runs) {
      expect(r.scope).toEqual({ from: '2027-06-01T00:00:00.000Z', to: '2027-06-02T00:00:00.000Z' })
    }
  })
})
