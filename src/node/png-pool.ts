import { Piscina } from 'piscina'
import type { Rasterize } from '../deps.js'
import { ApiError } from '../errors.js'
import type { PngJob } from './png-worker.js'

export interface PngPoolOptions {
  /** Rasterising threads (PNG_THREADS): each holds at most one rendering's native memory. */
  threads: number
  /** Renderings that may wait for a thread (PNG_QUEUE); past them, 503 with Retry-After. */
  queue: number
}

/** A rasteriser backed by a pool of threads, with its way to stop them. */
export interface PngPool {
  rasterize: Rasterize
  close(): Promise<void>
}

/** Seconds a client told "busy" waits: a queue of renderings of ~10-25 ms each is gone by then. */
const RETRY_AFTER_S = 1

const busy = () =>
  new ApiError(503, 'unavailable', 'Too many images being drawn; retry shortly', {
    headers: { 'Retry-After': String(RETRY_AFTER_S) },
  })

/**
 * PNG rasterising on a bounded pool of worker threads (piscina): at most `threads` renderings
 * at once (so resvg's native memory, which no heap flag bounds, is bounded too), at most
 * `queue` waiting, and the threads run at a lower priority (nice +10) so the main thread, which
 * answers everything else, wins the CPU. A rendering that finds the queue full is refused at
 * once with a 503 `ApiError` carrying Retry-After; `rasterize.busy()` tells before any SVG is
 * built for it. Threads start on the first PNG and stop after a minute idle.
 *
 * From the sources (tests, tsx) the thread loads the TypeScript worker through tsx.
 */
export function pngPool(options: PngPoolOptions): PngPool {
  const fromSource = import.meta.url.endsWith('.ts')
  const pool = new Piscina<PngJob, ArrayBuffer>({
    filename: new URL(`./png-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href,
    minThreads: 0,
    maxThreads: options.threads,
    maxQueue: options.queue,
    idleTimeout: 60_000,
    niceIncrement: 10,
    // Not piscina's default ('sync'), which parks a thread in Atomics.wait between tasks: its
    // event loop then never turns, and resvg's native memory, released by finalizers that node
    // runs from the event loop, piled up without bound under a flood (4 GB after 1,600 wide
    // renderings in a probe; ~120 MB with the loop turning and a scavenge after each job).
    atomics: 'disabled',
    // The JS heap a thread needs is small; resvg's memory is native and bounded by `threads`.
    resourceLimits: { maxOldGenerationSizeMb: 64 },
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  })
  const full = () => pool.queueSize >= options.queue
  const rasterize: Rasterize = async (svg, widthPx) => {
    if (full()) throw busy()
    try {
      return new Uint8Array(await pool.run({ svg, widthPx }))
    } catch (err) {
      if (err instanceof Error && /queue is at limit/i.test(err.message)) throw busy()
      throw err
    }
  }
  rasterize.busy = full
  return { rasterize, close: () => pool.destroy() }
}
