import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { DEFAULT_SVG_WIDTH, moneyFormat, optionsKey } from '../bar/options.js'
import { renderSvgNotFound } from '../bar/svg.js'
import { forRasterizer } from '../bar/svg-raster.js'
import type { AppEnv, Services } from '../deps.js'
import { boundedMemo } from '../domain/memo.js'
import { messagesFor } from '../domain/messages/index.js'
import { ApiError } from '../errors.js'
import { matches } from '../http/answer.js'
import { clientAddress } from '../http/client-address.js'
import { JSON_HEADERS } from '../http/header-sets.js'
import { REFUSED_METRIC } from '../metrics.js'
import { AdmittedCache } from '../read/admitted-cache.js'
import { etagOf } from '../read/render-cache.js'
import { render } from './embed.routes.js'
import { EmbedQuery } from './embed-query.js'
import { BLANK_PNG, PNG_ROUTE, refusedImageHeaders } from './png-answers.js'
import { Slug, serverErrorResponses, textResponse } from './schemas.js'
import { parseParameters } from './validation.js'

const SVG = 'image/svg+xml; charset=UTF-8'
/** Readable from any origin, never sniffed, cached briefly: the read path's public headers. */
const OPEN_IMAGE = JSON_HEADERS
/** PNG renderings kept in memory at most. */
const PNG_KEPT = 100
/** URLs remembered as drawn (served while the rasteriser is full), admitted as PNGs are. */
const URLS_KEPT = 4096

/** The SVG's options, plus the pixel density: 2 draws twice the pixels for sharp HiDPI mail. */
export const PngQuery = EmbedQuery.extend({
  density: z
    .enum(['1', '2'])
    .default('1')
    .transform(Number)
    .openapi({
      type: 'string',
      enum: ['1', '2'],
      description: 'Device pixels per CSS pixel: the PNG is width x density pixels wide',
    }),
})
type PngOptions = z.output<typeof PngQuery>

/** PNG bytes kept per (SVG bytes, density): the SVG's ETag changes whenever its bytes do. */
interface Png {
  bytes: Uint8Array<ArrayBuffer>
  etag: string
  status: 200 | 400 | 404
}

const image = (description: string) => ({
  description,
  content: { 'image/png': { schema: { type: 'string' as const, contentMediaType: 'image/png' } } },
})

/**
 * `GET /embed/:slug.png`: the SVG bar rasterised on the server, for e-mails and link previews
 * (Open Graph, Twitter cards), where SVG is often not shown. Same options as the SVG, plus
 * `density`. The SVG comes from the render cache; its PNG is kept per SVG ETag and density,
 * so a bar is rasterised once per change. Bad options and unknown campaigns answer with a PNG
 * that says so; a runtime given no rasteriser answers 501 with an SVG that says so; a full
 * rasteriser (Node's bounded pool) a blank PNG with 503 and Retry-After, for an image not drawn
 * before; a client past its budget of renderings (PNG_RENDERS_PER_ADDRESS) a blank PNG with 429
 * and Retry-After, for every image.
 */
