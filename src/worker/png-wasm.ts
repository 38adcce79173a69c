import { initWasm, Resvg } from '@resvg/resvg-wasm'
import type { Rasterize } from '../deps.js'

/**
 * The same rasteriser as src/node/png.ts for Cloudflare Workers: resvg's WebAssembly build,
 * which has no system fonts, so the Workers entry passes the font files it bundles (DejaVu
 * Sans, regular and bold: the last named face of the SVG's font list, so text is laid out as
 * on a Linux server). The module is compiled by the runtime and instantiated on first use.
 */
export function wasmRasterizer(wasm: WebAssembly.Module, fonts: ArrayBuffer[]): Rasterize {
  let ready: Promise<void> | undefined
  const fontBuffers = fonts.map((f) => new Uint8Array(f))
  return async (svg, widthPx) => {
    ready ??= initWasm(wasm).catch((err: unknown) => {
      ready = undefined
      throw err
    })
    await ready
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'width', value: widthPx },
      font: { fontBuffers, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    })
    try {
      const image = resvg.render()
      const png = new Uint8Array(image.asPng())
      image.free()
      return png
    } finally {
      resvg.free()
    }
  }
}
