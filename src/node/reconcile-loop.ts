import type Stripe from 'stripe'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import { nextDailyRun, runDaily } from '../reconcile/schedule.js'
import type { Store } from '../store/store.js'

/** The daily reconciliation on Node, on a timer; `stop` waits for a run under way. */
export interface ReconcileLoop {
  /** When the timer fires next. */
  readonly next: Date
  stop(): Promise<void>
}

/**
 * Reconciles the previous UTC day once a day, half an hour after UTC midnight
 * (src/reconcile/schedule.ts); none when RECONCILE_SCHEDULE is off or there is no Stripe client.
 * Started by the Node entry, never at import time; the timer does not hold the process open.
 */
export function startReconcileLoop(
  deps: { store: Store; config: Config; log: Logger; stripe: Stripe | undefined },
  now: () => Date = () => new Date(),
): ReconcileLoop | undefined {
  const { store, config, log, stripe } = deps
  if (config.reconcileSchedule === 'off' || !stripe) return undefined
  let current: Promise<unknown> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const loop = { next: nextDailyRun(now()) }
  const arm = () => {
    if (stopped) return
    loop.next = nextDailyRun(now())
    timer = setTimeout(fire, Math.max(0, loop.next.getTime() - now().getTime()))
    timer.unref()
  }
  const fire = () => {
    current = runDaily({ store, stripe, now, log }, now())
      .catch((err: unknown) => {
        log.error('reconcile: daily run failed', {
          error: err instanceof Error ? err.message : String(err),
        })
      })
      .finally(arm)
  }
  arm()
  return {
    get next() {
      return loop.next
    },
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await current
    },
  }
}
