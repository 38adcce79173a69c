import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { FakeOpenCollective, ocActivity } from './support/fake-opencollective.js'
import {
  expectError,
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'
import { shuffled } from './support/paypal-month.js'
import { progress, radio } from './support/paypal-rig.js'
import { deliver } from './support/source-events.js'

/**
 * Open Collective (src/sources/opencollective): no signature exists, so each transaction is
 * re-fetched from its GraphQL API (a fake on 127.0.0.1) and only what it confirms counts.
 */
let oc: FakeOpenCollective
beforeAll(async () => {
  oc = await new FakeOpenCollective().start()
})
afterAll(() => oc.stop())

async function app(env: Record<string, string> = oc.env()) {
  const t = await makeTestApp({ env })
  for (const c of [
    { ...newsCampaign, isDefault: true },
    { ...radio, currency: 'USD' },
  ]) {
    expect((await t.call('POST', '/api/admin/campaigns', c)).status).toBe(201)
  }
  return t
}

describe('Open Collective', () => {
  let t: TestApp
  afterEach(() => t.close())

  it("counts what the API confirms, once, in the collective's campaign; refunds from the API too", async () => {
    t = await app()
    expect(
      (await t.call('PATCH', '/api/admin/campaigns/radio', { sources: ['opencollective:webpack'] }))
        .status,
    ).toBe(200)
    oc.contribution(501, 2500)
    oc.contribution(502, 1000)
    oc.refund(503, 502, 1000)
    oc.contribution(504, 700, { slug: 'another-collective' })
    const sent = [
      ocActivity(501),
      ocActivity(502),
      ocActivity(503),
      ocActivity(504),
      ocActivity(501, 'collective.member.created'),
    ]
    for (const d of shuffled([...sent, ...sent], 9)) {
      const res = await deliver(t, d)
      expect(res.status, await res.clone().text()).toBe(200)
    }
    const r = await progress(t, 'radio')
    expect(r).toMatchObject({ pledged: 2500, donations: 2 })
    expect(r.bySource.opencollective).toEqual({ pledged: 2500, donations: 2, verified: true })
    expect((await progress(t, 'news')).pledged).toBe(700)
    await expectTotalsMatchLedger(t.store)
  })

  it('refuses what the API does not confirm (400) and answers 503 while it cannot answer, changing nothing', async () => {
    t = await app()
    const before = await snapshot(t.store)
    await expectError(await deliver(t, ocActivity(77777)), 400, 'invalid_signature')
    oc.contribution(601, 500)
    oc.fail = true
    try {
      await expectError(await deliver(t, ocActivity(601)), 503)
    } finally {
      oc.fail = false
    }
    expect(await snapshot(t.store)).toEqual(before)
    const off = await app({})
    try {
      await expectError(await deliver(off, ocActivity(601)), 503, 'webhooks_disabled')
    } finally {
      await off.close()
    }
  })
})
