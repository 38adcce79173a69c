import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../deps.js'
import { errorAnswer } from '../errors.js'
import { jsonAnswer, toResponse } from '../http/answer.js'
import { OPEN_SECURE_HEADERS } from '../http/header-sets.js'
import { platformOf } from '../http/platform.js'
import { readRawBody } from '../http/raw-body.js'
import { paypalHeaders } from '../paypal/verify.js'
import { WEBHOOK_BODY_LIMIT } from '../stripe/receive.js'
import { errorResponse, jsonContent } from './schemas.js'
import { validationHook } from './validation.js'
import { answerWebhook, STRIPE_WEBHOOK_PATH } from './webhook-answer.js'

/** Where PayPal posts its events. */
export const PAYPAL_WEBHOOK_PATH = '/webhooks/paypal'

export const WebhookReceipt = z
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
export function webhookRoutes({
  receiveWebhook,
  receivePaypal,
  log,
}: Pick<Services, 'receiveWebhook' | 'receivePaypal' | 'log'>) {
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
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: PAYPAL_WEBHOOK_PATH,
    operationId: 'receivePaypalEvent',
    summary: 'PayPal webhook endpoint (verified offline against PAYPAL_WEBHOOK_ID)',
    description:
      "RSA-SHA256 (PAYPAL-AUTH-ALGO SHA256withRSA) over `transmissionId|transmissionTime|webhookId|crc32(raw body)` with the certificate at PAYPAL-CERT-URL (fetched only from hosts under paypal.com or PAYPAL_API_URL's, cached, valid now). Events are stored as `paypal:<event id>`; their money is keyed `paypal:<kind>:<PayPal's id>`. See docs/paypal.md for the events counted.",
    tags: ['webhooks'],
    security: [],
    request: {
      headers: z.object({
        'paypal-transmission-id': z.string(),
        'paypal-transmission-time': z.string().openapi({ example: '2026-12-07T19:00:00Z' }),
        'paypal-transmission-sig': z.string().openapi({ description: 'base64' }),
        'paypal-cert-url': z.string(),
        'paypal-auth-algo': z.string().openapi({ example: 'SHA256withRSA' }),
      }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              id: z.string().openapi({ example: 'WH-2WR32451HC0233532-67976317FL4543714' }),
              event_type: z.string().openapi({ example: 'PAYMENT.CAPTURE.COMPLETED' }),
              create_time: z.string(),
              resource: z.object({}).passthrough(),
            }),
          },
        },
      },
    },
    responses: {
      200: jsonContent(WebhookReceipt, 'Event stored with its effect (or a duplicate, or ignored)'),
      400: errorResponse(
        'Missing/invalid signature (missing_signature, invalid_signature: also a certificate URL off PayPal, a certificate not valid now, an algorithm other than SHA256withRSA), a transmission time more than 300 s from now (stale_timestamp), or a signed body that is not a PayPal event (invalid_payload; kept as rejected)',
      ),
      413: errorResponse('Body over 1 MiB'),
      500: errorResponse('Processing failed; the event is kept as failed and PayPal retries'),
      503: errorResponse(
        'PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID are not all set (webhooks_disabled), the certificate cannot be fetched now, or the database cannot take writes; PayPal retries',
      ),
    },
  })
  app.post(PAYPAL_WEBHOOK_PATH, async (c) => {
    const requestId = c.get('requestId')
    const headers = { ...OPEN_SECURE_HEADERS, 'x-request-id': requestId }
    try {
      const raw = await readRawBody(c, WEBHOOK_BODY_LIMIT)
      const receipt = await receivePaypal(
        raw,
        paypalHeaders((n) => c.req.header(n)),
        requestId,
      )
      return toResponse(jsonAnswer(200, receipt, headers))
    } catch (thrown) {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown))
      const closed = platformOf(c)?.clientClosed() ?? false
      const answer = errorAnswer(err, closed, requestId, log)
      return toResponse(jsonAnswer(answer.status, answer.body, { ...headers, ...answer.headers }))
    }
  })
  return app
}
