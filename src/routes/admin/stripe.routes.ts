import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type Stripe from 'stripe'
import { auditOf } from '../../audit.js'
import { type AppContext, type AppEnv, requireCampaign } from '../../context.js'
import { ApiError, notFound } from '../../errors.js'
import { backfill } from '../../stripe/backfill.js'
import { moveQueries } from '../../stripe/moves.js'
import { processEvent } from '../../stripe/service.js'
import { unattributed } from '../../stripe/unattributed.js'
import { adminErrors, adminOperation, errorResponse } from '../schemas.js'
import { validationHook } from '../validation.js'
import { EntrySchema, toEntryView } from './ledger.routes.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const WebhookEvent = z
  .object({
    id: z.string(),
    type: z.string(),
    created: z.number().int(),
    livemode: z.boolean(),
    status: z.enum(['processed', 'ignored', 'failed']),
    error: z.string().nullable(),
    attempts: z.number().int(),
    receivedAt: z.string(),
    processedAt: z.string(),
  })
  .openapi('WebhookEvent')

const BackfillSummary = z
  .object({
    since: z
      .string()
      .openapi({ description: 'Start of the window asked for (clamped to 30 days)' }),
    seen: z.number().int(),
    processed: z.number().int(),
    ignored: z.number().int(),
    duplicate: z.number().int(),
    failed: z.array(z.object({ id: z.string(), type: z.string(), error: z.string() })),
  })
  .openapi('BackfillSummary')

const EventId = z
  .string()
  .regex(/^evt_[A-Za-z0-9_]{1,250}$/)
  .openapi({ param: { name: 'id', in: 'path' } })

// The shared Slug carries path-parameter metadata; a body field needs the rule without it.
const CampaignSlug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'a campaign slug')

const routes = {
  list: createRoute({
    operationId: 'listWebhookEvents',
    ...adminOperation,
    method: 'get',
    path: '/stripe/events',
    summary: 'Stored webhook events, newest first',
    request: {
      query: z.object({
        status: z.enum(['processed', 'ignored', 'failed']).optional(),
        type: z.string().max(100).optional(),
        before: z
          .string()
          .max(40)
          .optional()
          .openapi({ description: 'receivedAt of the last row seen' }),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: {
      200: json(z.object({ events: z.array(WebhookEvent) }), 'Events'),
      ...adminErrors(),
    },
  }),
  replay: createRoute({
    operationId: 'replayWebhookEvent',
    ...adminOperation,
    method: 'post',
    path: '/stripe/events/{id}/replay',
    summary: 'Run a stored event again through the webhook code path (idempotent)',
    request: { params: z.object({ id: EventId }) },
    responses: {
      200: json(WebhookEvent, 'The event after replay'),
      ...adminErrors({ notFound: 'Unknown event', body: 'none' }),
    },
  }),
  unattributed: createRoute({
    operationId: 'listUnattributed',
    ...adminOperation,
    method: 'get',
    path: '/stripe/unattributed',
    summary: 'Stripe money kept aside: no campaign, or a currency the campaign cannot add',
    responses: {
      200: json(z.object({ entries: z.array(EntrySchema) }), 'Entries'),
      ...adminErrors(),
    },
  }),
  assign: createRoute({
    operationId: 'assignUnattributed',
    ...adminOperation,
    method: 'post',
    path: '/stripe/unattributed/assign',
    summary: 'Assign a payment (and its refunds and disputes) to a campaign, once',
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                paymentRef: z.string().regex(/^(pi|ch)_[A-Za-z0-9]+$/),
                campaign: CampaignSlug,
              })
              .strict(),
          },
        },
      },
    },
    responses: {
      200: json(z.object({ entries: z.array(EntrySchema) }), 'Assignment entries'),
      ...adminErrors({
        notFound: 'Unknown campaign, or no entry with this paymentRef',
        body: 'json',
      }),
    },
  }),
  backfill: createRoute({
    operationId: 'backfillEvents',
    ...adminOperation,
    method: 'post',
    path: '/stripe/backfill',
    summary: "Replay Stripe's events since a time (at most 30 days) through the webhook path",
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({ since: z.iso.datetime({ offset: true }) }).strict(),
          },
        },
      },
    },
    responses: {
      200: json(BackfillSummary, 'What the run saw and did'),
      ...adminErrors({ body: 'json' }),
      503: errorResponse('No STRIPE_SECRET_KEY configured, or the database cannot take writes now'),
    },
  }),
}

