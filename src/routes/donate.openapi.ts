import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { EmbedOptions } from '../bar/options.js'
import type { AppEnv } from '../deps.js'
import { EmbedQuery } from './embed-query.js'
import { ErrorSchema, jsonContent, Slug } from './schemas.js'

export const DonateQuery = EmbedQuery.omit({ month: true, width: true })
export type DonateOptions = Omit<EmbedOptions, 'month' | 'width'>

export const CheckoutBody = z
  .object({
    amount: z.number().openapi({ description: 'Minor units (cents), an integer', example: 1500 }),
    interval: z.enum(['once', 'month', 'year']).default('once'),
    coverFee: z
      .boolean()
      .default(false)
      .openapi({
        description:
          "Add the campaign's fee estimate (checkout.feeCover) to the amount; ignored when the " +
          'campaign offers none',
      }),
  })
  .strict()
  .openapi('CheckoutRequest')

export const CheckoutSession = z
  .object({
    id: z.string().openapi({ example: 'cs_test_a1b2c3' }),
    url: z.string().openapi({ example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3' }),
  })
  .openapi('CheckoutSession')

export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1-200 visible ASCII characters')
  .optional()
  .openapi({ description: 'Same key, same session (kept a day); another gift with it is a 409' })

const err = (description: string) => jsonContent(ErrorSchema, description)

export const checkoutRoute = createRoute({
  method: 'post',
  path: '/api/campaigns/{slug}/checkout',
  operationId: 'createCheckoutSession',
  tags: ['public'],
  security: [],
  summary: 'Start a gift: a Stripe Checkout Session for an amount, once, monthly or yearly',
  description:
    'Answers the session id and the Checkout URL to send the reader to. Amounts are checked ' +
    "against the campaign's checkout settings before anything reaches Stripe. Sessions per " +
    'client are limited (CHECKOUT_RATE_LIMIT a minute).',
  request: {
    params: z.object({ slug: Slug }),
    headers: z.object({ 'idempotency-key': IdempotencyKey }),
    body: { required: true, content: { 'application/json': { schema: CheckoutBody } } },
  },
  responses: {
    200: jsonContent(CheckoutSession, 'The session'),
    400: err('Bad body, amount outside min/max, not an integer, or the interval not allowed'),
    404: err('Unknown campaign'),
    409: err(
      'Archived campaign, checkout not enabled for it, Idempotency-Key reused for another gift (idempotency_conflict), or a request with it still at work (idempotency_in_progress, Retry-After)',
    ),
    413: err('Body too large'),
    429: err('Too many sessions from this client (Retry-After says when to try again)'),
    502: err('Stripe failed or timed out; nothing was stored'),
    503: err('Checkout is off (no STRIPE_SECRET_KEY or PUBLIC_URL)'),
  },
})

/** The donate pages in the OpenAPI document (served by hand: their errors are pages). */
export function documentDonatePages(app: OpenAPIHono<AppEnv>): void {
  const page = (description: string) => ({
    description,
    content: { 'text/html': { schema: z.string() } },
  })
  const pageErrors = {
    400: page('Bad option or gift (the page with the error)'),
    404: page('Unknown campaign (a page saying so)'),
    409: page('Archived campaign or checkout not enabled for it (a page saying so)'),
    503: page('Checkout is off on this service (a page saying why)'),
  }
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/donate/{slug}',
    operationId: 'donatePage',
    tags: ['donate'],
    security: [],
    summary: 'The donate page: preset amounts, another amount, once or monthly (no JavaScript)',
    request: { params: z.object({ slug: Slug }), query: DonateQuery },
    responses: { 200: page('The page'), ...pageErrors },
  })
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/donate/{slug}',
    operationId: 'donateForm',
    tags: ['donate'],
    security: [],
    summary: "The donate page's form: 303 to Stripe Checkout, or the page again with the error",
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
      303: { description: 'To the Checkout page (Location)' },
      ...pageErrors,
      413: page('Form body over 8 KiB (a page saying so)'),
      429: page('Too many sessions from this client (Retry-After)'),
      502: page('Stripe failed or timed out (the page with the error)'),
    },
  })
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/donate/{slug}/thanks',
    operationId: 'donateThanks',
    tags: ['donate'],
    security: [],
    summary:
      "Stripe's success page: the amount, interval and campaign, read from the Checkout Session on the server",
    description:
      'The session named by `session_id` is retrieved from Stripe (never read from the query) ' +
      'and must be a completed session of this campaign. The live bar follows, without a ' +
      'Support button; a monthly or yearly gift links to `/manage/{slug}`.',
    request: {
      params: z.object({ slug: Slug }),
      query: DonateQuery.extend({
        session_id: z
          .string()
          .optional()
          .openapi({ description: "Stripe's `{CHECKOUT_SESSION_ID}`: `cs_test_…` or `cs_live_…`" }),
      }),
    },
    responses: {
      200: page('The page'),
      400: page(
        'Bad option, no or malformed session id, or a session not completed (a page saying so)',
      ),
      404: page('Unknown campaign, or no session of this campaign with that id (a page saying so)'),
      502: page('Stripe could not be asked (a page saying a paid gift counts all the same)'),
      503: page('The database is unavailable, or the service has no STRIPE_SECRET_KEY'),
    },
  })
}
