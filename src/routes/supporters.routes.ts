import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../deps.js'
import { DISPLAY_NAME_MAX } from '../domain/display-name.js'
import { ApiError } from '../errors.js'
import { openCors } from '../http/cors.js'
import { JSON_HEADERS } from '../http/header-sets.js'
import { getCampaign } from '../store/campaigns.js'
import { latestSupporters } from '../store/supporters.js'
import { errorResponses, Slug } from './schemas.js'
import { validationHook } from './validation.js'

const SupportersSchema = z
  .object({
    slug: z.string(),
    supporters: z
      .array(
        z.object({
          name: z.string().max(DISPLAY_NAME_MAX).openapi({ example: 'Ada L.' }),
        }),
      )
      .openapi({ description: 'Newest first; only donors who chose to show a name.' }),
  })
  .openapi('Supporters')

const supporters = createRoute({
  operationId: 'listSupporters',
  security: [],
  method: 'get',
  path: '/api/campaigns/{slug}/supporters',
  tags: ['public'],
  summary: 'The latest donors who agreed to show a name',
  description:
    'Display names donors typed on Stripe Checkout and explicitly agreed to show (a dropdown ' +
    `whose default is "no"). Names are cleaned (no control or bidi characters, at most ${DISPLAY_NAME_MAX} ` +
    'characters) but are text typed by the public: escape them where you render them. Nothing ' +
    'else about a donor is given. CORS is open.',
  request: {
    params: z.object({ slug: Slug }),
    query: z.object({
      limit: z.coerce.number().int().min(1).max(50).default(10).openapi({ example: 10 }),
    }),
  },
  responses: {
    200: {
      description: 'Supporters',
      content: { 'application/json': { schema: SupportersSchema } },
    },
    ...errorResponses,
  },
})

/** `GET /api/campaigns/:slug/supporters`: the opt-in donor wall. */
export function supportersRoutes(ctx: Pick<Services, 'store'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('/api/campaigns/:slug/supporters', openCors())
  app.openapi(supporters, async (c) => {
    const { slug } = c.req.valid('param')
    const { limit } = c.req.valid('query')
    if (!(await getCampaign(ctx.store, slug))) {
      throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
    }
    const list = await latestSupporters(ctx.store, slug, limit)
    for (const [k, v] of Object.entries(JSON_HEADERS)) c.header(k, v)
    return c.json({ slug, supporters: list.map((s) => ({ name: s.name })) }, 200)
  })
  return app
}
