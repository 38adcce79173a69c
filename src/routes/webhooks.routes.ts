import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppContext, AppEnv } from '../context.js'
import { ApiError, isUnavailableError } from '../errors.js'
import type { IncomingEvent } from '../ingest/facts.js'
import { MalformedEvent, toIncoming } from '../stripe/check.js'
import { VerifyError, verifyEvent } from '../stripe/verify.js'
import { readRawBody } from './raw-body.js'
import { errorResponse, jsonContent } from './schemas.js'
import { validationHook } from './validation.js'

const WebhookReceipt = z
  .object({
    received: z.literal(true),
    id: z.string().openapi({ example: 'evt_1' }),
    outcome: z.enum(['processed', 'ignored', 'duplicate', 'parked']),
  })
  .openapi('WebhookReceipt')

/** Stripe's events are far smaller; anything larger is refused before it is read whole. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024

/** `POST /webhooks/stripe`: 2xx only once the event and its effect are committed. */
export function webhookRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/webhooks/stripe',
    operationId: 'receiveStripeEvent',
    summary: 'Stripe webhook endpoint (signed with STRIPE_WEBHOOK_SECRET)',
    tags: ['webhooks'],
    // Authenticated by the Stripe-Signature header over the raw body, not by a token.
    security: [],
    request: {
      headers: z.object({ 'stripe-signature': z.string().openapi({ example: 't=...,v1=...' }) }),
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ id: z.string(), type: z.string() }) } },
      },
    },
    responses: {
      200: jsonContent(WebhookReceipt, 'Event stored with its effect (or a duplicate, or ignored)'),
      400: errorResponse(
        'Missing/invalid signature, stale timestamp or a body that is not an event',
      ),
      413: errorResponse('Body over 1 MiB'),
      500: errorResponse('Processing failed; the event is kept as failed and Stripe retries'),
      503: errorResponse(
        'STRIPE_WEBHOOK_SECRET is not configured, or the database cannot take writes now; Stripe retries',
      ),
    },
  })
  app.post('/webhooks/stripe', async (c) => {
    const raw = await readRawBody(c, WEBHOOK_BODY_LIMIT)
    let event: IncomingEvent
    try {
      const verified = await verifyEvent(
        raw,
        c.req.header('stripe-signature'),
        ctx.config.stripeWebhookSecrets,
      )
      event = toIncoming(verified)
    } catch (err) {
      ctx.metrics.inc('supportbar_webhook_events_total', { type: 'unverified', status: 'rejected' })
      const refused = toApiError(err)
      ctx.log.warn('webhook rejected', { requestId: c.get('requestId'), code: refused.code })
      throw refused
    }
    const start = performance.now()
    const done = (status: string) => {
      const seconds = (performance.now() - start) / 1000
      // Keyed by the raw pair: the label text is built only for a pair not seen before.
      ctx.metrics.incKeyed('supportbar_webhook_events_total', `${event.type} ${status}`, () => ({
        type: event.type,
        status,
      }))
      ctx.metrics.observe('supportbar_webhook_processing_seconds', {}, seconds)
      const level = status === 'failed' ? 'error' : 'info'
      if (!ctx.log.enabled(level)) return
      const fields = {
        requestId: c.get('requestId'),
        eventId: event.id,
        type: event.type,
        outcome: status,
        ms: Math.round(seconds * 10000) / 10,
      }
      ctx.log[level]('webhook', fields)
    }
    try {
      const { outcome, changed } = await ctx.ingest.event(event)
      for (const b of changed) ctx.changed(b.campaign, b.month)
      done(outcome)
      return c.json({ received: true, id: event.id, outcome })
    } catch (err) {
      done('failed')
      // A full or read-only database is a 503 (Stripe retries either way; operators see why).
      if (err instanceof ApiError || isUnavailableError(err)) throw err
      throw new ApiError(
        500,
        'processing_failed',
        `Event ${event.id} failed: ${(err as Error).message}`,
        {
          cause: err,
        },
      )
    }
  })
  return app
}

/** Why a body was refused, as the one error shape: 503 when webhooks are off, else 400. */
function toApiError(err: unknown): ApiError {
  if (err instanceof VerifyError) {
    return new ApiError(err.code === 'webhooks_disabled' ? 503 : 400, err.code, err.message)
  }
  if (err instanceof MalformedEvent) return new ApiError(400, 'invalid_payload', err.message)
  throw err
}
