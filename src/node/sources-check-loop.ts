import type Stripe from 'stripe'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import type { ChangeFeed } from '../read/change-feed.js'
import { checkFailed, runSourcesCheck } from '../sources/backfill/check.js'
import { BACKFILL_SOURCES, configured } from '../sources/backfill/registry.js'
import type { Store } from '../store/store.js'
import { stripeIngest } from '../stripe/ingest.js'
import { startTimerLoop, type TimerLoop } from './timer-loop.js'

/** The hourly check of the platforms' APIs on Node; `stop` waits for a run under way. */
export type SourcesCheckLoop = TimerLoop

const HOUR_MS = 3600 * 1000
/** Past the hour, as the Workers' hourly cron runs on the hour: a few minutes apart from it. */
const OFFSET_MS = 10 * 60 * 1000

/** The next run after `now`: ten minutes past the next hour (UTC). */
export function nextHourlyRun(now: Date): Date {
  const hour = Math.floor((now.getTime() - OFFSET_MS) / HOUR_MS) + 1
  return new Date(hour * HOUR_MS + OFFSET_MS)
}

/**
 * Checks every platform whose API is configured once an hour (src/sources/backfill/check.ts),
 * through an ingest of its own and the instance's change feed; none when SOURCES_CHECK is off
 * or no platform's API is set. Started by the Node entry, never at import time; the timer does
 * not hold the process open.
 */
export function startSourcesCheckLoop(
  deps: { store: Store; config: Config; log: Logger; stripe: Stripe | undefined; feed: ChangeFeed },
  now: () => Date = () => new Date(),
): SourcesCheckLoop | undefined {
  const { store, config, log, feed } = deps
  if (config.sourcesCheck === 'off') return undefined
  if (!BACKFILL_SOURCES.some((s) => configured(config.sourceApis, s))) return undefined
  const ingest = stripeIngest({ store, config, stripe: deps.stripe, clock: now })
  return startTimerLoop(
    {
      nextRun: nextHourlyRun,
      work: async () => {
        const outcomes = await runSourcesCheck(
          {
            apis: config.sourceApis,
            store,
            ingest,
            changed: (b) => feed.emit({ campaign: b.campaign, month: b.month }),
          },
          now(),
        )
        const failed = outcomes.some(checkFailed)
        log[failed ? 'error' : 'info']('sources: check', { outcomes })
      },
      log,
      failure: 'sources: check failed',
    },
    now,
  )
}
