import { renderAsync } from '@resvg/resvg-js'

/**
 * Rasterises an SVG to PNG with resvg (a maintained Rust renderer shipped as prebuilt Node
 * binaries), off the main thread. Used for e-mails and link previews, where many clients show
 * no SVG. Node only: the Workers bundle never imports this file (runtime entries pass it in).
 *
 * `widthPx` is the output width in device pixels (CSS width x density); the height follows
 * the SVG's aspect ratio. Text uses the machine's fonts: the SVG's own font list ends on
 * common sans faces (DejaVu Sans, Liberation Sans) and the generic `sans-serif`.
 */
export async function svgToPng(svg: string, widthPx: number): Promise<Uint8Array<ArrayBuffer>> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'width', value: widthPx },
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans' },
    logLevel: 'off',
  })
  return new Uint8Array(image.asPng())
}
