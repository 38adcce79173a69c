import type Stripe from 'stripe'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import { nextDailyRun, runDaily } from '../reconcile/schedule.js'
import type { Store } from '../store/store.js'
import { startTimerLoop, type TimerLoop } from './timer-loop.js'

/** The daily reconciliation on Node, on a timer; `stop` waits for a run under way. */
export type ReconcileLoop = TimerLoop

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
  return startTimerLoop(
    {
      nextRun: (at) => nextDailyRun(at),
      work: () => runDaily({ store, stripe, now, log }, now()),
      log,
      failure: 'reconcile: daily run failed',
    },
    now,
  )
}
