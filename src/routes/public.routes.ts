import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { cors } from 'hono/cors'
import type { AppContext, AppEnv } from '../context.js'
import { ApiError } from '../errors.js'
import { renderProgress } from '../progress.js'
import { sendRendered } from './http.js'
import { ErrorSchema, errorResponses, Month, ProgressSchema, Slug } from './schemas.js'
import { validationHook } from './validation.js'

const health = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['public'],
  summary: 'Liveness: 200 when the database answers',
  responses: {
    200: {
      description: 'Healthy',
      content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } },
    },
    503: { description: 'Database down', content: { 'application/json': { schema: ErrorSchema } } },
  },
})

const progress = createRoute({
  method: 'get',
  path: '/api/campaigns/{slug}/progress',
  tags: ['public'],
  summary: "A month's progress (current month by default)",
  description:
    'Amounts are integers in minor units, with formatted strings beside them. CORS is open; ' +
    'responses carry an ETag and answer 304 to If-None-Match.',
  request: {
    params: z.object({ slug: Slug }),
    query: z.object({ month: Month.optional() }),
  },
  responses: {
    200: { description: 'Progress', content: { 'application/json': { schema: ProgressSchema } } },
    304: { description: 'Not modified' },
    ...errorResponses,
  },
})

/** Public, unauthenticated routes: health and the progress JSON. */
export function publicRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('/api/campaigns/*', cors({ origin: '*', exposeHeaders: ['ETag'], maxAge: 86400 }))

  app.openapi(health, async (c) => {
    try {
      await ctx.store.ping()
    } catch (err) {
      throw new ApiError(503, 'unavailable', 'The database does not answer', { cause: err })
    }
    return c.json({ ok: true as const }, 200)
  })

  app.openapi(progress, async (c) => {
    const { slug } = c.req.valid('param')
    const { month } = c.req.valid('query')
    const rendered = await renderProgress(
      ctx,
      slug,
      month,
      'json',
      (p) => JSON.stringify(p),
      'application/json; charset=UTF-8',
    )
    return sendRendered(c, rendered) as never
  })

  return app
}
