import { createRequire } from 'node:module'
import { type ResvgRenderOptions, renderAsync } from '@resvg/resvg-js'

/** DejaVu Sans from the npm package, as on Workers: text is drawn even on a machine without fonts. */
let bundledFonts: string[] | undefined
const fontFiles = () =>
  (bundledFonts ??= ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) =>
    createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${f}`),
  ))

/** resvg's options for an output `widthPx` wide: the machine's fonts and DejaVu Sans. */
export function resvgOptions(widthPx: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'width', value: widthPx },
    font: { loadSystemFonts: true, fontFiles: fontFiles(), sansSerifFamily: 'DejaVu Sans' },
    logLevel: 'off',
  }
}

/**
 * Rasterises an SVG to PNG with resvg (a maintained Rust renderer shipped as prebuilt Node
 * binaries), off the main thread on libuv's pool, unbounded: the server uses the bounded pool of
 * src/node/png-pool.ts instead, which renders with the same options. Used for e-mails and link previews, where many clients show
 * no SVG. Node only: the Workers bundle never imports this file (runtime entries pass it in).
 *
 * `widthPx` is the output width in device pixels (CSS width x density); the height follows
 * the SVG's aspect ratio. Text uses the machine's fonts (install more for other scripts, e.g.
 * CJK) and the DejaVu Sans files of the npm package, the face the SVG's font list ends on.
 */
export async function svgToPng(svg: string, widthPx: number): Promise<Uint8Array<ArrayBuffer>> {
  const image = await renderAsync(svg, resvgOptions(widthPx))
  return new Uint8Array(image.asPng())
}
