import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../../deps.js'
import { ApiError } from '../../errors.js'
import { SourceApiError } from '../../sources/backfill/api.js'
import {
  BACKFILL_SETTINGS,
  BACKFILL_SOURCES,
  NotConfigured,
  sourceBackfill,
} from '../../sources/backfill/registry.js'
import { adminErrors, adminOperation, backfillBody, errorResponse } from '../schemas.js'
import { validationHook } from '../validation.js'

const SourceBackfillSummary = z
  .object({
    source: z.enum(BACKFILL_SOURCES),
    since: z.string().openapi({ description: 'Start of the window asked for' }),
    until: z.string(),
    seen: z
      .number()
      .int()
      .openapi({ description: 'Facts the API showed (charges, refunds, states)' }),
    processed: z.number().int(),
    ignored: z.number().int(),
    duplicate: z
      .number()
      .int()
      .openapi({ description: 'Already counted by a webhook or an earlier run: nothing changed' }),
    parked: z.number().int().openapi({ description: 'Kept until the payment they need arrives' }),
    failed: z.array(z.object({ id: z.string(), type: z.string(), error: z.string() })),
  })
  .openapi('SourceBackfillSummary')

const backfillRoute = createRoute({
  operationId: 'backfillSource',
  ...adminOperation,
  method: 'post',
  path: '/sources/{source}/backfill',
  summary:
    "Find what a platform's webhooks missed since a time, through its API (GitHub Sponsors' monthly renewals, Buy Me a Coffee's memberships, Donorbox's donations and refunds, Open Collective's transactions, Patreon's charges), with the webhook's keys",
  request: {
    params: z.object({
      source: z.enum(BACKFILL_SOURCES).openapi({ param: { name: 'source', in: 'path' } }),
    }),
    body: backfillBody,
  },
  responses: {
    200: {
      description: 'What the run saw and did',
      content: { 'application/json': { schema: SourceBackfillSummary } },
    },
    ...adminErrors({ body: 'json' }),
    502: errorResponse("The platform's API failed or refused the token"),
    503: errorResponse(
      "The platform's API is not configured (its token settings), or the database cannot take writes now",
    ),
  },
})

/** Admin routes for the receive-only platforms: the backfill through each one's API. */
export function sourcesAdminRoutes(
  ctx: Pick<Services, 'ingest' | 'now' | 'changed' | 'audit' | 'store' | 'config'>,
) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.openapi(backfillRoute, async (c) => {
    const { source } = c.req.valid('param')
    const { since } = c.req.valid('json')
    const now = ctx.now()
    if (Date.parse(since) >= now.getTime()) {
      throw new ApiError(400, 'invalid_parameter', 'since must be before now')
    }
    if (!ctx.config.sourceApis[source]) {
      throw new ApiError(
        503,
        'unavailable',
        `${source}'s API is not configured (${BACKFILL_SETTINGS[source]})`,
      )
    }
    let result: Awaited<ReturnType<typeof sourceBackfill>>
    try {
      result = await sourceBackfill(
        source,
        {
          apis: ctx.config.sourceApis,
          store: ctx.store,
          ingest: ctx.ingest,
          changed: (b) => ctx.changed(b.campaign, b.month),
        },
        { since: new Date(since), now },
      )
    } catch (err) {
      if (err instanceof SourceApiError) {
        throw new ApiError(502, 'payment_provider_error', err.message)
      }
      if (err instanceof NotConfigured) throw new ApiError(503, 'unavailable', err.message)
      throw err
    }
    // Each fact commits on its own (as a delivery would); the run is recorded once, after.
    await ctx.store.atomic([
      ctx.audit(c, {
        action: 'sources.backfill',
        campaign: null,
        target: source,
        before: { since },
        after: result,
      }),
    ])
    return c.json(result, 200)
  })
  return app
}
