import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type Stripe from 'stripe'
import type { AppEnv, Services } from '../../deps.js'
import { SLUG_PATTERN } from '../../domain/slug.js'
import { ApiError, notFound } from '../../errors.js'
import { IngestError } from '../../ingest/errors.js'
import { isPaypalEventId, toPaypalIncoming } from '../../paypal/incoming.js'
import { connectedAccounts } from '../../store/campaigns.js'
import { paymentEntries, unattributed } from '../../store/ledger.js'
import {
  getEvent,
  getEventPayload,
  listEvents,
  type WebhookEventRow,
} from '../../store/webhook-events.js'
import { backfill } from '../../stripe/backfill.js'
import { MalformedEvent, toIncoming } from '../../stripe/incoming.js'
import { adminErrors, adminOperation, backfillBody, errorResponse } from '../schemas.js'
import { validationHook } from '../validation.js'
import { EntrySchema, toEntryView } from './ledger.routes.js'
import { requireCampaign } from './require-campaign.js'

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
    status: z.enum(['processed', 'ignored', 'failed', 'rejected']),
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
    accounts: z.array(z.string()).openapi({
      description:
        "Connected accounts (Stripe Connect) campaigns name, whose events were listed besides the platform's own",
    }),
    seen: z.number().int(),
    processed: z.number().int(),
    ignored: z.number().int(),
    duplicate: z.number().int(),
    parked: z.number().int().openapi({ description: 'Kept until the payment they need arrives' }),
    failed: z.array(z.object({ id: z.string(), type: z.string(), error: z.string() })),
  })
  .openapi('BackfillSummary')

const EventId = z
  .string()
  .regex(/^(evt_[A-Za-z0-9_]{1,250}|paypal:[A-Za-z0-9-]{1,240})$/)
  .openapi({
    param: { name: 'id', in: 'path' },
    description: 'A Stripe event (`evt_…`) or a PayPal one as stored (`paypal:WH-…`)',
  })

// The shared Slug carries path-parameter metadata; a body field needs the rule without it.
const CampaignSlug = z.string().regex(SLUG_PATTERN, 'a campaign slug')

const routes = {
  list: createRoute({
    operationId: 'listWebhookEvents',
    ...adminOperation,
    method: 'get',
    path: '/stripe/events',
    summary: 'Stored webhook events, newest first',
    request: {
      query: z.object({
        status: z.enum(['processed', 'ignored', 'failed', 'rejected']).optional(),
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
    summary:
      "Providers' money kept aside (Stripe's, PayPal's): no campaign, or a currency the campaign cannot add",
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
      409: errorResponse(
        'The payment came from another Stripe account than the campaign counts (Connect): money stays in its account',
      ),
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
    summary:
      "Replay Stripe's events since a time (at most 30 days) through the webhook path: the platform's own, and those of every connected account a campaign names",
    request: {
      body: backfillBody,
    },
    responses: {
      200: json(BackfillSummary, 'What the run saw and did'),
      ...adminErrors({ body: 'json' }),
      503: errorResponse('No STRIPE_SECRET_KEY configured, or the database cannot take writes now'),
    },
  }),
}

const view = (r: WebhookEventRow) => ({
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

/** Admin routes for Stripe: webhook events, replay, unattributed money, backfill. */
export function stripeAdminRoutes(
  ctx: Pick<Services, 'store' | 'now' | 'changed' | 'audit' | 'ingest' | 'stripe' | 'config'>,
) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query')
    return c.json({ events: (await listEvents(ctx.store, q)).map(view) }, 200)
  })

  app.openapi(routes.replay, async (c) => {
    const { id } = c.req.valid('param')
    const row = await getEventPayload(ctx.store, id)
    if (!row) throw notFound(`Event ${id}`)
    const before = { status: row.status, error: row.error }
    // A PayPal event (stored as paypal:<id>) replays through PayPal's own mapping.
    const paypal = isPaypalEventId(id)
    const action = paypal ? 'paypal.replay' : 'stripe.replay'
    const audit = (after: unknown) =>
      ctx.audit(c, { action, campaign: null, target: id, before, after })
    try {
      const event = paypal
        ? toPaypalIncoming(JSON.parse(row.payload), ctx.config.paypal?.livemode ?? false)
        : toIncoming(JSON.parse(row.payload) as Stripe.Event)
      const { changed } = await ctx.ingest.event(event, {
        replay: true,
        also: (status) => [audit({ status })],
      })
      for (const b of changed) ctx.changed(b.campaign, b.month)
    } catch (err) {
      // The replay changed nothing but the event's failure record; still, say who tried.
      const message = (err as Error).message
      await ctx.store.atomic([audit({ status: 'failed', error: message })]).catch(() => undefined)
      if (err instanceof MalformedEvent) throw new ApiError(400, 'invalid_payload', message)
      throw new ApiError(500, 'processing_failed', `Replay of ${id} failed: ${message}`)
    }
    const after = await getEvent(ctx.store, id)
    if (!after) throw notFound(`Event ${id}`)
    return c.json(view(after), 200)
  })

  app.openapi(routes.unattributed, async (c) => {
    return c.json({ entries: (await unattributed(ctx.store)).map(toEntryView) }, 200)
  })

  app.openapi(routes.assign, async (c) => {
    const body = c.req.valid('json')
    const target = await requireCampaign(ctx.store, body.campaign)
    try {
      const { changed } = await ctx.ingest.assign(
        body.paymentRef,
        target.slug,
        c.var.actor,
        ({ before, after }) => [
          ctx.audit(c, {
            action: 'stripe.assign',
            campaign: target.slug,
            target: body.paymentRef,
            before: { buckets: before },
            after: { buckets: after },
          }),
        ],
      )
      for (const b of changed) ctx.changed(b.campaign, b.month)
    } catch (err) {
      if (err instanceof IngestError && err.reason === 'unknown_payment') {
        throw notFound(`Payment ${body.paymentRef}`)
      }
      if (err instanceof IngestError && err.reason === 'other_account') {
        throw new ApiError(409, 'conflict', err.message)
      }
      throw err
    }
    const rows = await paymentEntries(ctx.store, body.paymentRef, 'assignment')
    return c.json({ entries: rows.map(toEntryView) }, 200)
  })

  app.openapi(routes.backfill, async (c) => {
    const { since } = c.req.valid('json')
    let result: Awaited<ReturnType<typeof backfill>>
    try {
      result = await backfill(ctx.stripe, ctx.ingest, {
        since: new Date(since),
        now: ctx.now(),
        accounts: await connectedAccounts(ctx.store),
        changed: (b) => ctx.changed(b.campaign, b.month),
      })
    } catch (err) {
      if (err instanceof IngestError && err.reason === 'no_stripe_client') {
        throw new ApiError(503, 'unavailable', err.message)
      }
      throw err
    }
    // Each event commits on its own (as a webhook would); the run is recorded once, after.
    await ctx.store.atomic([
      ctx.audit(c, {
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
