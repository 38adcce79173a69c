import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../deps.js'
import { toResponse } from '../http/answer.js'
import { platformOf } from '../http/platform.js'
import { readRawBody } from '../http/raw-body.js'
import { errorResponse, jsonContent } from './schemas.js'
import { validationHook } from './validation.js'
import { answerWebhook, STRIPE_WEBHOOK_PATH } from './webhook-answer.js'

const WebhookReceipt = z
  .object({
    received: z.literal(true),
    id: z.string().openapi({ example: 'evt_1' }),
    outcome: z.enum(['processed', 'ignored', 'duplicate', 'parked']),
  })
  .openapi('WebhookReceipt')

/**
 * `POST /webhooks/stripe`: 2xx only once the event and its effect are committed. The answer,
 * errors included, is `answerWebhook`'s, as the Node webhook lane's is.
 */
export function webhookRoutes({ receiveWebhook, log }: Pick<Services, 'receiveWebhook' | 'log'>) {
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
        'Missing/invalid signature (invalid_signature, missing_signature), a timestamp more than 300 s from now either way (stale_timestamp), a body that is not an event (invalid_payload), or an event rendered for an API version older than 2024-06-20 (unsupported_api_version)',
      ),
      413: errorResponse('Body over 1 MiB'),
      500: errorResponse('Processing failed; the event is kept as failed and Stripe retries'),
      503: errorResponse(
        'STRIPE_WEBHOOK_SECRET is not configured, or the database cannot take writes now; Stripe retries',
      ),
    },
  })
  app.post(STRIPE_WEBHOOK_PATH, async (c) =>
    toResponse(
      await answerWebhook(receiveWebhook, log, {
        body: (limit) => readRawBody(c, limit),
        signature: c.req.header('stripe-signature'),
        requestId: c.get('requestId'),
        closed: () => platformOf(c)?.clientClosed() ?? false,
        keepAlive: (work) => {
          // Workers end a request's work with its answer unless told to wait; Node has no
          // execution context (Hono throws) and keeps the promise running by itself.
          try {
            c.executionCtx.waitUntil(work)
          } catch {}
        },
      }),
    ),
  )
  return app
}
