import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { renderHistorySvg } from '../bar/history-svg.js'
import { moneyFormat } from '../bar/options.js'
import { renderSvgNotFound } from '../bar/svg.js'
import type { AppEnv, Services } from '../deps.js'
import { buildHistory } from '../domain/history.js'
import { messagesFor } from '../domain/messages/index.js'
import { monthOf } from '../domain/months.js'
import { ApiError } from '../errors.js'
import { openCors } from '../http/cors.js'
import { JSON_HEADERS, SVG_HEADERS } from '../http/header-sets.js'
import { sendRendered } from '../http/rendered.js'
import { etagOf } from '../read/render-cache.js'
import { listMonths } from '../store/campaign-months.js'
import { getCampaign } from '../store/campaigns.js'
import { EmbedQuery } from './embed-query.js'
import { ErrorSchema, Slug, serverErrorResponses, textResponse } from './schemas.js'
import { parseParameters, validationHook } from './validation.js'

/** Options of the history: how many months back, and the image's display options. */
export const HistoryQuery = EmbedQuery.pick({
  locale: true,
  theme: true,
  accent: true,
  currencyDisplay: true,
  width: true,
}).extend({
  months: z.coerce.number().int().min(1).max(36).default(12).openapi({ example: 12 }),
})

export const HistorySchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    currency: z.string(),
    locale: z.string(),
    months: z.array(
      z.object({
        month: z.string().openapi({ example: '2021-06' }),
        label: z.string().nullable(),
        goal: z.number().int(),
        pledged: z.number().int(),
        donors: z.number().int(),
        percent: z.number().nullable(),
        formatted: z.object({ goal: z.string(), pledged: z.string(), month: z.string() }),
      }),
    ),
  })
  .openapi('History')

type Kind = 'json' | 'svg'

/**
 * Raised against goal per month: `GET /api/campaigns/:slug/history?months=12` (JSON) and
 * `/embed/:slug/history.svg` (a small chart). Cached like the bar: rendered once per change
 * of the campaign (and per minute, for the current month's rollover).
 */
export function historyRoutes(ctx: Pick<Services, 'store' | 'now' | 'reader'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('/api/campaigns/:slug/history', openCors())
  app.use('/embed/:slug/history.svg', openCors())
  app.get('/api/campaigns/:slug/history', (c) => history(c, 'json'))
  app.get('/embed/:slug/history.svg', (c) => history(c, 'svg'))

  async function history(c: Context<AppEnv>, kind: Kind): Promise<Response> {
    const contentType =
      kind === 'svg' ? 'image/svg+xml; charset=UTF-8' : 'application/json; charset=UTF-8'
    const headers = kind === 'svg' ? SVG_HEADERS : JSON_HEADERS
    let slug: string
    let q: z.output<typeof HistoryQuery>
    try {
      slug = parseParameters(Slug, c.req.param('slug'), 'path')
      q = parseParameters(HistoryQuery, c.req.query(), 'query')
    } catch (err) {
      // An image asked for gets an image, never JSON inside a publisher's page.
      if (kind === 'json' || !(err instanceof ApiError)) throw err
      return problem(c, 400, renderSvgNotFound(err.message), contentType, headers)
    }
    const now = ctx.now()
    const key = `history|${kind}|${q.months}|${q.locale ?? ''}|${q.theme}|${q.accent ?? ''}|${q.currencyDisplay}|${q.width ?? ''}|${Math.floor(now.getTime() / 60_000)}`
    try {
      const r = await ctx.reader.cache.get(slug, key, async () => {
        const campaign = await getCampaign(ctx.store, slug)
        if (!campaign) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
        const months = await listMonths(ctx.store, slug, campaign.defaultGoal)
        // The history draws what the bar draws: gross, or net when the campaign says so.
        const rows =
          campaign.barAmount === 'net' ? months.map((m) => ({ ...m, pledged: m.net })) : months
        const h = buildHistory(
          campaign,
          rows,
          monthOf(now, campaign.timezone),
          q.months,
          moneyFormat(q),
        )
        const body = kind === 'svg' ? renderHistorySvg(h, q) : JSON.stringify(h)
        return { body, etag: await etagOf(body), contentType }
      })
      return sendRendered(c, r, headers)
    } catch (err) {
      if (kind === 'json' || !(err instanceof ApiError) || err.status !== 404) throw err
      const msg = messagesFor(q.locale ?? 'en')
      const body = renderSvgNotFound(
        msg.text('notFound', { slug }),
        q.width,
        q.theme,
        q.accent,
        msg.lang,
      )
      return problem(c, 404, body, contentType, headers)
    }
  }

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/campaigns/{slug}/history',
    operationId: 'getHistory',
    security: [],
    tags: ['public'],
    summary: 'Raised against goal for the last N months (current month last)',
    request: {
      params: z.object({ slug: Slug }),
      query: HistoryQuery.pick({ months: true, locale: true, currencyDisplay: true }),
    },
    responses: {
      200: { description: 'History', content: { 'application/json': { schema: HistorySchema } } },
      304: { description: 'Not modified' },
      400: { description: 'Bad option', content: { 'application/json': { schema: ErrorSchema } } },
      404: {
        description: 'No such campaign',
        content: { 'application/json': { schema: ErrorSchema } },
      },
      ...serverErrorResponses,
    },
  })
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/embed/{slug}/history.svg',
    operationId: 'getHistorySvg',
    security: [],
    tags: ['embed'],
    summary: 'A small chart of raised against goal per month, as an SVG image',
    request: { params: z.object({ slug: Slug }), query: HistoryQuery },
    responses: {
      200: { description: 'The image', content: { 'image/svg+xml': { schema: z.string() } } },
      304: { description: 'Not modified' },
      400: textResponse('Bad option (an error image)', 'image/svg+xml'),
      404: textResponse('No such campaign (an image saying so)', 'image/svg+xml'),
      ...serverErrorResponses,
    },
  })
  return app
}

function problem(
  c: Context<AppEnv>,
  status: 400 | 404,
  body: string,
  contentType: string,
  headers: Record<string, string>,
): Response {
  return c.body(body, status, {
    'X-Request-Id': c.var.requestId,
    ...headers,
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
  })
}
