import { Resvg } from '@resvg/resvg-js'
import { move } from 'piscina'
import { resvgOptions } from './png.js'

/** One rasterising job of the PNG pool (src/node/png-pool.ts). */
export interface PngJob {
  svg: string
  widthPx: number
}

/**
 * Runs in a pool thread: the SVG rasterised with resvg, synchronously (this thread does
 * nothing else), its bytes copied into a buffer of their own and moved, not copied, back.
 */
export default function rasterise({ svg, widthPx }: PngJob) {
  const image = new Resvg(svg, resvgOptions(widthPx)).render()
  const png = new Uint8Array(image.asPng())
  return move(png.buffer)
}
