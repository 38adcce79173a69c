import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../../deps.js'
import { ApiError } from '../../errors.js'
import { paypalBackfill } from '../../paypal/backfill.js'
import { PaypalApiError } from '../../paypal/client.js'
import { adminErrors, adminOperation, backfillBody, errorResponse } from '../schemas.js'
import { validationHook } from '../validation.js'

const PaypalBackfillSummary = z
  .object({
    since: z
      .string()
      .openapi({ description: 'Start of the window asked for (clamped to 30 days)' }),
    until: z.string(),
    seen: z.number().int(),
    processed: z.number().int(),
    ignored: z.number().int(),
    duplicate: z.number().int(),
    parked: z.number().int().openapi({ description: 'Kept until the payment they need arrives' }),
    failed: z.array(z.object({ id: z.string(), type: z.string(), error: z.string() })),
  })
  .openapi('PaypalBackfillSummary')

const backfillRoute = createRoute({
  operationId: 'backfillPaypalEvents',
  ...adminOperation,
  method: 'post',
  path: '/paypal/backfill',
  summary:
    "Replay PayPal's webhook events since a time (at most 30 days; GET /v1/notifications/webhooks-events) through the webhook path",
  request: {
    body: backfillBody,
  },
  responses: {
    200: {
      description: 'What the run saw and did',
      content: { 'application/json': { schema: PaypalBackfillSummary } },
    },
    ...adminErrors({ body: 'json' }),
    502: errorResponse("PayPal's API failed or refused the app's credentials"),
    503: errorResponse(
      'PayPal is not configured (PAYPAL_*), or the database cannot take writes now',
    ),
  },
})

/** Admin routes for PayPal: backfill. */
export function paypalAdminRoutes(
  ctx: Pick<Services, 'paypal' | 'ingest' | 'now' | 'changed' | 'audit' | 'store' | 'config'>,
) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.openapi(backfillRoute, async (c) => {
    const { since } = c.req.valid('json')
    if (!ctx.paypal || !ctx.config.paypal) {
      throw new ApiError(503, 'unavailable', 'PayPal is not configured (PAYPAL_*)')
    }
    let result: Awaited<ReturnType<typeof paypalBackfill>>
    try {
      result = await paypalBackfill(ctx.paypal, ctx.ingest, {
        since: new Date(since),
        now: ctx.now(),
        livemode: ctx.config.paypal.livemode,
        changed: (b) => ctx.changed(b.campaign, b.month),
      })
    } catch (err) {
      if (err instanceof PaypalApiError) {
        throw new ApiError(502, 'payment_provider_error', err.message)
      }
      throw err
    }
    // Each event commits on its own (as a delivery would); the run is recorded once, after.
    await ctx.store.atomic([
      ctx.audit(c, {
        action: 'paypal.backfill',
        campaign: null,
        target: result.since,
        before: { since },
        after: result,
      }),
    ])
    return c.json(result, 200)
  })
  return app
}
