import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTRACT_ENV } from './contract/target.js'
import { adminJson, newsCampaign } from './support/harness.js'
import { applyLocalD1Migrations, startLocalWorker } from './support/workerd.js'

/**
 * The PNG on Cloudflare Workers (workerd, local D1): there is no rasteriser in the Worker, so
 * `.png` says so with a 501 and an image (an SVG) rather than JSON or a broken picture, and
 * the SVG beside it keeps working.
 */
describe('GET /embed/:slug.png on Workers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-png-workerd-'))
  let w: Awaited<ReturnType<typeof startLocalWorker>>

  beforeAll(async () => {
    await applyLocalD1Migrations(dir)
    w = await startLocalWorker(dir, CONTRACT_ENV)
    const res = await w.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify(newsCampaign),
    })
    expect(res.status).toBe(201)
  })
  afterAll(async () => {
    await w?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers 501 with an SVG that says so, and the SVG still renders', async () => {
    const png = await w.fetch('/embed/news.png?density=2')
    expect(png.status).toBe(501)
    expect(png.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(await png.text()).toContain('PNG images are not available here')
    const svg = await w.fetch('/embed/news.svg')
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
  })
})
