import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../../deps.js'
import { campaignsOfAccounts } from '../../store/campaigns.js'
import { eventReasons } from '../../store/webhook-events.js'
import { accountOfReason, SETUP_REASONS, type SetupReason, stripeMode } from '../../stripe/setup.js'
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
    ignoredAccounts: z
      .array(
        z.object({
          account: z.string().openapi({ example: 'acct_1A2b3C4d5E6f7G8h' }),
          count: z.number().int().openapi({ description: 'Events ignored' }),
          lastAt: z.string().openapi({ description: 'When the last of them came' }),
          campaigns: z.array(z.string()).openapi({
            description:
              'Campaigns that name the account now: replay its ignored events to count them (empty: still none)',
          }),
        }),
      )
      .openapi({
        description:
          'Connected accounts (Stripe Connect) whose events were ignored because no campaign named them, newest first',
      }),
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
    const byAccount = new Map<string, { account: string; count: number; lastAt: string }>()
    for (const n of notices) {
      const account = n.kind === 'unknown_account' ? accountOfReason(n.reason) : null
      if (!account) continue
      const seen = byAccount.get(account)
      if (!seen) byAccount.set(account, { account, count: n.count, lastAt: n.lastAt })
      else {
        seen.count += n.count
        if (n.lastAt > seen.lastAt) seen.lastAt = n.lastAt
      }
    }
    const named = await campaignsOfAccounts(ctx.store, [...byAccount.keys()])
    const ignoredAccounts = [...byAccount.values()]
      .sort((a, b) => b.lastAt.localeCompare(a.lastAt))
      .map((a) => ({ ...a, campaigns: named.get(a.account) ?? [] }))
    const m = stripeMode(ctx.config)
    return c.json(
      {
        mode: m.mode,
        modeSource: m.source,
        warning: m.warning,
        oldestApiVersion: m.oldestApiVersion,
        pinnedApiVersion: m.pinnedApiVersion,
        notices,
        ignoredAccounts,
      },
      200,
    )
  })
  return app
}
