import type { Logger } from '../log.js'

/** Work on a timer (the daily reconciliation, the hourly sources check); `stop` waits for a run. */
export interface TimerLoop {
  /** When the timer fires next. */
  readonly next: Date
  stop(): Promise<void>
}

/**
 * Runs `work` at each time `nextRun` gives, one run at a time: the next is armed once a run
 * ends, a failed run is logged as `failure` and the loop goes on. The timer does not hold the
 * process open; `stop` clears it and waits for a run under way.
 */
export function startTimerLoop(
  o: {
    nextRun: (now: Date) => Date
    work: () => Promise<unknown>
    log: Pick<Logger, 'error'>
    failure: string
  },
  now: () => Date,
): TimerLoop {
  let current: Promise<unknown> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let next = o.nextRun(now())
  const arm = () => {
    if (stopped) return
    next = o.nextRun(now())
    timer = setTimeout(fire, Math.max(0, next.getTime() - now().getTime()))
    timer.unref()
  }
  const fire = () => {
    current = o
      .work()
      .catch((err: unknown) => {
        o.log.error(o.failure, { error: err instanceof Error ? err.message : String(err) })
      })
      .finally(arm)
  }
  arm()
  return {
    get next() {
      return next
    },
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await current
    },
  }
}
