import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consoleClient } from './support/console-client.js'
import { FakeOpenCollective } from './support/fake-opencollective.js'
import { FakePaypal } from './support/fake-paypal.js'
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
import { SOURCES_MONTH, sourcesMonth } from './support/sources-month.js'
import { webhookEnv } from './support/stripe-events.js'

/**
 * One campaign, one month, money from Stripe, PayPal, GitHub Sponsors, Ko-fi and Buy Me a
 * Coffee, shuffled and every delivery sent twice: the bar is the exact sum, `bySource` splits
 * it (each source marked verified or not), and the ledger's CSV adds up to the same.
 */
describe('a month of every source on one campaign (SQLite)', () => {
  let paypal: FakePaypal
  let oc: FakeOpenCollective
  let t: TestApp
  beforeAll(async () => {
    paypal = await new FakePaypal().start()
    oc = await new FakeOpenCollective().start()
    // The console's "this month" is November 2026 (signatures are still checked against now).
    t = await makeTestApp({
      env: { ...webhookEnv, ...paypal.env(), ...sourcesEnv(), ...oc.env() },
      deps: { clock: fixedClock('2026-11-25T12:00:00Z') },
    })
    // radio is the default: the sources reach news only by its claim.
    for (const c of [
      { ...newsCampaign, slug: 'radio', name: 'Radio', isDefault: true },
      { ...newsCampaign },
    ]) {
      expect((await t.call('POST', '/api/admin/campaigns', c)).status).toBe(201)
    }
    const claim = {
      sources: [
        'paypal',
        'github',
        'kofi',
        'buymeacoffee',
        'donorbox:4242',
        'patreon',
        'opencollective:webpack',
      ],
    }
    expect((await t.call('PATCH', '/api/admin/campaigns/news', claim)).status).toBe(200)
  })
  afterAll(async () => {
    await t?.close()
    await paypal?.stop()
    await oc?.stop()
  })

  it('sums every source exactly once, splits it by source, and the CSV agrees', async () => {
    const all = sourcesMonth(paypal, oc)
    for (const d of shuffled([...all, ...all], 2026)) {
      const res = await deliver(t, d)
      expect(res.status, `${d.path} ${await res.clone().text()}`).toBe(200)
    }
    const p = await progress(t, 'news')
    expect(p).toMatchObject({
      pledged: SOURCES_MONTH.pledged,
      gross: SOURCES_MONTH.pledged,
      donations: SOURCES_MONTH.donations,
    })
    expect(p.bySource).toEqual(SOURCES_MONTH.bySource)
    expect(Object.values(p.bySource).reduce((s, x) => s + x.pledged, 0)).toBe(p.pledged)
    expect((await progress(t, 'radio')).pledged).toBe(0)
    // The ledger's CSV: counted amounts (major units) add up to the bar, by source too.
    const csv = await (
      await t.call('GET', '/api/admin/campaigns/news/ledger.csv?month=2026-11')
    ).text()
    const [head, ...lines] = csv.trim().split(/\r?\n/)
    const cols = (head ?? '').split(',')
    const at = (name: string) => cols.indexOf(name)
    const bySource: Record<string, number> = {}
    for (const line of lines) {
      const cells = line.split(',')
      if (cells[at('counted')] !== 'true') continue
      // USD: two decimals always; read as digits, not through a float.
      const minor = Number((cells[at('amount')] ?? '').replace('.', ''))
      const source = cells[at('source')] ?? ''
      bySource[source] = (bySource[source] ?? 0) + minor
    }
    expect(bySource).toEqual(
      Object.fromEntries(Object.entries(SOURCES_MONTH.bySource).map(([k, v]) => [k, v.pledged])),
    )
    await expectTotalsMatchLedger(t.store)
  })

  it("shows the same split on the console's campaign page, unverified sources marked", async () => {
    const b = consoleClient(t)
    await b.signIn()
    const html = await (await b.get('/admin/campaigns/news')).text()
    const shown = [
      ...html.matchAll(/<li data-source="([a-z]+)">([^<]*)(<small> unverified<\/small>)?/g),
    ].map((m) => [m[1], m[2]?.split(':')[1]?.trim(), m[3] !== undefined])
    // The console writes whole amounts without cents (every share here is whole dollars).
    const usd = (minor: number) => `$${minor / 100}`
    expect(shown).toEqual(
      Object.entries(SOURCES_MONTH.bySource).map(([p, s]) => [
        p,
        `${usd(s.pledged)} (${s.donations} donation${s.donations === 1 ? '' : 's'})`,
        !s.verified,
      ]),
    )
  })
})
