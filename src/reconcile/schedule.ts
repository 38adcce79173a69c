import type { Logger } from '../log.js'
import { connectedAccounts } from '../store/campaigns.js'
import { type RunDeps, reconcile } from './run.js'

// The daily reconciliation: each run covers the previous UTC day, for the platform's own
// account and each connected account a campaign names. The decisions are pure; `runDaily` runs.

const DAY_MS = 86_400_000

/** When in the UTC day the Node timer runs: half an hour after midnight, once Stripe settled. */
export const DAILY_OFFSET_MS = 30 * 60_000

/** RECONCILE_SCHEDULE: `daily` runs every day, `off` never. */
export type ReconcileSchedule = 'off' | 'daily'

/** The previous UTC day of `now`: [its midnight, today's midnight). */
export function previousUtcDay(now: Date): { from: string; to: string } {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS
  return {
    from: new Date(today - DAY_MS).toISOString(),
    to: new Date(today).toISOString(),
  }
}

/** The accounts a daily run reconciles, each on its own: the platform's (null), then each named. */
export function dailyAccounts(connected: readonly string[]): (string | null)[] {
  return [null, ...[...new Set(connected)].sort()]
}

/** When the Node timer next fires after `now`: the next UTC midnight plus the offset. */
export function nextDailyRun(now: Date, offsetMs = DAILY_OFFSET_MS): Date {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS
  const at = today + offsetMs
  return new Date(at > now.getTime() ? at : at + DAY_MS)
}

/**
 * Whether a Workers cron event is the day's reconciliation: the hourly cron (wrangler.toml,
 * shared with the backfill) runs it on its first firing of the UTC day, in hour 0.
 */
export function isDailyCron(scheduledTime: number): boolean {
  return new Date(scheduledTime).getUTCHours() === 0
}

export interface DailyResult {
  account: string | null
  from: string
  to: string
  /** The run's id; absent when it could not start. */
  id?: string
  status: 'done' | 'failed'
  error?: string
}

/**
 * Reconciles the previous UTC day of `now` for every account, one after another. A failed
 * account is logged and kept (the run is stored as `failed`); the others still run.
 */
export async function runDaily(
  deps: RunDeps & { log?: Pick<Logger, 'info' | 'error'> },
  now: Date,
): Promise<DailyResult[]> {
  const scope = previousUtcDay(now)
  const out: DailyResult[] = []
  for (const account of dailyAccounts(await connectedAccounts(deps.store))) {
    try {
      const run = await reconcile(deps, { scope, account })
      out.push({ account, ...scope, id: run.id, status: 'done' })
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      deps.log?.error('reconcile: daily run failed', { account, error })
      out.push({ account, ...scope, status: 'failed', error })
    }
  }
  deps.log?.info('reconcile: daily runs', { from: scope.from, to: scope.to, runs: out.length })
  return out
}
