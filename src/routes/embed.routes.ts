import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { renderEmbedNotFound, renderEmbedPage } from '../bar/html.js'
import { barModel, cleanText } from '../bar/model.js'
import {
  DEFAULT_SVG_WIDTH,
  type EmbedOptions,
  EmbedQuery,
  moneyFormat,
  optionsKey,
} from '../bar/options.js'
import { renderSvg, renderSvgNotFound } from '../bar/svg.js'
import { widgetSource } from '../bar/widget.js'
import { etagOf, type Rendered } from '../cache.js'
import type { AppContext, AppEnv } from '../context.js'
import { boundedMemo } from '../domain/memo.js'
import { messagesFor } from '../domain/messages/index.js'
import type { Progress } from '../domain/progress.js'
import { ApiError } from '../errors.js'
import { renderProgress } from '../progress.js'
import { openCors, pageHeaders, SVG_HEADERS, sendRendered, WIDGET_HEADERS } from './http.js'
import { Slug } from './schemas.js'
import { parseParameters, validationHook } from './validation.js'

const HTML = 'text/html; charset=UTF-8'
const SVG = 'image/svg+xml; charset=UTF-8'

type Kind = 'html' | 'svg'

function render(kind: Kind, p: Progress, o: EmbedOptions) {
  if (p.archived) {
    const msg = messagesFor(p.locale)
    const message = `${cleanText(p.name)}: ${msg.text('ended')}`
    return { body: renderProblem(kind, message, o, msg.lang), status: 404 as const }
  }
  const m = barModel(p, o)
  return kind === 'svg' ? renderSvg(m, o.width) : renderEmbedPage(m, p.locale)
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
export function embedRoutes(ctx: AppContext) {
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
    const variant = `${kind}|${optionsKey(keyed)}`
    try {
      const r = await renderProgress(
        ctx,
        slug,
        o.month,
        variant,
        (p) => render(kind, p, o),
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
    400: { description: 'Bad option (an error page for the iframe, an error image for .svg)' },
  }
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/embed/{slug}',
    tags: ['embed'],
    summary: 'The bar as an HTML page for an iframe (no JavaScript)',
    request: { params: z.object({ slug: Slug }), query },
    responses: {
      200: { description: 'The page', content: { 'text/html': { schema: z.string() } } },
      304: { description: 'Not modified' },
      404: { description: 'Unknown or archived campaign (an HTML page saying so)' },
      ...errors,
    },
  })
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/embed/{slug}.svg',
    tags: ['embed'],
    summary: 'The bar as an SVG image (for img tags, emails, README files)',
    request: { params: z.object({ slug: Slug }), query: EmbedQuery },
    responses: {
      200: { description: 'The image', content: { 'image/svg+xml': { schema: z.string() } } },
      304: { description: 'Not modified' },
      404: { description: 'Unknown or archived campaign (an image saying so)' },
      ...errors,
    },
  })
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/widget.js',
    tags: ['embed'],
    summary: 'The <support-bar> web component',
    responses: {
      200: { description: 'JavaScript', content: { 'text/javascript': { schema: z.string() } } },
      304: { description: 'Not modified' },
    },
  })
  return app
}
