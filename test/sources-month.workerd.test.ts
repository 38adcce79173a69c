import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeOpenCollective } from './support/fake-opencollective.js'
import { FakePaypal } from './support/fake-paypal.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from './support/harness.js'
import { shuffled } from './support/paypal-month.js'
import { bmcDelivery, bmcEvent, sourcesEnv } from './support/source-events.js'
import { SOURCES_MONTH, sourcesMonth } from './support/sources-month.js'
import { webhookEnv } from './support/stripe-events.js'
import { applyLocalD1Migrations, type LocalWorker, startLocalWorker } from './support/workerd.js'

// The month of every source (test/sources-month.sqlite.test.ts) under workerd with D1: the
// sources' HMACs through Web Crypto, their claims through D1's campaigns branch.
describe('a month of every source on one campaign (Workers + D1)', () => {
  let paypal: FakePaypal
  let oc: FakeOpenCollective
  let w: LocalWorker
  let dir: string
  beforeAll(async () => {
    paypal = await new FakePaypal().start()
    oc = await new FakeOpenCollective().start()
    dir = mkdtempSync(join(tmpdir(), 'supportbar-d1-sources-'))
    await applyLocalD1Migrations(dir)
    w = await startLocalWorker(dir, {
      ...webhookEnv,
      ...paypal.env(),
      ...sourcesEnv(),
      ...oc.env(),
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
    })
    const call = (method: string, path: string, body: unknown) =>
      w.fetch(path, { method, headers: adminJson, body: JSON.stringify(body) })
    for (const c of [
      { ...newsCampaign, slug: 'radio', name: 'Radio', isDefault: true },
      newsCampaign,
    ]) {
      const res = await call('POST', '/api/admin/campaigns', c)
      expect(res.status, await res.clone().text()).toBe(201)
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
    expect((await call('PATCH', '/api/admin/campaigns/news', claim)).status).toBe(200)
  }, 120_000)
  afterAll(async () => {
    await w?.close()
    await paypal?.stop()
    await oc?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sums every source exactly once; a bad signature changes nothing', async () => {
    const all = sourcesMonth(paypal, oc)
    for (const d of shuffled([...all, ...all], 2028)) {
      const res = await w.fetch(d.path, { method: 'POST', headers: d.headers, body: d.body })
      expect(res.status, `${d.path} ${await res.clone().text()}`).toBe(200)
    }
    const progress = async () =>
      (await (await w.fetch('/api/campaigns/news/progress?month=2026-11')).json()) as Record<
        string,
        unknown
      >
    const p = await progress()
    expect(p).toMatchObject({ pledged: SOURCES_MONTH.pledged, donations: SOURCES_MONTH.donations })
    expect(p.bySource).toEqual(SOURCES_MONTH.bySource)
    const bad = bmcDelivery(bmcEvent('donation.created', 99, 99, 500), { secret: 'not-ours' })
    const res = await w.fetch(bad.path, { method: 'POST', headers: bad.headers, body: bad.body })
    expect(res.status).toBe(400)
    expect(await progress()).toMatchObject({ pledged: SOURCES_MONTH.pledged })
  }, 120_000)
})