export function pngRoutes(
  ctx: Pick<Services, 'reader' | 'rasterize' | 'metrics' | 'pngBudget' | 'config'>,
) {
  const app = new OpenAPIHono<AppEnv>()
  // At most PNG_KEPT renderings (~20-60 KB each), one-offs not kept once full; a failed one is
  // dropped so a retry can work.
  const pngs = new AdmittedCache<Promise<Png>>(PNG_KEPT)
  const parse = boundedMemo<PngOptions>(2000)
  const drawn = new AdmittedCache<true>(URLS_KEPT)

  /** The PNG of an SVG, kept or drawn; a drawing is spent from the `client`'s budget. */
  function rasterize(
    client: string,
    key: string,
    svg: string,
    width: number,
    density: number,
    status: Png['status'],
  ) {
    const slot = `${key}|${width}|${density}|${status}`
    let png = pngs.get(slot)
    if (!png) {
      const raster = ctx.rasterize
      if (!raster) throw new Error('no rasteriser')
      ctx.pngBudget.spend(client)
      png = (async () => ({
        bytes: await raster(forRasterizer(svg), width * density),
        etag: await etagOf(`png|${slot}`),
        status,
      }))()
      if (pngs.offer(slot, png)) png.catch(() => pngs.delete(slot))
    }
    return png
  }

  /**
   * A blank pixel and when to come back: 503 while the rasteriser is full, 429 to a client whose
   * budget of renderings is spent (the Node lane answers those before Hono: src/node/png-gate.ts).
   */
  function refused(c: Context<AppEnv>, status: 429 | 503, retryAfterS: number): Response {
    ctx.metrics.inc(REFUSED_METRIC, { reason: status === 429 ? 'png_per_address' : 'png_busy' })
    c.set('shed', true)
    return new Response(BLANK_PNG, {
      status,
      headers: refusedImageHeaders(retryAfterS, c.var.requestId),
    })
  }
  const busy = (c: Context<AppEnv>, err?: ApiError) =>
    refused(c, 503, Number(err?.headers?.['Retry-After'] ?? 1))

  /** A rendering, or the busy answer when the rasteriser refused it for want of room. */
  async function sendDrawn(c: Context<AppEnv>, png: Promise<Png>): Promise<Response> {
    try {
      return send(c, await png)
    } catch (err) {
      if (err instanceof ApiError && err.status === 503) return busy(c, err)
      throw err
    }
  }

  function send(c: Context<AppEnv>, png: Png): Response {
    const headers: Record<string, string> = {
      ...OPEN_IMAGE,
      ETag: png.etag,
      'X-Request-Id': c.var.requestId,
    }
    if (png.status !== 200) headers['Cache-Control'] = 'no-store'
    const inm = c.req.header('If-None-Match')
    if (png.status === 200 && inm !== undefined && matches(inm, png.etag)) {
      return new Response(null, { status: 304, headers })
    }
    return new Response(png.bytes, {
      status: png.status,
      headers: { ...headers, 'Content-Type': 'image/png' },
    })
  }

  /** An image that says what is wrong, as PNG, in the asked theme where the options were valid. */
  async function problem(
    c: Context<AppEnv>,
    client: string,
    message: string,
    status: 400 | 404,
    o?: Pick<PngOptions, 'width' | 'theme' | 'accent' | 'density'>,
    lang = 'en',
  ) {
    const width = o?.width ?? DEFAULT_SVG_WIDTH
    const svg = renderSvgNotFound(message, width, o?.theme, o?.accent, lang)
    return sendDrawn(c, rasterize(client, await etagOf(svg), svg, width, o?.density ?? 1, status))
  }

  app.get(PNG_ROUTE, async (c) => {
    if (!ctx.rasterize) {
      const svg = renderSvgNotFound('PNG images are not available here: use .svg')
      return new Response(svg, {
        status: 501,
        headers: {
          ...OPEN_IMAGE,
          'Content-Type': SVG,
          'Cache-Control': 'no-store',
          'X-Request-Id': c.var.requestId,
        },
      })
    }
    // Refused before any SVG is built for it: under a flood, the refusal must cost little.
    const client = clientAddress(c, ctx.config)
    const wait = ctx.pngBudget.retryAfter(client)
    if (wait > 0) return refused(c, 429, wait)
    // A full rasteriser refuses new images only: one answered before is served on (its PNG is
    // most likely kept, its SVG built again at most once per CACHE_TTL_MS). The refused request
    // counts against its client's budget like a drawing: a flood must not go on for free.
    const known = drawn.get(c.req.url) !== undefined
    if (!known && ctx.rasterize.busy?.()) {
      ctx.pngBudget.spend(client)
      return busy(c)
    }
    let slug: string
    let o: PngOptions
    try {
      slug = parseParameters(Slug, c.req.param('name').slice(0, -4), 'path')
      o = parse(c.req.url, () => parseParameters(PngQuery, c.req.query(), 'query'))
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      return problem(c, client, err.message, 400)
    }
    const width = o.width ?? DEFAULT_SVG_WIDTH
    try {
      const svg = await ctx.reader.render(
        slug,
        o.month,
        `png-svg|${optionsKey(o)}`,
        (p) => render('svg', p, o),
        SVG,
        moneyFormat(o),
      )
      const status = svg.status ?? 200
      const res = await sendDrawn(
        c,
        rasterize(client, svg.etag, svg.body, width, o.density, status),
      )
      if (!known && (res.status === 200 || res.status === 304)) drawn.offer(c.req.url, true)
      return res
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err
      // The same words, in the same language, as the SVG and the page say it.
      const msg = messagesFor(o.locale ?? 'en')
      return problem(c, client, msg.text('notFound', { slug }), 404, o, msg.lang)
    }
  })

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/embed/{slug}.png',
    operationId: 'getEmbedPng',
    security: [],
    tags: ['embed'],
    summary: 'The bar as a PNG image (for e-mails, Open Graph and Twitter card previews)',
    description:
      'The SVG rasterised on the server: the same options, `width` in CSS pixels and ' +
      '`density=2` for twice the pixels. Cached per change, with an ETag.',
    request: { params: z.object({ slug: Slug }), query: PngQuery },
    responses: {
      200: image('The image'),
      304: { description: 'Not modified' },
      400: image('Bad option (an image saying which)'),
      404: image('Unknown or archived campaign (an image saying so)'),
      429: image(
        'This client has caused PNG_RENDERS_PER_ADDRESS renderings within the last minute: a ' +
          'blank image with Retry-After, nothing drawn (images already drawn are still served)',
      ),
      501: textResponse('No rasteriser in this runtime: an SVG image saying so', 'image/svg+xml'),
      ...serverErrorResponses,
      503: {
        description:
          'The rasteriser is full (PNG_QUEUE) and this image was not drawn before: a blank ' +
          'image with Retry-After, nothing drawn; ' +
          'or the database is down (the JSON error)',
        content: {
          ...image('').content,
          ...serverErrorResponses[503].content,
        },
      },
    },
  })
  return app
}
