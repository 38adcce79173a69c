import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakePaypal, makeKeyAndCert } from './support/fake-paypal.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from './support/harness.js'
import { captureCompleted } from './support/paypal-events.js'
import { MONTH_TOTALS, month, shuffled } from './support/paypal-month.js'
import { applyLocalD1Migrations, type LocalWorker, startLocalWorker } from './support/workerd.js'

// The same verification (WebCrypto, the pure X.509 reader) and ingest under workerd with D1.
describe('PayPal on Workers + D1 (workerd)', () => {
  let fake: FakePaypal
  let w: LocalWorker
  let dir: string
  beforeAll(async () => {
    fake = await new FakePaypal().start()
    dir = mkdtempSync(join(tmpdir(), 'supportbar-d1-paypal-'))
    await applyLocalD1Migrations(dir)
    w = await startLocalWorker(dir, { ...fake.env(), ADMIN_TOKEN: `admin:${ADMIN_TOKEN}` })
    for (const c of [
      { ...newsCampaign, isDefault: true },
      { ...newsCampaign, slug: 'radio', name: 'Radio', timezone: 'Europe/Paris' },
    ]) {
      const res = await w.fetch('/api/admin/campaigns', {
        method: 'POST',
        headers: adminJson,
        body: JSON.stringify(c),
      })
      expect(res.status, await res.clone().text()).toBe(201)
    }
  }, 120_000)
  afterAll(async () => {
    await w?.close()
    await fake?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const post = (body: string, headers = fake.sign(body)) =>
    w.fetch('/webhooks/paypal', { method: 'POST', headers, body })
  const progress = async (slug: string) =>
    (await (await w.fetch(`/api/campaigns/${slug}/progress?month=2026-11`)).json()) as Record<
      string,
      unknown
    >

  it('counts the shuffled, duplicated month exactly; a bad signature changes nothing', async () => {
    const events = month()
    for (const e of shuffled([...events, ...events], 11)) {
      const res = await post(JSON.stringify(e))
      expect(res.status, await res.clone().text()).toBe(200)
    }
    expect(await progress('news')).toMatchObject({
      ...MONTH_TOTALS.news,
      bySource: { stripe: { pledged: 0, donations: 0 }, paypal: { pledged: 3700, donations: 3 } },
    })
    expect(await progress('radio')).toMatchObject(MONTH_TOTALS.radio)
    const body = JSON.stringify(captureCompleted('BAD0000000000002', '99.00', { customId: 'news' }))
    const bad = await post(body, fake.sign(body, { key: makeKeyAndCert().key }))
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_signature')
    expect(await progress('news')).toMatchObject(MONTH_TOTALS.news)
  }, 120_000)
})
