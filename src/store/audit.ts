import { type CompiledQuery, type Selectable, sql } from 'kysely'
import type { Store } from './store.js'
import type { AuditLogTable } from './tables.js'

/** What an admin did. One value per kind of change, stable: filters and dashboards use them. */
export const AUDIT_ACTIONS = [
  'campaign.create',
  'campaign.update',
  'campaign.logo',
  'month.set',
  'ledger.adjust',
  'ledger.reverse',
  'ledger.recompute',
  'stripe.assign',
  'stripe.replay',
  'stripe.backfill',
  'paypal.replay',
  'paypal.backfill',
  'sources.backfill',
  'sources.check',
  'reconciliation.run',
  'reconciliation.repair',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** An audit record to append. `before`/`after` are stored as JSON text. */
export interface NewAudit {
  id: string
  at: string
  /** The admin token's label (`c.var.actor`), never the token itself. */
  actor: string
  action: AuditAction
  campaign: string | null
  target: string | null
  before: unknown
  after: unknown
  requestId: string | null
}

export type AuditRow = Selectable<AuditLogTable>

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v))

/**
 * The statement that appends an audit record, to run in the same atomic unit as the change.
 * With `onlyIfEntryId`, the record is written only if that ledger entry was inserted by the
 * same unit (an idempotent retry that inserts nothing leaves no audit record either).
 */
export function auditQuery(store: Store, a: NewAudit, onlyIfEntryId?: string): CompiledQuery {
  const values = {
    id: a.id,
    at: a.at,
    actor: a.actor,
    action: a.action,
    campaign: a.campaign,
    target: a.target,
    before_json: json(a.before),
    after_json: json(a.after),
    request_id: a.requestId,
  }
  if (onlyIfEntryId === undefined) return store.db.insertInto('audit_log').values(values).compile()
  return sql`INSERT INTO audit_log
      (id, at, actor, action, campaign, target, before_json, after_json, request_id)
    SELECT ${values.id}, ${values.at}, ${values.actor}, ${values.action}, ${values.campaign},
      ${values.target}, ${values.before_json}, ${values.after_json}, ${values.request_id}
    WHERE (SELECT COUNT(*) FROM ledger_entries WHERE id = ${onlyIfEntryId}) = 1`.compile(store.db)
}

export interface AuditQuery {
  campaign?: string
  action?: AuditAction
  actor?: string
  /** Inclusive lower and exclusive upper bounds on `at` (ISO-8601 UTC). */
  since?: string
  until?: string
  /** Keyset: only records older than this id. */
  before?: string
  limit: number
}

/** A page of audit records, newest first, keyset-paginated on id (which sorts by time). */
export async function listAudit(store: Store, q: AuditQuery): Promise<AuditRow[]> {
  let query = store.db.selectFrom('audit_log').selectAll()
  if (q.campaign !== undefined) query = query.where('campaign', '=', q.campaign)
  if (q.action !== undefined) query = query.where('action', '=', q.action)
  if (q.actor !== undefined) query = query.where('actor', '=', q.actor)
  if (q.since !== undefined) query = query.where('at', '>=', q.since)
  if (q.until !== undefined) query = query.where('at', '<', q.until)
  if (q.before !== undefined) query = query.where('id', '<', q.before)
  return query.orderBy('id', 'desc').limit(q.limit).execute()
}
