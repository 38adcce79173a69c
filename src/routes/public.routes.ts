import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import { moneyFormat } from '../bar/options.js'
import type { AppEnv, Services } from '../deps.js'
import { boundedMemo } from '../domain/memo.js'
import { ApiError } from '../errors.js'
import { clientAddress } from '../http/client-address.js'
import { openCors } from '../http/cors.js'
import { JSON_HEADERS } from '../http/header-sets.js'
import { sendRendered } from '../http/rendered.js'
import { REFUSED_METRIC } from '../metrics.js'
import type { Reader } from '../read/reader.js'
import { EmbedQuery } from './embed-query.js'
import { errorResponse, errorResponses, ProgressSchema, Slug } from './schemas.js'
import { parseParameters, validationHook } from './validation.js'

/** A stream sends a comment this often when nothing changes, and re-reads the progress. */
const HEARTBEAT_MS = 15_000
/** Streams one instance holds at most; past it, clients poll the JSON instead. */
const MAX_STREAMS = 5_000

const ProgressQuery = EmbedQuery.pick({ month: true, locale: true, currencyDisplay: true })

function progressJson(reader: Reader, slug: string, q: z.output<typeof ProgressQuery>) {
  return reader.render(
    slug,
    q.month,
    `json|${q.locale ?? ''}|${q.currencyDisplay}`,
    (p) => JSON.stringify(p),
    'application/json; charset=UTF-8',
    moneyFormat(q),
  )
}

const health = createRoute({
  operationId: 'getHealth',
  security: [],
  method: 'get',
  path: '/healthz',
  tags: ['public'],
  summary: 'Liveness: 200 when the database answers',
  responses: {
    200: {
      description: 'Healthy',
      content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } },
    },
    500: errorResponse('Unexpected error (logged)'),
    503: errorResponse('The database does not answer'),
  },
})

const progress = createRoute({
  operationId: 'getProgress',
  security: [],
  method: 'get',
  path: '/api/campaigns/{slug}/progress',
  tags: ['public'],
  summary: "A month's progress (current month by default)",
  description:
    'Amounts are integers in minor units, with formatted strings beside them. CORS is open; ' +
    'responses carry an ETag and answer 304 to If-None-Match.',
  request: {
    params: z.object({ slug: Slug }),
    query: ProgressQuery,
  },
  responses: {
    200: { description: 'Progress', content: { 'application/json': { schema: ProgressSchema } } },
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
    ...errorResponses,
  },
})

