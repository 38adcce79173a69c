import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from '../deps.js'
import type { ReceiveWebhook } from '../stripe/receive.js'
import { WEBHOOK_BODY_LIMIT } from '../stripe/receive.js'
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

/** `POST /webhooks/stripe`: 2xx only once the event and its effect are committed. */
export function webhookRoutes(receiveWebhook: ReceiveWebhook) {
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
    return c.json(await receiveWebhook(raw, c.req.header('stripe-signature'), c.get('requestId')))
  })
  return app
}
