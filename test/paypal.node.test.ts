import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakePaypal } from './support/fake-paypal.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from './support/harness.js'
import { captureCompleted } from './support/paypal-events.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'

// The real Node server (its own raw-body reading, the env read by the CLI entry), not app.request.
describe('POST /webhooks/paypal on the Node server', () => {
  let fake: FakePaypal
  let server: ServerProcess
  let dir: string
  beforeAll(async () => {
    fake = await new FakePaypal().start()
    dir = mkdtempSync(join(tmpdir(), 'supportbar-paypal-node-'))
    server = await startServerProcess({
      ...fake.env(),
      DATABASE_URL: `file:${join(dir, 'db.sqlite')}`,
      ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
      LOG_LEVEL: 'warn',
    })
  }, 60_000)
  afterAll(async () => {
    await server?.stop()
    await fake?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('verifies the exact bytes it was sent and counts the gift once', async () => {
    const created = await server.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify({ ...newsCampaign, isDefault: true }),
    })
    expect(created.status).toBe(201)
    // Non-ASCII and spacing as PayPal may send them: the CRC is over the raw bytes.
    const body = JSON.stringify(captureCompleted('N0DE000000000001', '21.50'), null, 1).replace(
      '(fake)',
      '(fake, café)',
    )
    for (let i = 0; i < 2; i++) {
      const res = await server.fetch('/webhooks/paypal', {
        method: 'POST',
        headers: fake.sign(body),
        body,
      })
      expect(res.status, await res.clone().text()).toBe(200)
    }
    const p = (await (
      await server.fetch('/api/campaigns/news/progress?month=2026-11')
    ).json()) as Record<string, unknown>
    expect(p).toMatchObject({ pledged: 2150, donations: 1 })
  })
})
