import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { createLogger } from '../src/log.js'
import { nextHourlyRun, startSourcesCheckLoop } from '../src/node/sources-check-loop.js'
import { ChangeFeed } from '../src/read/change-feed.js'
import { FakeOpenCollective } from './support/fake-opencollective.js'
import { FakeSourceApis } from './support/fake-source-apis.js'
import {
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'
import { shuffled } from './support/paypal-month.js'
import { progress } from './support/paypal-rig.js'
import { deliver, sourcesEnv } from './support/source-events.js'
import {
  CHECK_AT,
  CLAIMS,
  chargeKeys,
  check,
  EARLY_CHECK_AT,
  EXPECTED,
  fillApis,
  GH_A,
  GH_B,
  NOW,
  webhooks,
} from './support/sources-backfill.js'

const SOURCES = ['github', 'buymeacoffee', 'donorbox', 'opencollective', 'patreon'] as const

/**
 * The backfill and the hourly check through each platform's API (fakes on 127.0.0.1 in the
 * shapes each documents: test/support/fake-source-apis.ts) on a SQLite file: the monthly
 * renewals no webhook tells are counted with the webhook's keys, so webhook, backfill and check
 * in any order count each charge once.
 */
describe('the platforms backfilled through their APIs (SQLite)', () => {
  let apis: FakeSourceApis
  let oc: FakeOpenCollective
  let t: TestApp
  beforeEach(async () => {
    apis = await new FakeSourceApis().start()
    oc = await new FakeOpenCollective().start()
    fillApis(apis, oc)
    t = await makeTestApp({
      env: { ...sourcesEnv(), ...oc.env(), ...apis.env() },
      deps: { clock: fixedClock(NOW) },
    })
    for (const c of [
      { ...newsCampaign, slug: 'radio', name: 'Radio', isDefault: true },
      newsCampaign,
    ]) {
      expect((await t.call('POST', '/api/admin/campaigns', c)).status).toBe(201)
    }
    expect((await t.call('PATCH', '/api/admin/campaigns/news', { sources: CLAIMS })).status).toBe(
      200,
    )
  })
  afterEach(async () => {
    await t?.close()
    await apis?.stop()
    await oc?.stop()
  })

  const backfill = (source: string, since = '2026-11-01T00:00:00Z') =>
    t.call('POST', `/api/admin/sources/${source}/backfill`, { since })
  const shares = async (month: string) =>
    Object.fromEntries(
      Object.entries((await progress(t, 'news', month)).bySource)
        .filter(([, v]) => v.pledged !== 0)
        .map(([k, v]) => [k, v.pledged]),
    )

  it("counts a GitHub sponsor's and a Buy Me a Coffee member's second month only by the hourly check", async () => {
    for (const d of webhooks()) expect((await deliver(t, d)).status).toBe(200)
    // Before the renewals (14 December) the check finds neither; webhooks told only November.
    await check(t.store, t.config, EARLY_CHECK_AT)
    expect(await chargeKeys(t.store, `github:payment:${GH_A}:%`)).toEqual([
      `github:payment:${GH_A}:2026-11`,
    ])
    expect(await chargeKeys(t.store, 'buymeacoffee:payment:membership-7:%')).toEqual([
      'buymeacoffee:payment:membership-7:2026-11',
    ])
    const outcomes = await check(t.store, t.config, CHECK_AT)
    expect(outcomes.map((o) => o.source)).toEqual(SOURCES)
    expect(await chargeKeys(t.store, `github:payment:${GH_A}:%`)).toEqual([
      `github:payment:${GH_A}:2026-11`,
      `github:payment:${GH_A}:2026-12`,
    ])
    expect(await chargeKeys(t.store, 'buymeacoffee:payment:membership-7:%')).toEqual([
      'buymeacoffee:payment:membership-7:2026-11',
      'buymeacoffee:payment:membership-7:2026-12',
    ])
    // What each check moved is kept for admins (audit log, actor scheduler); a check that
    // finds everything counted adds no record.
    const records = async () =>
      (
        (await (await t.call('GET', '/api/admin/audit?action=sources.check')).json()) as {
          records: { actor: string }[]
        }
      ).records.map((a) => a.actor)
    expect(await records()).toEqual(['scheduler', 'scheduler'])
    const again = await check(t.store, t.config, CHECK_AT)
    for (const o of again) expect(o).toMatchObject({ processed: 0, failed: [] })
    expect(await records()).toEqual(['scheduler', 'scheduler'])
    await expectTotalsMatchLedger(t.store)
  })

  it('counts every charge once after webhooks, backfills, the check and backfills again, shuffled', async () => {
    type Step = () => Promise<void>
    const steps: Step[] = [
      ...webhooks().map((d) => async () => {
        expect((await deliver(t, d)).status).toBe(200)
      }),
      ...SOURCES.map((s) => async () => {
        const res = await backfill(s)
        expect(res.status, await res.clone().text()).toBe(200)
        expect(((await res.json()) as { failed: unknown[] }).failed).toEqual([])
      }),
      async () => {
        await check(t.store, t.config, CHECK_AT)
      },
    ]
    for (const step of shuffled(steps, 2312)) await step()
    const expected = { '2026-11': await shares('2026-11'), '2026-12': await shares('2026-12') }
    expect(expected).toEqual(EXPECTED)
    // The second pass of every backfill finds everything counted.
    for (const s of SOURCES) {
      const res = await backfill(s)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ processed: 0, failed: [] })
    }
    expect({ '2026-11': await shares('2026-11'), '2026-12': await shares('2026-12') }).toEqual(
      EXPECTED,
    )
    // B was cancelled on 20 November: its one charge, no December one; refunded on the 25th.
    expect(await chargeKeys(t.store, `github:payment:${GH_B}%`)).toEqual([
      `github:payment:${GH_B}:2026-11`,
    ])
    expect(await chargeKeys(t.store, `github:refund:${GH_B}%`)).toEqual([
      `github:refund:${GH_B}:2026-11`,
    ])
    expect((await progress(t, 'radio', '2026-12')).pledged).toBe(0)
    await expectTotalsMatchLedger(t.store)
  })

  it('runs the check on the Node timer at ten past the hour, and not at all when off or unset', async () => {
    expect(nextHourlyRun(new Date('2026-12-15T00:09:59Z')).toISOString()).toBe(
      '2026-12-15T00:10:00.000Z',
    )
    expect(nextHourlyRun(new Date('2026-12-15T00:10:00Z')).toISOString()).toBe(
      '2026-12-15T01:10:00.000Z',
    )
    const deps = {
      store: t.store,
      config: t.config,
      log: createLogger('silent'),
      stripe: undefined,
      feed: new ChangeFeed(),
    }
    const off = { ...deps, config: { ...t.config, sourcesCheck: 'off' as const } }
    expect(startSourcesCheckLoop(off)).toBeUndefined()
    const unset = parseConfig({ DATABASE_URL: 'file:x.db', ...sourcesEnv() })
    expect(startSourcesCheckLoop({ ...deps, config: unset })).toBeUndefined()
    const told: string[] = []
    deps.feed.subscribe((c) => told.push(`${c.campaign} ${c.month}`))
    // The clock starts 20 ms before 00:10 on 15 December and runs: the timer fires at once.
    const start = Date.now()
    const clock = () => new Date(Date.parse('2026-12-15T00:09:59.980Z') + Date.now() - start)
    const loop = startSourcesCheckLoop(deps, clock)
    expect(loop?.next.toISOString()).toBe('2026-12-15T00:10:00.000Z')
    const counted = async () =>
      (await chargeKeys(t.store, 'buymeacoffee:payment:membership-7:%')).length > 0 &&
      loop?.next.toISOString() === '2026-12-15T01:10:00.000Z'
    for (let i = 0; i < 400 && !(await counted()); i++) {
      await new Promise((r) => setTimeout(r, 25))
    }
    await loop?.stop()
    expect(await chargeKeys(t.store, `github:payment:${GH_A}:%`)).toEqual([
      `github:payment:${GH_A}:2026-12`,
    ])
    expect(await chargeKeys(t.store, 'buymeacoffee:payment:membership-7:%')).toEqual([
      'buymeacoffee:payment:membership-7:2026-12',
    ])
    // Caches and live streams hear of the months it moved.
    expect(told).toContain('news 2026-12')
  })

  it('finds a Donorbox refund its webhook did not tell, and the next level once', async () => {
    const [first] = webhooks().filter((d) => d.path === '/webhooks/donorbox')
    if (!first) throw new Error('no Donorbox delivery')
    expect((await deliver(t, first)).status).toBe(200)
    expect((await shares('2026-12')).donorbox).toBe(4000)
    expect((await backfill('donorbox')).status).toBe(200)
    expect((await shares('2026-12')).donorbox).toBe(5000)
    // Donorbox now reports 25 of donation 1 refunded: the 15 more, once.
    const d = apis.donations[0] as Record<string, unknown>
    d.amount_refunded = '25.0'
    for (let i = 0; i < 2; i++) expect((await backfill('donorbox')).status).toBe(200)
    expect((await shares('2026-12')).donorbox).toBe(3500)
    expect(await chargeKeys(t.store, 'donorbox:refund:1:%')).toEqual([
      'donorbox:refund:1:1000',
      'donorbox:refund:1:2500',
    ])
    await expectTotalsMatchLedger(t.store)
  })

  it("reads an organization's sponsorships when GITHUB_SPONSORS_LOGIN names it", async () => {
    const env = { ...sourcesEnv(), ...apis.env() }
    for (const [login, status] of [
      [apis.login, 200],
      ['someone-else', 502],
    ] as const) {
      const org = await makeTestApp({
        env: { ...env, GITHUB_SPONSORS_LOGIN: login },
        deps: { clock: fixedClock(NOW) },
      })
      try {
        const res = await org.call('POST', '/api/admin/sources/github/backfill', {
          since: '2026-11-01T00:00:00Z',
        })
        expect(res.status, login).toBe(status)
        // A, B and C: 2 + 1 + 1 charges, B's refund and 2 states, in the default campaign.
        if (status === 200) expect(await res.json()).toMatchObject({ seen: 7, processed: 7 })
      } finally {
        await org.close()
      }
    }
  })

  it('answers 400 to a bad source or time, 502 when the API fails, 503 without its token', async () => {
    expect((await backfill('kofi')).status).toBe(400)
    expect((await backfill('github', '2027-01-01T00:00:00Z')).status).toBe(400)
    expect((await backfill('github', 'yesterday')).status).toBe(422)
    apis.fail = true
    const failed = await backfill('github')
    expect(failed.status).toBe(502)
    expect(await failed.json()).toMatchObject({ error: { code: 'payment_provider_error' } })
    const bare = await makeTestApp({ env: sourcesEnv() })
    try {
      const off = await bare.call('POST', '/api/admin/sources/buymeacoffee/backfill', {
        since: '2026-11-01T00:00:00Z',
      })
      expect(off.status).toBe(503)
      expect(await off.text()).toContain('BMC_API_TOKEN')
    } finally {
      await bare.close()
    }
    expect(await chargeKeys(t.store, '%')).toEqual([])
  })
})
