import { OpenAPIHono, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import type Stripe from 'stripe'
import type { AppContext, AppEnv } from '../context.js'
import { ApiError, isUnavailableError } from '../errors.js'
import { processEvent } from '../stripe/service.js'
import { errorResponse, jsonContent } from './schemas.js'
import { validationHook } from './validation.js'

const WebhookReceipt = z
  .object({
    received: z.literal(true),
    id: z.string().openapi({ example: 'evt_1' }),
    outcome: z.enum(['processed', 'ignored', 'duplicate']),
  })
  .openapi('WebhookReceipt')

/** Stripe's events are far smaller; anything larger is refused before it is read whole. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024

/**
 * Verifies the signature on the exact raw body against each configured secret (several during
 * rotation) and tells apart the causes, so an operator can see why Stripe's posts are refused.
 */
/**
 * The stripe package, loaded on the first webhook: it is a fifth of the process's memory,
 * which an instance that only serves the bar never needs.
 */
let stripeModule: Promise<typeof import('stripe')> | undefined
async function stripeWebhooks() {
  stripeModule ??= import('stripe')
  return (await stripeModule).default.webhooks
}

export async function verifyEvent(
  raw: string,
  header: string | undefined,
  secrets: string[],
): Promise<Stripe.Event> {
  if (secrets.length === 0) {
    throw new ApiError(503, 'webhooks_disabled', 'STRIPE_WEBHOOK_SECRET is not configured')
  }
  if (!header) throw new ApiError(400, 'missing_signature', 'Missing Stripe-Signature header')
  let stale = false
  const webhooks = await stripeWebhooks()
  for (const secret of secrets) {
    try {
      // No provider given: the stripe package picks its platform's own (node:crypto on Node,
      // SubtleCrypto on Workers through its workerd export), and the async API works on both.
      return await webhooks.constructEventAsync(raw, header, secret)
    } catch (err) {
      if (err instanceof SyntaxError) {
        throw new ApiError(400, 'invalid_payload', 'Signed body is not JSON')
      }
      if (/tolerance/i.test((err as Error).message)) stale = true
      else if (/Unable to extract/i.test((err as Error).message)) {
        throw new ApiError(400, 'invalid_signature', 'Malformed Stripe-Signature header')
      }
    }
  }
  if (stale) {
    throw new ApiError(400, 'stale_timestamp', 'Signature timestamp outside the tolerance zone')
  }
  throw new ApiError(400, 'invalid_signature', 'No signature matches any configured secret')
}

/** `POST /webhooks/stripe`: 2xx only once the event and its effect are committed. */
export function webhookRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use(
    '/webhooks/*',
    bodyLimit({
      maxSize: WEBHOOK_BODY_LIMIT,
      onError: () => {
        throw new ApiError(
          413,
          'payload_too_large',
          `Request body over ${WEBHOOK_BODY_LIMIT} bytes`,
        )
      },
    }),
  )
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
    const raw = await c.req.text()
    let event: Stripe.Event
    try {
      event = await verifyEvent(
        raw,
        c.req.header('stripe-signature'),
        ctx.config.stripeWebhookSecrets,
      )
      if (typeof event.id !== 'string' || typeof event.type !== 'string') {
        throw new ApiError(400, 'invalid_payload', 'Signed body is not a Stripe event')
      }
    } catch (err) {
      ctx.metrics.inc('supportbar_webhook_events_total', { type: 'unverified', status: 'rejected' })
      ctx.log.warn('webhook rejected', {
        requestId: c.var.requestId,
        code: err instanceof ApiError ? err.code : 'internal',
      })
      throw err
    }
    const start = performance.now()
    const done = (status: string) => {
      const seconds = (performance.now() - start) / 1000
      ctx.metrics.inc('supportbar_webhook_events_total', { type: event.type, status })
      ctx.metrics.observe('supportbar_webhook_processing_seconds', {}, seconds)
      const fields = {
        requestId: c.var.requestId,
        eventId: event.id,
        type: event.type,
        outcome: status,
        ms: Math.round(seconds * 10000) / 10,
      }
      if (status === 'failed') ctx.log.error('webhook', fields)
      else ctx.log.info('webhook', fields)
    }
    try {
      const outcome = await processEvent(ctx, event)
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
