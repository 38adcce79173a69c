import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../../deps.js'
import { eventReasons } from '../../store/webhook-events.js'
import { SETUP_REASONS, type SetupReason, stripeMode } from '../../stripe/setup.js'
import { adminErrors, adminOperation } from '../schemas.js'
import { validationHook } from '../validation.js'

const StripeSetup = z
  .object({
    mode: z.enum(['live', 'test', 'both']).openapi({
      description: 'Events of which mode count; the other mode is recorded as ignored',
    }),
    modeSource: z.enum(['setting', 'key', 'none']).openapi({
      description: 'STRIPE_LIVEMODE, the STRIPE_SECRET_KEY prefix, or neither (both count)',
    }),
    warning: z.string().nullable(),
    oldestApiVersion: z.string().openapi({ example: '2024-06-20' }),
    pinnedApiVersion: z.string().openapi({ example: '2026-10-28.endive' }),
    notices: z.array(
      z.object({
        kind: z.enum(['other_mode', 'unsupported_api_version', 'unknown_account']),
        status: z.enum(['ignored', 'rejected']),
        reason: z.string(),
        count: z.number().int(),
        lastAt: z.string(),
      }),
    ),
  })
  .openapi('StripeSetup')

const route = createRoute({
  operationId: 'getStripeSetup',
  ...adminOperation,
  method: 'get',
  path: '/stripe/setup',
  summary:
    'Which Stripe mode counts, the API versions supported, and events ignored or refused for their mode, API version or connected account',
  responses: {
    200: { description: 'Setup', content: { 'application/json': { schema: StripeSetup } } },
    ...adminErrors(),
  },
})

/** `GET /api/admin/stripe/setup`: what the console's Stripe page shows about the configuration. */
export function stripeSetupRoutes(ctx: Pick<Services, 'store' | 'config'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.openapi(route, async (c) => {
    const kinds = Object.entries(SETUP_REASONS) as [SetupReason, string][]
    const rows = await eventReasons(
      ctx.store,
      kinds.map(([, p]) => p),
    )
    const like = (pattern: string, text: string) =>
      text.startsWith(pattern.slice(0, pattern.indexOf('%')))
    const notices = rows.flatMap((r) => {
      const kind = kinds.find(([, p]) => like(p, r.error))?.[0]
      if (!kind || (r.status !== 'ignored' && r.status !== 'rejected')) return []
      return [{ kind, status: r.status, reason: r.error, count: r.count, lastAt: r.lastAt }]
    })
    const m = stripeMode(ctx.config)
    return c.json(
      {
        mode: m.mode,
        modeSource: m.source,
        warning: m.warning,
        oldestApiVersion: m.oldestApiVersion,
        pinnedApiVersion: m.pinnedApiVersion,
        notices,
      },
      200,
    )
  })
  return app
}
