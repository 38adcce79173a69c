import type { Context } from 'hono'
import type { CompiledQuery } from 'kysely'
import { type AuditAction, auditQuery } from '../store/audit.js'
import type { Store } from '../store/store.js'
import type { AppEnv } from './env.js'

export interface AuditFacts {
  action: AuditAction
  campaign: string | null
  target?: string | null
  before?: unknown
  after?: unknown
}

/**
 * The statement recording an admin change made by a request: who is the token's label
 * (`c.var.actor`), never the token; the request id ties the record to the request's logs.
 * Run it in the same `store.atomic` unit as the change.
 */
export type AuditOf = (
  c: Context<AppEnv>,
  facts: AuditFacts,
  onlyIfEntryId?: string,
) => CompiledQuery

/** The audit trail of one app instance: record ids sort by time, then by creation order here. */
export function auditTrail(store: Store, now: () => Date): AuditOf {
  let seq = 0
  const newId = () => {
    seq = (seq + 1) % 1e9
    const time = now().getTime().toString().padStart(15, '0')
    const rand = crypto.randomUUID().slice(0, 8)
    return `${time}-${seq.toString().padStart(9, '0')}-${rand}`
  }
  return (c, facts, onlyIfEntryId) =>
    auditQuery(
      store,
      {
        id: newId(),
        at: now().toISOString(),
        actor: c.var.actor,
        action: facts.action,
        campaign: facts.campaign,
        target: facts.target ?? null,
        before: facts.before ?? null,
        after: facts.after ?? null,
        requestId: c.var.requestId ?? null,
      },
      onlyIfEntryId,
    )
}
