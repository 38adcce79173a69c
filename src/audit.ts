import type { Context } from 'hono'
import type { CompiledQuery } from 'kysely'
import type { AppContext, AppEnv } from './context.js'
import { type AuditAction, auditQuery } from './store/audit.js'

export interface AuditFacts {
  action: AuditAction
  campaign: string | null
  target?: string | null
  before?: unknown
  after?: unknown
}

/**
 * The statement recording an admin change made by this request: who is the token's label
 * (`c.var.actor`), never the token; the request id ties the record to the request's logs.
 * Run it in the same `store.atomic` unit as the change.
 */
export function auditOf(
  ctx: AppContext,
  c: Context<AppEnv>,
  facts: AuditFacts,
  onlyIfEntryId?: string,
): CompiledQuery {
  return auditQuery(
    ctx.store,
    {
      id: ctx.auditId(),
      at: ctx.now().toISOString(),
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
