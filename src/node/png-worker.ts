import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Resvg } from '@resvg/resvg-js'
import { move } from 'piscina'
import { resvgOptions } from './png.js'

/** One rasterising job of the PNG pool (src/node/png-pool.ts). */
export interface PngJob {
  svg: string
  widthPx: number
}

type Collect = (options: { type: 'minor' | 'major' }) => void

/**
 * V8's collector for this thread. resvg keeps each rendering's tree, fonts and pixels (up to
 * ~4 MB at density 2) in native memory that V8 does not see, freed only when the JS objects
 * that own them are collected; this thread makes little JS garbage, so V8 could let hundreds
 * of them pile up (RSS past 800 MB in a probe of 300 wide renderings, ~90 MB with a scavenge
 * after each). A thread cannot be started with --expose-gc (Worker refuses V8 flags in its
 * execArgv), so the flag is set here and `gc` taken from a fresh context; where that fails the
 * thread still renders, as before, and V8 collects when it will.
 */
function collector(): Collect | undefined {
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as Collect
  } catch {
    return undefined
  }
}
const collect = collector()
let pending = false

/** A scavenge once the job's objects are unreachable: its resvg objects die young. */
function collectSoon(): void {
  if (!collect || pending) return
  pending = true
  setImmediate(() => {
    pending = false
    collect({ type: 'minor' })
  })
}

/**
 * Runs in a pool thread: the SVG rasterised with resvg, synchronously (this thread does
 * nothing else), its bytes copied into a buffer of their own and moved, not copied, back;
 * then the rendering's native memory is let go (`collectSoon`).
 */
export default function rasterise({ svg, widthPx }: PngJob) {
  const image = new Resvg(svg, resvgOptions(widthPx)).render()
  const png = new Uint8Array(image.asPng())
  collectSoon()
  return move(png.buffer)
}
