import { createRequire } from 'node:module'
import { type ResvgRenderOptions, renderAsync } from '@resvg/resvg-js'

/** The face the SVG names first (src/bar/svg-root.tsx), drawn from the npm package's files. */
export const PINNED_FAMILY = 'DejaVu Sans'

/**
 * DejaVu Sans, regular and bold, from the npm package (as on Workers): the same files on every
 * machine, so text is drawn, and drawn alike, whatever fonts the machine has.
 */
let bundledFonts: string[] | undefined
export const pinnedFontFiles = (): string[] =>
  (bundledFonts ??= ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) =>
    createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${f}`),
  ))

/** resvg's options for an output `widthPx` wide: the machine's fonts and DejaVu Sans. */
export function resvgOptions(widthPx: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'width', value: widthPx },
    font: {
      loadSystemFonts: true,
      fontFiles: pinnedFontFiles(),
      defaultFontFamily: PINNED_FAMILY,
      sansSerifFamily: PINNED_FAMILY,
    },
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
 * the SVG's aspect ratio. Text is drawn in the pinned DejaVu Sans files, the face the SVG
 * names first and the one Workers bundle, so Node and Workers draw the same letters and another
 * font installed on the server cannot change them. The machine's fonts are loaded only as a
 * fallback for characters DejaVu Sans lacks (CJK: install e.g. fonts-noto-cjk to draw them).
 */
export async function svgToPng(svg: string, widthPx: number): Promise<Uint8Array<ArrayBuffer>> {
  const image = await renderAsync(svg, resvgOptions(widthPx))
  return new Uint8Array(image.asPng())
}
