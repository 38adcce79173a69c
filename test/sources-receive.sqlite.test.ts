import { afterEach, describe, expect, it } from 'vitest'
import {
  expectError,
  expectTotalsMatchLedger,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'
import { progress, radio } from './support/paypal-rig.js'
import {
  bmcDelivery,
  bmcEvent,
  type Delivery,
  deliver,
  donorboxDelivery,
  donorboxDonation,
  githubDelivery,
  githubPing,
  kofiData,
  kofiDelivery,
  patreonDelivery,
  patreonMember,
  SECRETS,
  sourcesEnv,
  sponsorship,
} from './support/source-events.js'

/**
 * What every receive-only source shares (src/sources/receive.ts): 503 without its setting, 400
 * on a bad proof changing nothing, several secrets during a rotation, test deliveries kept and
 * ignored, the claim of a campaign, and `bySource.verified`. Sources: test/support/source-events.ts.
 */

async function app(env: Record<string, string> = sourcesEnv()) {
  const t = await makeTestApp({ env })
  for (const c of [
    { ...newsCampaign, isDefault: true },
    { ...radio, currency: 'USD' },
  ]) {
    expect((await t.call('POST', '/api/admin/campaigns', c)).status).toBe(201)
  }
  return t
}

const good = (): Record<string, Delivery> => ({
  github: githubDelivery(sponsorship('created', 'MDExOlNwb25zb3JzaGlwMQ=='), 'd-1'),
  kofi: kofiDelivery(kofiData('m-1', 'k-1', '3.00')),
  buymeacoffee: bmcDelivery(bmcEvent('donation.created', 101, 58, 5)),
  donorbox: donorboxDelivery(donorboxDonation(1, '100.0')),
  patreon: patreonDelivery(patreonMember('d485d5ac-6c82-42c6-9c08-c50cf01b73d7'), 'members:update'),
})

async function ok(t: TestApp, d: Delivery) {
  const res = await deliver(t, d)
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as { received: true; id: string; outcome: string }
}

describe('POST /webhooks/<source>: what every source shares', () => {
  let t: TestApp
  afterEach(() => t.close())

  it('answers 503 webhooks_disabled for a source without its setting, and stores nothing', async () => {
    t = await app({})
    const before = await snapshot(t.store)
    for (const [name, d] of Object.entries(good())) {
      const code = await expectError(await deliver(t, d), 503, 'webhooks_disabled')
      expect(code, name).toBe('webhooks_disabled')
    }
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('refuses a wrong or missing signature or token with 400, changing nothing', async () => {
    t = await app()
    const before = await snapshot(t.store)
    const gh = sponsorship('created', 'MDExOlNwb25zb3JzaGlwMQ==')
    const refused: [Delivery, string][] = [
      [githubDelivery(gh, 'd-1', { secret: 'not-the-secret' }), 'invalid_signature'],
      [githubDelivery(gh, 'd-1', { signature: null }), 'missing_signature'],
      [githubDelivery(gh, 'd-1', { signature: 'sha1=abc' }), 'invalid_signature'],
      [kofiDelivery(kofiData('m-1', 'k-1', '3.00', { token: 'wrong-token' })), 'invalid_signature'],
      [
        kofiDelivery({ ...kofiData('m-1', 'k-1', '3.00'), verification_token: undefined }),
        'missing_signature',
      ],
      [
        bmcDelivery(bmcEvent('donation.created', 101, 58, 5), { secret: 'nope' }),
        'invalid_signature',
      ],
      [
        bmcDelivery(bmcEvent('donation.created', 101, 58, 5), { signature: null }),
        'missing_signature',
      ],
    ]
    for (const [d, code] of refused) await expectError(await deliver(t, d), 400, code)
    // A signed body altered on the way no longer matches its signature.
    const d = good().github as Delivery
    await expectError(
      await deliver(t, { ...d, body: d.body.replace('500', '50000') }),
      400,
      'invalid_signature',
    )
    // Ko-fi without its form field is not Ko-fi's.
    await expectError(
      await deliver(t, { ...kofiDelivery({}), body: 'x=1' }),
      400,
      'invalid_payload',
    )
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('takes the old and the new secret during a rotation', async () => {
    t = await app({
      GITHUB_WEBHOOK_SECRET: `old-secret,${SECRETS.github}`,
      KOFI_VERIFICATION_TOKEN: `old-token, ${SECRETS.kofi}`,
      BMC_WEBHOOK_SECRET: `${SECRETS.buymeacoffee},old-secret`,
      DONORBOX_WEBHOOK_SECRET: `old-secret,${SECRETS.donorbox}`,
    })
    const gh = sponsorship('created', 'MDExOlNwb25zb3JzaGlwMQ==')
    expect((await ok(t, githubDelivery(gh, 'd-1', { secret: 'old-secret' }))).outcome).toBe(
      'processed',
    )
    expect((await ok(t, githubDelivery(gh, 'd-2'))).outcome).toBe('processed')
    expect(
      (await ok(t, kofiDelivery(kofiData('m-1', 'k-1', '3.00', { token: 'old-token' })))).outcome,
    ).toBe('processed')
    expect(
      await ok(t, bmcDelivery(bmcEvent('donation.created', 1, 58, 5), { secret: 'old-secret' })),
    ).toMatchObject({ outcome: 'processed' })
    const dbx = donorboxDelivery(donorboxDonation(1, '100.0'), { secret: 'old-secret' })
    expect((await ok(t, dbx)).outcome).toBe('processed')
    // Both GitHub deliveries are the same sponsorship and month: counted once.
    expect((await progress(t, 'news')).bySource.github).toEqual({
      pledged: 500,
      donations: 1,
      verified: false,
    })
  })

  it('keeps test deliveries as ignored: GitHub ping, Buy Me a Coffee live_mode false, Ko-fi Send Test', async () => {
    t = await app()
    const tests = [
      githubDelivery(githubPing(), 'ping-1', { name: 'ping' }),
      bmcDelivery(bmcEvent('donation.created', 1, 58, 5, { live: false })),
      // Ko-fi's Send Test posts its documented example (docs.christinak.ca, Ko-fi Triggers).
      kofiDelivery(
        kofiData(
          '3a1fac0c-f960-4506-a60e-824979a74e74',
          '0a1fac0c-f960-4506-a60e-824979a74e71',
          '3.00',
        ),
      ),
    ]
    for (const d of tests) expect((await ok(t, d)).outcome).toBe('ignored')
    const events = await t.store.db
      .selectFrom('webhook_events')
      .select(['id', 'status'])
      .orderBy('id')
      .execute()
    expect(events).toEqual([
      { id: 'buymeacoffee:test-1', status: 'ignored' },
      { id: 'github:ping-1', status: 'ignored' },
      { id: 'kofi:3a1fac0c-f960-4506-a60e-824979a74e74', status: 'ignored' },
    ])
    expect(await t.store.db.selectFrom('ledger_entries').selectAll().execute()).toEqual([])
  })

  it('counts money in the campaign that claims the source, else the default, and marks it unverified', async () => {
    t = await app()
    expect(
      (await t.call('PATCH', '/api/admin/campaigns/radio', { sources: ['github', 'kofi'] })).status,
    ).toBe(200)
    for (const d of Object.values(good())) expect((await ok(t, d)).outcome).toBe('processed')
    const r = await progress(t, 'radio')
    const n = await progress(t, 'news')
    expect(r).toMatchObject({ pledged: 800, donations: 2 })
    expect(n).toMatchObject({ pledged: 11000, donations: 3 })
    expect(r.bySource).toEqual({
      stripe: { pledged: 0, donations: 0, verified: true },
      paypal: { pledged: 0, donations: 0, verified: true },
      github: { pledged: 500, donations: 1, verified: false },
      kofi: { pledged: 300, donations: 1, verified: false },
      buymeacoffee: { pledged: 0, donations: 0, verified: false },
      donorbox: { pledged: 0, donations: 0, verified: true },
      patreon: { pledged: 0, donations: 0, verified: false },
      opencollective: { pledged: 0, donations: 0, verified: true },
    })
    expect(n.bySource.buymeacoffee).toEqual({ pledged: 500, donations: 1, verified: false })
    // A second claim of a source is refused; the personal fields were not stored.
    expect(
      (await t.call('PATCH', '/api/admin/campaigns/news', { sources: ['github'] })).status,
    ).toBe(409)
    const payloads = await t.store.db.selectFrom('webhook_events').select('payload').execute()
    const text = JSON.stringify(payloads)
    for (const personal of [
      'monalisa',
      'someone@example.com',
      'john@example.com',
      'John Doe',
      SECRETS.kofi,
    ]) {
      expect(text).not.toContain(personal)
    }
    await expectTotalsMatchLedger(t.store)
  })
})
