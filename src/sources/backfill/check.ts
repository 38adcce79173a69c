import type { CompiledQuery } from 'kysely'
import { auditQuery } from '../../store/audit.js'
import type { Store } from '../../store/store.js'
import { BACKFILL_SOURCES, type BackfillContext, configured, sourceBackfill } from './registry.js'
import type { SourceBackfillResult } from './run.js'

/**
 * How far back each hourly check asks the platforms' APIs. Runs overlap, so a missed run (or
 * an hour the API could not answer) is caught by the next ones; a monthly renewal of GitHub
 * Sponsors or Buy Me a Coffee, which no webhook tells, is counted within the hour it falls in.
 */
export const SOURCES_CHECK_WINDOW_MS = 48 * 3600 * 1000

/** One platform's part of a check: its result, or why its API could not be read. */
export type CheckOutcome = SourceBackfillResult | { source: string; error: string }

/**
 * The scheduled check: every platform whose API is configured, over the last 48 hours,
 * through the one ingest. One platform's failure does not stop the others.
 */
export async function checkSources(ctx: BackfillContext, now: Date): Promise<CheckOutcome[]> {
  const since = new Date(now.getTime() - SOURCES_CHECK_WINDOW_MS)
  const out: CheckOutcome[] = []
  for (const name of BACKFILL_SOURCES) {
    if (!configured(ctx.apis, name)) continue
    try {
      out.push(await sourceBackfill(name, ctx, { since, now }))
    } catch (err) {
      out.push({ source: name, error: err instanceof Error ? err.message : String(err) })
    }
  }
  return out
}

/** True when a check's outcome is a failure (its API, or a fact it could not count). */
export const checkFailed = (o: CheckOutcome) => 'error' in o || o.failed.length > 0

/**
 * The audit record of a check that moved or missed something (admins see it in the audit log,
 * `action=sources.check`, actor `scheduler`); none for a check that found everything counted.
 */
export function checkAudit(store: Store, at: Date, outcomes: CheckOutcome[]): CompiledQuery[] {
  const worth = outcomes.some((o) => checkFailed(o) || ('processed' in o && o.processed > 0))
  if (!worth) return []
  const id = `${at.getTime().toString().padStart(15, '0')}-check-${crypto.randomUUID().slice(0, 8)}`
  return [
    auditQuery(store, {
      id,
      at: at.toISOString(),
      actor: 'scheduler',
      action: 'sources.check',
      campaign: null,
      target: null,
      before: null,
      after: outcomes,
      requestId: null,
    }),
  ]
}

/** Runs a check, records it (see checkAudit) and returns what it did. */
export async function runSourcesCheck(ctx: BackfillContext, now: Date): Promise<CheckOutcome[]> {
  const outcomes = await checkSources(ctx, now)
  const audit = checkAudit(ctx.store, now, outcomes)
  if (audit.length > 0) await ctx.store.atomic(audit)
  return outcomes
}
