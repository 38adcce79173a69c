import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../../deps.js'
import { SLUG_PATTERN } from '../../domain/slug.js'
import { AUDIT_ACTIONS, type AuditRow, listAudit } from '../../store/audit.js'
import { adminErrors, adminOperation, jsonContent as json } from '../schemas.js'
import { validationHook } from '../validation.js'

/** The actions an audit record names, as the API documents them. */
export const AuditActions = z.enum(AUDIT_ACTIONS)

const AuditRecord = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string().openapi({ description: "The admin token's label, never the token" }),
    action: AuditActions,
    campaign: z.string().nullable(),
    target: z
      .string()
      .nullable()
      .openapi({ description: 'What changed: a slug, a month, an entry key, an event id' }),
    before: z.unknown().openapi({ description: 'State before the change, where it applies' }),
    after: z.unknown().openapi({ description: 'State after the change' }),
    requestId: z.string().nullable().openapi({ description: 'X-Request-Id, as in the logs' }),
  })
  .openapi('AuditRecord')

const AUDIT_ID = /^\d{15}-\d{9}-[0-9a-f]{8}$/

const list = createRoute({
  operationId: 'listAudit',
  ...adminOperation,
  method: 'get',
  path: '/audit',
  summary: 'The audit trail of admin changes, newest first, paginated',
  request: {
    query: z.object({
      // The slug rule without the shared Slug's path-parameter metadata (this is a query field).
      campaign: z.string().regex(SLUG_PATTERN).optional(),
      action: AuditActions.optional(),
      actor: z.string().min(1).max(100).optional(),
      since: z.iso.datetime().optional().openapi({ description: 'Records at or after (UTC)' }),
      until: z.iso.datetime().optional().openapi({ description: 'Records before (UTC)' }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: z.string().regex(AUDIT_ID, 'pass back nextCursor unchanged').optional(),
    }),
  },
  responses: {
    200: json(
      z.object({ records: z.array(AuditRecord), nextCursor: z.string().nullable() }),
      'A page of audit records',
    ),
    ...adminErrors(),
  },
})

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text))

function view(r: AuditRow): z.infer<typeof AuditRecord> {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action as z.infer<typeof AuditRecord>['action'],
    campaign: r.campaign,
    target: r.target,
    before: parse(r.before_json),
    after: parse(r.after_json),
    requestId: r.request_id,
  }
}

/** `GET /api/admin/audit`: who changed what, when, with before and after. */
export function auditRoutes(ctx: Pick<Services, 'store'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.openapi(list, async (c) => {
    const q = c.req.valid('query')
    const rows = await listAudit(ctx.store, {
      ...(q.campaign === undefined ? {} : { campaign: q.campaign }),
      ...(q.action === undefined ? {} : { action: q.action }),
      ...(q.actor === undefined ? {} : { actor: q.actor }),
      ...(q.since === undefined ? {} : { since: new Date(q.since).toISOString() }),
      ...(q.until === undefined ? {} : { until: new Date(q.until).toISOString() }),
      ...(q.cursor === undefined ? {} : { before: q.cursor }),
      limit: q.limit + 1,
    })
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    return c.json(
      { records: page.map(view), nextCursor: rows.length > q.limit && last ? last.id : null },
      200,
    )
  })
  return app
}
