import { describe, expect, it } from 'vitest'
import { svgToPng } from '../src/node/png.js'
import { workerWithNews } from './support/workerd.js'

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
  const worker = workerWithNews('supportbar-png-workerd-')

  it('rasterises the SVG with its options, with an ETag and 304', async () => {
    const query = 'theme=dark&width=480&density=2'
    const res = await worker().fetch(`/embed/news.png?${query}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(pngSize(bytes).width).toBe(960)
    const etag = res.headers.get('etag') ?? ''
    const again = await worker().fetch(`/embed/news.png?${query}`, {
      headers: { 'If-None-Match': etag },
    })
    expect(again.status).toBe(304)
    // The same picture as Node's build draws from the same SVG (fonts aside: same size).
    const svg = await (await worker().fetch('/embed/news.svg?theme=dark&width=480')).text()
    const node = await svgToPng(svg, 960)
    expect(pngSize(bytes)).toEqual(pngSize(node))
    const unknown = await worker().fetch('/embed/nope.png')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toBe('image/png')
  })
})
