import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { svgToPng } from '../src/bar/png.js'
import { CONTRACT_ENV } from './contract/target.js'
import { adminJson, newsCampaign } from './support/harness.js'
import { applyLocalD1Migrations, startLocalWorker } from './support/workerd.js'

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

/**
 * The PNG on Cloudflare Workers (workerd, local D1): resvg's WebAssembly build with bundled
 * fonts draws the same picture as the Node build does from the same SVG.
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

  it('rasterises the SVG with its options, with an ETag and 304', async () => {
    const query = 'theme=dark&width=480&density=2'
    const res = await w.fetch(`/embed/news.png?${query}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(pngSize(bytes).width).toBe(960)
    const etag = res.headers.get('etag') ?? ''
    const again = await w.fetch(`/embed/news.png?${query}`, { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    // The same picture as Node's build draws from the same SVG (fonts aside: same size).
    const svg = await (await w.fetch('/embed/news.svg?theme=dark&width=480')).text()
    const node = await svgToPng(svg, 960)
    expect(pngSize(bytes)).toEqual(pngSize(node))
    const unknown = await w.fetch('/embed/nope.png')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toBe('image/png')
  })
})
