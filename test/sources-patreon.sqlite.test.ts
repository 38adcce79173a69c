import { afterEach, describe, expect, it } from 'vitest'
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
import { deliver, patreonDelivery, patreonMember, sourcesEnv } from './support/source-events.js'

/**
 * Patreon (src/sources/patreon): X-Patreon-Signature (hex HMAC-MD5), a Paid charge as one
 * synthetic charge per member and month, Refunded taking it back, its campaign id mapped by the
 * claim `patreon:<id>`. Payloads: Patreon/platform-documentation _webhooks_v2.md.
 */

async function app() {
  const t = await makeTestApp({ env: sourcesEnv() })
  for (const c of [
    { ...newsCampaign, isDefault: true },
    { ...radio, currency: 'USD' },
  ]) {
    expect((await t.call('POST', '/api/admin/campaigns', c)).status).toBe(201)
  }
  return t
}

const keys = async (t: TestApp) =>
  (
    await t.store.db
      .selectFrom('ledger_entries')
      .select(['entry_key', 'amount', 'campaign'])
      .orderBy('entry_key')
      .execute()
  ).map((r) => `${r.entry_key} ${r.amount} ${r.campaign}`)

describe('Patreon', () => {
  let t: TestApp
  afterEach(() => t.close())

  it('counts one charge per member and month, once, in the campaign claiming its Patreon campaign', async () => {
    t = await app()
    expect(
      (await t.call('PATCH', '/api/admin/campaigns/radio', { sources: ['patreon:123456'] })).status,
    ).toBe(200)
    const m = 'd485d5ac-6c82-42c6-9c08-c50cf01b73d7'
    const n = '0f6a1c52-5c0e-4f3e-9c1e-1b2f5c7d9e01'
    const events = [
      // A follower pledges: the pledge fires before any charge (no money yet).
      patreonDelivery(
        patreonMember(m, { cents: null, chargeDate: null, status: null, patron: null }),
        'members:pledge:create',
      ),
      patreonDelivery(patreonMember(m), 'members:update'),
      patreonDelivery(patreonMember(m), 'members:pledge:update'),
      patreonDelivery(
        patreonMember(m, { status: 'Declined', chargeDate: '2026-12-03T10:00:00+00:00' }),
        'members:update',
      ),
      // Another Patreon campaign, claimed by none: the default.
      patreonDelivery(patreonMember(n, { cents: 1200, campaignId: '999' }), 'members:update'),
      patreonDelivery(
        patreonMember(n, { cents: 1200, campaignId: '999', status: 'Refunded' }),
        'members:update',
      ),
    ]
    for (const d of shuffled([...events, ...events], 3)) {
      const res = await deliver(t, d)
      expect(res.status, await res.clone().text()).toBe(200)
    }
    expect(await keys(t)).toEqual([
      `patreon:payment:${n}:2026-11 1200 news`,
      `patreon:payment:${m}:2026-11 500 radio`,
      `patreon:refund:${n}:2026-11 -1200 news`,
    ])
    const r = await progress(t, 'radio')
    expect(r.bySource.patreon).toEqual({ pledged: 500, donations: 1, verified: false })
    // Each active patron is a monthly supporter of the campaign its Patreon campaign maps to.
    expect(r.recurring).toEqual({ supporters: 1, monthly: 500 })
    expect((await progress(t, 'news')).recurring).toEqual({ supporters: 1, monthly: 1200 })
    expect((await progress(t, 'news')).pledged).toBe(0)
    await expectTotalsMatchLedger(t.store)
  })

  it('refuses a wrong or missing X-Patreon-Signature with 400, changing nothing', async () => {
    t = await app()
    const before = await snapshot(t.store)
    const doc = patreonMember('d485d5ac-6c82-42c6-9c08-c50cf01b73d7')
    await expectError(
      await deliver(t, patreonDelivery(doc, 'members:update', { secret: 'nope' })),
      400,
      'invalid_signature',
    )
    await expectError(
      await deliver(t, patreonDelivery(doc, 'members:update', { signature: null })),
      400,
      'missing_signature',
    )
    expect(await snapshot(t.store)).toEqual(before)
  })
})
