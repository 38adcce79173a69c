import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../../deps.js'
import { ApiError } from '../../errors.js'
import { reverseEntry } from '../../store/reversal.js'
import {
  adminErrors,
  adminOperation,
  errorResponse,
  jsonContent as json,
  Slug,
} from '../schemas.js'
import { validationHook } from '../validation.js'
import { EntrySchema, toEntryView } from './ledger.routes.js'
import { requireCampaign } from './require-campaign.js'

const Reversal = z
  .object({
    reason: z.string().trim().min(1).max(500).openapi({
      description: 'Why, kept as the note of the counter-entry and in the audit trail',
      example: 'Entered twice',
    }),
  })
  .strict()
  .openapi('Reversal')

const reverse = createRoute({
  operationId: 'reverseEntry',
  ...adminOperation,
  method: 'post',
  path: '/campaigns/{slug}/ledger/{entryId}/reverse',
  summary:
    'Reverse a ledger entry: a counter-entry of the opposite amount in its month (the entry stays)',
  request: {
    params: z.object({
      slug: Slug,
      entryId: z.string().min(1).max(100).openapi({ description: "The entry's `id`" }),
    }),
    body: { required: true, content: { 'application/json': { schema: Reversal } } },
  },
  responses: {
    201: json(EntrySchema, 'The counter-entry (kind `reversal`, key `reverse:<entry key>`)'),
    ...adminErrors({ notFound: 'Unknown campaign, or no such entry in it', body: 'json' }),
    409: errorResponse('The entry is a reversal itself, or is already reversed'),
  },
})

/** Admin route that reverses one ledger entry, once, audited. */
export function reversalRoutes(ctx: Pick<Services, 'store' | 'now' | 'changed' | 'audit'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(reverse, async (c) => {
    const { slug, entryId } = c.req.valid('param')
    const campaign = await requireCampaign(ctx.store, slug)
    const { reason } = c.req.valid('json')
    const outcome = await reverseEntry(ctx.store, {
      campaign: campaign.slug,
      entryId,
      reason,
      actor: c.var.actor,
      now: ctx.now().toISOString(),
      audit: (id, original) =>
        ctx.audit(
          c,
          {
            action: 'ledger.reverse',
            campaign: campaign.slug,
            target: original.entry_key,
            before: {
              entryId: original.id,
              month: original.month,
              amount: Number(original.amount),
            },
            after: { month: original.month, amount: -Number(original.amount), reason, entryId: id },
          },
          id,
        ),
    })
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') {
        throw new ApiError(404, 'not_found', `No entry "${entryId}" in campaign "${slug}"`)
      }
      if (outcome.reason === 'is_reversal') {
        throw new ApiError(409, 'conflict', 'This entry is a reversal: it cannot be reversed')
      }
      throw new ApiError(
        409,
        'conflict',
        `This entry is already reversed (entry ${outcome.reversal.id})`,
      )
    }
    if (outcome.entry.month) ctx.changed(campaign.slug, outcome.entry.month)
    return c.json(toEntryView(outcome.entry), 201)
  })

  return app
}
