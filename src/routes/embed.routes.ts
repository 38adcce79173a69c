import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { renderEmbedNotFound, renderEmbedPage } from '../bar/html.js'
import { barModel, cleanText } from '../bar/model.js'
import { DEFAULT_SVG_WIDTH, type EmbedOptions, moneyFormat, optionsKey } from '../bar/options.js'
import { renderSvg, renderSvgNotFound } from '../bar/svg.js'
import { widgetSource } from '../bar/widget.js'
import type { AppEnv, Services } from '../deps.js'
import { boundedMemo } from '../domain/memo.js'
import { messagesFor } from '../domain/messages/index.js'
import type { Progress } from '../domain/progress.js'
import { ApiError } from '../errors.js'
import { openCors } from '../http/cors.js'
import { pageHeaders, SVG_HEADERS, WIDGET_HEADERS } from '../http/header-sets.js'
import { sendRendered } from '../http/rendered.js'
import { etagOf, type Rendered } from '../read/render-cache.js'
import { EmbedQuery } from './embed-query.js'
import { pngUrl } from './png-url.js'
import { Slug, serverErrorResponses, textResponse } from './schemas.js'
import { parseParameters, validationHook } from './validation.js'

const HTML = 'text/html; charset=UTF-8'
const SVG = 'image/svg+xml; charset=UTF-8'

type Kind = 'html' | 'svg'

/** The embed of a month's progress as HTML or SVG (an archived campaign: a 404 view). */
export function render(kind: Kind, p: Progress, o: EmbedOptions, image?: string) {
  if (p.archived) {
    const msg = messagesFor(p.locale)
    const message = `${cleanText(p.name)}: ${msg.text('ended')}`
    return { body: renderProblem(kind, message, o, msg.lang), status: 404 as const }
  }
  const m = barModel(p, o)
  return kind === 'svg' ? renderSvg(m, o.width) : renderEmbedPage(m, p.locale, image)
}

/** An error of an embed in the format that was asked for: a page for iframes, an image for .svg. */
function renderProblem(
  kind: Kind,
  message: string,
  o: Pick<EmbedOptions, 'theme' | 'accent' | 'width'>,
  lang: string,
): string {
  return kind === 'svg'
    ? renderSvgNotFound(message, o.width, o.theme, o.accent, lang)
    : renderEmbedNotFound(message, o.theme, lang, o.accent)
}

/** The theme of a request whose options were refused: its own if that one was valid. */
function fallbackOptions(query: Record<string, string>) {
  const theme = EmbedQuery.shape.theme.safeParse(query.theme)
  return {
    theme: theme.success ? theme.data : ('auto' as const),
    accent: undefined,
    width: undefined,
  }
}

/**
 * The embeds: the iframe page (`/embed/:slug`, no JavaScript), the image
 * (`/embed/:slug.svg`) and the web component (`/widget.js`). Each rendering is cached per
 * (campaign, month, options) and dropped on every change of the campaign.
 */
export function embedRoutes(ctx: Pick<Services, 'config' | 'reader'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  const page = pageHeaders(ctx.config.embedAllowedOrigins)
  const kindOf = (name: string): Kind => (name.endsWith('.svg') ? 'svg' : 'html')
  app.use('/embed/:name', openCors())
  // Validation memoized per URL: the same embed URL is asked again and again.
  const parse = boundedMemo<{ slug: string; o: EmbedOptions }>(2000)
  app.get('/embed/:name', (c) => embed(c, c.req.param('name')))

  async function embed(c: Context<AppEnv>, name: string): Promise<Response> {
    const kind = kindOf(name)
    const contentType = kind === 'svg' ? SVG : HTML
    const headers = kind === 'svg' ? SVG_HEADERS : page
    /** An error view with its status; never cached, never JSON inside a publisher's page. */
    const problem = (status: 400 | 404, body: string) =>
      c.body(body, status, {
        'X-Request-Id': c.var.requestId,
        ...headers,
        'Content-Type': contentType,
        'Cache-Control': 'no-store',
      })
    let slug: string
    let o: EmbedOptions
    try {
      ;({ slug, o } = parse(c.req.url, () => ({
        slug: parseParameters(Slug, kind === 'svg' ? name.slice(0, -4) : name, 'path'),
        o: parseParameters(EmbedQuery, c.req.query(), 'query'),
      })))
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 400) throw err
      return problem(400, renderProblem(kind, err.message, fallbackOptions(c.req.query()), 'en'))
    }
    // Equivalent options share one rendering: the page ignores width, the image defaults it.
    const keyed =
      kind === 'svg' ? { ...o, width: o.width ?? DEFAULT_SVG_WIDTH } : { ...o, width: undefined }
    // The page names its PNG (og:image) with the same options: part of the cache key.
    const image = kind === 'html' ? pngUrl(ctx.config.publicUrl, slug, keyed) : undefined
    const variant = `${kind}|${optionsKey(keyed)}|${image ?? ''}`
    try {
      const r = await ctx.reader.render(
        slug,
        o.month,
        variant,
        (p) => render(kind, p, o, image),
        contentType,
        moneyFormat(o),
      )
      return sendRendered(c, r, headers)
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err
      const msg = messagesFor(o.locale ?? 'en')
      return problem(404, renderProblem(kind, msg.text('notFound', { slug }), o, msg.lang))
    }
  }

  let widget: Promise<Rendered> | undefined
  app.use('/widget.js', openCors())
  app.get('/widget.js', async (c) => {
    widget ??= (async () => {
      const body = widgetSource()
      return {
        body,
        etag: await etagOf(body),
        contentType: 'text/javascript; charset=UTF-8',
        immutable: true as const,
      }
    })()
    return sendRendered(c, await widget, WIDGET_HEADERS)
  })

  const query = EmbedQuery.omit({ width: true })
  const errors = {
    ...serverErrorResponses,
  }
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/embed/{slug}',
    operationId: 'getEmbedPage',
    security: [],
    tags: ['embed'],
    summary: 'The bar as an HTML page for an iframe (no JavaScript)',
    request: { params: z.object({ slug: Slug }), query },
    responses: {
      200: textResponse('The page', 'text/html'),
      304: { description: 'Not modified' },
      404: textResponse('Unknown or archived campaign (an HTML page saying so)', 'text/html'),
      400: textResponse('Bad option (an HTML page saying which)', 'text/html'),
      ...errors,
    },
  })
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/embed/{slug}.svg',
    operationId: 'getEmbedSvg',
    security: [],
    tags: ['embed'],
    summary: 'The bar as an SVG image (for img tags, emails, README files)',
    request: { params: z.object({ slug: Slug }), query: EmbedQuery },
    responses: {
      200: textResponse('The image', 'image/svg+xml'),
      304: { description: 'Not modified' },
      404: textResponse('Unknown or archived campaign (an image saying so)', 'image/svg+xml'),
      400: textResponse('Bad option (an image saying which)', 'image/svg+xml'),
      ...errors,
    },
  })
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/widget.js',
    operationId: 'getWidget',
    security: [],
    tags: ['embed'],
    summary: 'The <support-bar> web component',
    responses: {
      200: { description: 'JavaScript', content: { 'text/javascript': { schema: z.string() } } },
      304: { description: 'Not modified' },
      500: errors[500],
    },
  })
  return app
}