type EventRow = {
  id: string
  type: string
  created: number
  livemode: number
  status: 'processed' | 'ignored' | 'failed'
  error: string | null
  attempts: number
  received_at: string
  processed_at: string
}

const view = (r: EventRow) => ({
  id: r.id,
  type: r.type,
  created: Number(r.created),
  livemode: Number(r.livemode) === 1,
  status: r.status,
  error: r.error,
  attempts: Number(r.attempts),
  receivedAt: r.received_at,
  processedAt: r.processed_at,
})

const COLUMNS = [
  'id',
  'type',
  'created',
  'livemode',
  'status',
  'error',
  'attempts',
  'received_at',
  'processed_at',
] as const

/** Admin routes for Stripe: webhook events, replay, unattributed money, backfill. */
export function stripeAdminRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query')
    let query = ctx.store.db.selectFrom('webhook_events').select(COLUMNS)
    if (q.status) query = query.where('status', '=', q.status)
    if (q.type) query = query.where('type', '=', q.type)
    if (q.before) query = query.where('received_at', '<', q.before)
    const rows = await query
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit)
      .execute()
    return c.json({ events: rows.map(view) }, 200)
  })

  app.openapi(routes.replay, async (c) => {
    const { id } = c.req.valid('param')
    const row = await ctx.store.db
      .selectFrom('webhook_events')
      .select(['payload', 'status', 'error'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound(`Event ${id}`)
    const before = { status: row.status, error: row.error }
    try {
      await processEvent(ctx, JSON.parse(row.payload) as Stripe.Event, {
        replay: true,
        also: (status) => [
          auditOf(ctx, c, {
            action: 'stripe.replay',
            campaign: null,
            target: id,
            before,
            after: { status },
          }),
        ],
      })
    } catch (err) {
      // The replay changed nothing but the event's failure record; still, say who tried.
      await ctx.store
        .atomic([
          auditOf(ctx, c, {
            action: 'stripe.replay',
            campaign: null,
            target: id,
            before,
            after: { status: 'failed', error: (err as Error).message },
          }),
        ])
        .catch(() => undefined)
      throw new ApiError(
        500,
        'processing_failed',
        `Replay of ${id} failed: ${(err as Error).message}`,
      )
    }
    const after = await ctx.store.db
      .selectFrom('webhook_events')
      .select(COLUMNS)
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    return c.json(view(after), 200)
  })

  app.openapi(routes.unattributed, async (c) => {
    return c.json({ entries: (await unattributed(ctx.store)).map(toEntryView) }, 200)
  })

  app.openapi(routes.assign, async (c) => {
    const body = c.req.valid('json')
    const target = await requireCampaign(ctx, body.campaign)
    const { queries, moved, oldBuckets } = await moveQueries(
      ctx,
      body.paymentRef,
      target,
      c.var.actor,
      'assigned by admin',
      null,
    )
    if (queries.length === 0 && moved.length === 0) {
      const any = await ctx.store.db
        .selectFrom('ledger_entries')
        .select('id')
        .where('payment_ref', '=', body.paymentRef)
        .executeTakeFirst()
      if (!any) throw notFound(`Payment ${body.paymentRef}`)
    }
    if (queries.length > 0) {
      const audit = auditOf(ctx, c, {
        action: 'stripe.assign',
        campaign: target.slug,
        target: body.paymentRef,
        before: { buckets: oldBuckets },
        after: { buckets: moved },
      })
      await ctx.store.atomic([...queries, audit])
    }
    for (const m of [...moved, ...oldBuckets]) ctx.changed(m.campaign, m.month)
    const rows = await ctx.store.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('payment_ref', '=', body.paymentRef)
      .where('kind', '=', 'assignment')
      .orderBy('recorded_at')
      .execute()
    return c.json({ entries: rows.map(toEntryView) }, 200)
  })

  app.openapi(routes.backfill, async (c) => {
    const { since } = c.req.valid('json')
    const result = await backfill(ctx, new Date(since))
    // Each event commits on its own (as a webhook would); the run is recorded once, after.
    await ctx.store.atomic([
      auditOf(ctx, c, {
        action: 'stripe.backfill',
        campaign: null,
        target: result.since,
        before: { since },
        after: result,
      }),
    ])
    return c.json({ ...result }, 200)
  })

  return app
}
