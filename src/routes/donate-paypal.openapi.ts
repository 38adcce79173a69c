import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from '../deps.js'
import { CheckoutBody, CheckoutSession, DonateQuery, IdempotencyKey } from './donate.openapi.js'
import { ErrorSchema, jsonContent, Slug } from './schemas.js'

const err = (description: string) => jsonContent(ErrorSchema, description)

/** A gift through PayPal for scripts: the order's or subscription's id and its approval link. */
export const paypalRoute = createRoute({
  method: 'post',
  path: '/api/campaigns/{slug}/paypal',
  operationId: 'createPaypalGift',
  tags: ['public'],
  security: [],
  summary: 'Start a gift through PayPal: an order (once) or a subscription (monthly)',
  description:
    "Answers PayPal's id (order, or `I-…` subscription) and the URL where the reader approves " +
    "it; PayPal sends the reader back to this service's pages, which capture the order and say " +
    'thanks. The same checks, Idempotency-Key and rate limit as the card checkout ' +
    '(`POST /api/campaigns/{slug}/checkout`); yearly gifts are not taken through PayPal.',
  request: {
    params: z.object({ slug: Slug }),
    headers: z.object({ 'idempotency-key': IdempotencyKey }),
    body: { required: true, content: { 'application/json': { schema: CheckoutBody } } },
  },
  responses: {
    200: jsonContent(CheckoutSession, "PayPal's id and approval URL"),
    400: err('Bad body, amount outside min/max, not an integer, or a yearly gift'),
    404: err('Unknown campaign'),
    409: err(
      'Archived campaign, checkout not enabled for it, or the Idempotency-Key reused for another gift or still at work',
    ),
    413: err('Body too large'),
    429: err('Too many gifts from this client (Retry-After says when to try again)'),
    502: err('PayPal failed or timed out; nothing was charged'),
    503: err('PayPal giving is off (no PAYPAL_* or PUBLIC_URL)'),
  },
})

const page = (description: string) => ({
  description,
  content: { 'text/html': { schema: z.string() } },
})

/** The donate page's PayPal pages in the OpenAPI document (served by hand: errors are pages). */
export function documentPaypalPages(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/donate/{slug}/paypal',
    operationId: 'donatePaypalForm',
    tags: ['donate'],
    security: [],
    summary: "The donate page's form, to PayPal: 303 to PayPal's approval page",
    description:
      'The same fields as `POST /donate/{slug}` (the PayPal button posts the form here). Once: a ' +
      'PayPal order (Orders v2, `custom_id` the slug); monthly: a subscription on a plan for the ' +
      "amount (made on first use and kept). The same checks, rate limit and error pages as Stripe's.",
    request: {
      params: z.object({ slug: Slug }),
      query: DonateQuery,
      body: {
        content: {
          'application/x-www-form-urlencoded': {
            schema: z.object({
              amount: z.string().openapi({ description: 'A preset (minor units) or `other`' }),
              custom: z.string().optional().openapi({ description: 'Other amount, major units' }),
              interval: z.enum(['once', 'month']).optional(),
            }),
          },
        },
      },
    },
    responses: {
      303: { description: "To PayPal's approval page (Location)" },
      400: page('Bad option or gift, or a yearly gift (PayPal here: once or monthly)'),
      404: page('Unknown campaign (a page saying so)'),
      409: page('Archived campaign or checkout not enabled for it (a page saying so)'),
      413: page('Form body over 8 KiB (a page saying so)'),
      429: page('Too many gifts started from this client (Retry-After)'),
      502: page('PayPal failed or timed out; nothing was charged (the page with the error)'),
      503: page('PayPal giving is off (no PAYPAL_* or PUBLIC_URL), or the database is unavailable'),
    },
  })
  const back = (path: string, operationId: string, summary: string, name: string, about: string) =>
    app.openAPIRegistry.registerPath({
      method: 'get',
      path,
      operationId,
      tags: ['donate'],
      security: [],
      summary,
      request: {
        params: z.object({ slug: Slug }),
        query: DonateQuery.extend({
          [name]: z.string().optional().openapi({ description: about }),
        }),
      },
      responses: {
        200: page('The thank-you page'),
        400: page('Bad option, no or malformed id, or not approved on PayPal (a page saying so)'),
        404: page('Unknown campaign, or PayPal knows no such gift of this campaign'),
        502: page('PayPal could not be asked (a page saying a paid gift counts all the same)'),
        503: page('The database is unavailable, or the service has no PAYPAL_*'),
      },
    })
  back(
    '/donate/{slug}/paypal/return',
    'donatePaypalReturn',
    "PayPal's return after an order's approval: captures it (once, PayPal-Request-Id), then thanks",
    'token',
    "The order's id, as PayPal appends it",
  )
  back(
    '/donate/{slug}/paypal/subscribed',
    'donatePaypalSubscribed',
    "PayPal's return after a subscription's approval: reads it and its plan, then thanks",
    'subscription_id',
    "The subscription's id (`I-…`), as PayPal appends it",
  )
}