const stream = createRoute({
  operationId: 'streamProgress',
  security: [],
  method: 'get',
  path: '/api/campaigns/{slug}/stream',
  tags: ['public'],
  summary: 'Live progress as server-sent events',
  description:
    'An `event: progress` with the progress JSON at once and after every change (this ' +
    "instance's changes at once, other instances' at once on PostgreSQL (LISTEN/NOTIFY) and " +
    'within the heartbeat elsewhere; on Node at most one event per STREAM_MIN_INTERVAL_MS, ' +
    '1 s by default, changes in between sent together as the latest progress), a `: ping` comment ' +
    `every ${HEARTBEAT_MS / 1000} s otherwise. Reconnect with Last-Event-ID to skip an unchanged first event.`,
  request: { params: z.object({ slug: Slug }), query: ProgressQuery },
  responses: {
    200: { description: 'Event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses,
    429: errorResponse(
      'Too many open streams from this client (STREAM_MAX_PER_ADDRESS), with Retry-After: poll meanwhile',
    ),
    503: errorResponse(
      'Too many open streams, none on this deployment (a Worker without its STREAMS binding: poll), or the database is down',
    ),
  },
})

/** Public, unauthenticated routes: health, the progress JSON and its live stream. */
export function publicRoutes(
  ctx: Pick<Services, 'store' | 'reader' | 'streams' | 'config' | 'metrics'>,
) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('/api/campaigns/*', openCors())

  app.openapi(health, async (c) => {
    try {
      await ctx.store.ping()
    } catch (err) {
      throw new ApiError(503, 'unavailable', 'The database does not answer', { cause: err })
    }
    return c.json({ ok: true as const }, 200)
  })

  // The hottest route: validated by hand and memoized per URL (the OpenAPI validator costs
  // about a third of the request); documented through the registry below all the same.
  const parse = boundedMemo<{ slug: string; query: z.output<typeof ProgressQuery> }>(2000)
  app.get('/api/campaigns/:slug/progress', async (c) => {
    const { slug, query } = parse(c.req.url, () => ({
      slug: parseParameters(Slug, c.req.param('slug'), 'path'),
      query: parseParameters(ProgressQuery, c.req.query(), 'query'),
    }))
    return sendRendered(c, await progressJson(ctx.reader, slug, query), JSON_HEADERS)
  })
  app.openAPIRegistry.registerPath(progress)

  let open = 0
  const perClient = new Map<string, number>()
  app.openapi(stream, async (c) => {
    const { slug } = c.req.valid('param')
    const query = c.req.valid('query')
    // Errors (unknown slug, bad month) answer in the one JSON shape before the stream starts.
    const first = await progressJson(ctx.reader, slug, query)
    if (!ctx.streams) {
      throw new ApiError(
        503,
        'unavailable',
        'Live streams are not available on this deployment; poll the progress JSON',
      )
    }
    if (open >= MAX_STREAMS) {
      throw new ApiError(503, 'unavailable', 'Too many live streams; poll the progress JSON')
    }
    // One client (behind trusted proxies: the client they name) holds a few streams at most.
    const client = clientAddress(c, ctx.config)
    const mine = perClient.get(client) ?? 0
    if (mine >= ctx.config.streamMaxPerAddress) {
      ctx.metrics.inc(REFUSED_METRIC, { reason: 'streams_per_address' })
      throw new ApiError(429, 'rate_limited', 'Too many live streams from one client', {
        headers: { 'Retry-After': String(HEARTBEAT_MS / 1000) },
      })
    }
    perClient.set(client, mine + 1)
    open++
    c.header('Access-Control-Allow-Origin', '*')
    return streamSSE(c, async (sse) => {
      let last = c.req.header('Last-Event-ID')
      let wake = () => {}
      let closed = false
      // Set by a change that lands while the loop is busy writing or reading, so it is not lost.
      let dirty = false
      const unsubscribe = ctx.reader.feed.subscribe((change) => {
        if (change.campaign !== slug) return
        dirty = true
        wake()
      })
      // When the last progress event went out, and how a wait for the next one ends early.
      let sentAt = Number.NEGATIVE_INFINITY
      let leave = () => {}
      sse.onAbort(() => {
        closed = true
        wake()
        leave()
      })
      try {
        let current = first
        while (!closed) {
          if (current.etag !== last) {
            await sse.writeSSE({
              event: 'progress',
              id: current.etag,
              data: current.body,
              retry: 3000,
            })
            last = current.etag
            sentAt = performance.now()
          } else {
            await sse.write(': ping\n\n')
          }
          await new Promise<void>((resolve) => {
            // The client may have gone while the last write waited for it to read.
            if (closed || dirty) return resolve()
            const timer = setTimeout(resolve, HEARTBEAT_MS)
            wake = () => {
              clearTimeout(timer)
              resolve()
            }
          })
          // At most one progress event per interval: changes that land meanwhile are marked
          // dirty and sent together, as the progress read once the interval is over.
          const gap = sentAt + ctx.config.streamMinIntervalMs - performance.now()
          if (!closed && gap > 0) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, gap)
              leave = () => {
                clearTimeout(timer)
                resolve()
              }
            })
          }
          dirty = false
          if (!closed) current = await progressJson(ctx.reader, slug, query)
        }
      } finally {
        unsubscribe()
        open--
        const left = (perClient.get(client) ?? 1) - 1
        if (left > 0) perClient.set(client, left)
        else perClient.delete(client)
      }
    }) as never
  })

  return app
}
