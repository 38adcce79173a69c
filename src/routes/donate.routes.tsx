import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { barModel } from '../bar/model.js'
import { moneyFormat } from '../bar/options.js'
import type { AppEnv, Services } from '../deps.js'
import { parseAmount } from '../domain/amount-input.js'
import { messagesFor } from '../domain/messages/index.js'
import { amountField, customField } from '../donate/amounts.js'
import { type DonateView, renderDonatePage } from '../donate/page.js'
import { paypalGiving } from '../donate/paypal.js'
import {
  type CheckoutDeps,
  checkoutService,
  clientOf,
  type Gift,
  type GiveProvider,
} from '../donate/service.js'
import { thanksFor } from '../donate/thanks.js'
import { renderThanksPage, type ThanksOutcome } from '../donate/thanks-page.js'

type Outcome = { status: number; outcome: ThanksOutcome }

import { paypalOff } from '../donate/urls.js'
import { ApiError, isUnavailableError } from '../errors.js'
import { openCors } from '../http/cors.js'
import { errorHandler } from '../http/error-handler.js'
import { manageOff } from '../manage/service.js'
import { getCampaign } from '../store/campaigns.js'
import { displayQuery } from './display-query.js'
import {
  checkoutRoute,
  type DonateOptions,
  DonateQuery,
  documentDonatePages,
} from './donate.openapi.js'
import { type DonatePages, paypalPages } from './donate-paypal.routes.js'
import { keyOf, PAGE_HEADERS, THANKS_HEADERS, undefinedView } from './donate-view.js'
import { pngUrl } from './png-url.js'
import { Slug } from './schemas.js'
import { badRequestHook, parseParameters } from './validation.js'

/**
 * The donate page (`/donate/:slug`, a form that works without JavaScript), its thank-you page,
 * and the JSON checkout for scripts. Both paths go through one checkout service.
 */
export function donateRoutes(ctx: CheckoutDeps & Pick<Services, 'reader'>) {
  const app = new OpenAPIHono<AppEnv>()
  const checkout = checkoutService(ctx)
  const paypal = paypalGiving(ctx, checkout)
  const paypalOn = paypalOff(ctx.paypal !== undefined, ctx.config.publicUrl) === null
  const base = ctx.config.publicUrl?.replace(/\/+$/, '') ?? ''
  const manageOn = manageOff(ctx) === null

  const html = (c: Context<AppEnv>, body: string, status: number, headers = PAGE_HEADERS) =>
    c.body(body, status as 200, { ...headers, 'X-Request-Id': c.var.requestId })

  // The pages answer a fault with a page (the database down: 503 and a sentence), never JSON;
  // the JSON checkout keeps the app's one error handler.
  const json = errorHandler(ctx.log)
  app.onError((e, c) => {
    if (!c.req.path.startsWith('/donate/')) return json(e, c)
    if (!isUnavailableError(e)) ctx.log.error('donate page failed', { error: e.message })
    const status = isUnavailableError(e) ? 503 : 500
    const page = renderDonatePage(
      { ...undefinedView(c.req.param('slug') ?? ''), error: { key: 'payment_provider_error' } },
      'ltr',
    )
    return c.body(page, status, {
      ...PAGE_HEADERS,
      ...(status === 503 ? { 'Retry-After': '5' } : {}),
      'X-Request-Id': c.var.requestId,
    })
  })

  /** The page's view of a campaign (or of an unknown slug) with the reader's options. */
  async function view(c: Context<AppEnv>, slug: string, o: DonateOptions): Promise<DonateView> {
    const campaign = await getCampaign(ctx.store, slug)
    const locale = o.locale ?? campaign?.locale ?? 'en'
    const search = new URL(c.req.url).search
    if (!campaign) {
      return { ...undefinedView(slug, o), query: search }
    }
    const progress = await ctx.reader.progress(slug, undefined, moneyFormat(o))
    return {
      slug,
      name: campaign.name,
      currency: campaign.currency,
      locale,
      settings: campaign.checkout,
      page: campaign.page,
      logo: campaign.logo?.url ?? null,
      bar: campaign.archived ? null : barModel(progress, { ...o, month: undefined }),
      options: o,
      query: search,
      // The bar's PNG (link previews rasterise no SVG), with the page's own display options.
      image: base ? pngUrl(base, slug, o) : null,
      paypal: paypalOn,
    }
  }

  /** Why the campaign cannot take a gift here, as the page shows it, or null. */
  /**
   * Why the campaign cannot take a gift here, as the page shows it, or null. The page itself is
   * open when either provider can take the gift (PayPal alone: no card button); a form posted to
   * one provider needs that one.
   */
  async function closedReason(slug: string, v: DonateView, provider?: GiveProvider) {
    if (v.closed) return { status: 404, view: v }
    try {
      await checkout.givable(slug, provider ?? 'stripe')
      return null
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      if (!provider && e.code === 'checkout_disabled' && paypalOn) {
        const viaPaypal = await checkout.givable(slug, 'paypal').then(
          () => true,
          () => false,
        )
        if (viaPaypal) {
          v.card = false
          return null
        }
      }
      const key = keyOf(e.code)
      // Readers read why in their words; the operator's reason (which setting) stays beside it.
      const note = key === 'checkout_disabled' ? e.message : undefined
      return {
        status: e.status,
        view: {
          ...v,
          closed: true,
          error: key ? { key } : { text: e.message },
          ...(note ? { note } : {}),
        },
      }
    }
  }

  function options(c: Context<AppEnv>): DonateOptions | Response {
    try {
      return parseParameters(DonateQuery, c.req.query(), 'query')
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      const page = renderDonatePage(
        {
          ...(undefinedView(c.req.param('slug') ?? '') as DonateView),
          error: { text: e.message },
        },
        'ltr',
      )
      return html(c, page, 400)
    }
  }

  /** The page of a campaign that takes gifts now, or the answer saying why not. */
  async function openPage(c: Context<AppEnv>, provider?: GiveProvider) {
    const slug = c.req.param('slug') ?? ''
    const o = options(c)
    if (o instanceof Response) return o
    if (!Slug.safeParse(slug).success) {
      return html(c, renderDonatePage(undefinedView(slug, o), 'ltr'), 404)
    }
    const v = await view(c, slug, o)
    const dir = messagesFor(v.locale).dir
    const closed = await closedReason(slug, v, provider)
    if (closed) return html(c, renderDonatePage(closed.view, dir), closed.status)
    return { slug, v, dir }
  }

  app.get('/donate/:slug', async (c) => {
    const open = await openPage(c)
    if (open instanceof Response) return open
    return html(c, renderDonatePage(open.v, open.dir), 200)
  })

  // A form of three short fields: anything larger is not a reader's gift.
  const formLimit = bodyLimit({
    maxSize: 8 * 1024,
    onError: (c) => {
      const v = undefinedView(c.req.param('slug') ?? '')
      return html(c, renderDonatePage({ ...v, error: { key: 'invalid_amount' } }, 'ltr'), 413)
    },
  })
  app.post('/donate/:slug', formLimit)
  const giveForm: DonatePages['giveForm'] = async (c, begin, provider) => {
    const open = await openPage(c, provider)
    if (open instanceof Response) return open
    const { slug, v, dir } = open
    const form = await c.req.parseBody()
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '')
    const asked = str('interval')
    const interval = asked === 'month' || asked === 'year' ? asked : 'once'
    // A page with amounts per interval names its fields by interval; the chosen one counts.
    const grouped = form[amountField(interval)] !== undefined
    const amountValue = str(grouped ? amountField(interval) : 'amount')
    const custom = str(grouped ? customField(interval) : 'custom').trim()
    const cover = str('cover') === '1'
    const chosen = { amount: amountValue, custom, interval, cover } as const
    const typed =
      amountValue === 'other' || (amountValue === '' && custom !== '')
        ? parseAmount(custom, v.currency, v.locale)
        : undefined
    if (typed && !typed.ok && typed.reason !== 'invalid') {
      const example = typed.examples.join(' / ')
      const error = { key: 'amount_format', vars: { example } } as const
      return html(c, renderDonatePage({ ...v, chosen, error }, dir), 400)
    }
    const amount = typed
      ? typed.ok
        ? typed.minor
        : undefined
      : /^\d{1,12}$/.test(amountValue)
        ? Number(amountValue)
        : undefined
    if (amount === undefined || (asked !== '' && !['once', 'month', 'year'].includes(asked))) {
      return html(c, renderDonatePage({ ...v, chosen, error: { key: 'invalid_amount' } }, dir), 400)
    }
    try {
      const session = await begin(
        slug,
        { amount, interval, coverFee: cover },
        { client: clientOf(ctx, c), locale: v.locale, query: displayQuery(c.req.query()) },
      )
      return c.body(null, 303, {
        Location: session.url,
        'Cache-Control': 'no-store',
        'X-Request-Id': c.var.requestId,
      })
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      const key = keyOf(e.code)
      const page = renderDonatePage(
        { ...v, chosen, error: key ? { key } : { text: e.message } },
        dir,
      )
      return c.body(page, e.status, {
        ...PAGE_HEADERS,
        ...e.headers,
        'X-Request-Id': c.var.requestId,
      })
    }
  }
  app.post('/donate/:slug', (c) => giveForm(c, checkout.start, 'stripe'))

  /** The thank-you page for what `outcome` finds (display options only go on to its links). */
  async function thanksPage(
    c: Context<AppEnv>,
    outcome: (slug: string, manageUrl: string | null) => Promise<Outcome>,
  ) {
    const slug = c.req.param('slug') ?? ''
    const o = options(c)
    if (o instanceof Response) return o
    if (!Slug.safeParse(slug).success)
      return html(c, renderDonatePage(undefinedView(slug, o), 'ltr'), 404)
    const v = await view(c, slug, o)
    const dir = messagesFor(v.locale).dir
    if (v.closed) return html(c, renderDonatePage(v, dir), 404)
    // Only the display options go on to the page's links: the session id, and anything else a
    // link may carry (an amount), stay out of them.
    const qs = displayQuery(c.req.query())
    const manageUrl = manageOn ? `/manage/${encodeURIComponent(slug)}${qs}` : null
    const { status, outcome: found } = await outcome(slug, manageUrl)
    const page = renderThanksPage({ ...v, query: qs, outcome: found }, dir)
    return html(c, page, status, status === 200 ? THANKS_HEADERS : PAGE_HEADERS)
  }

  app.get('/donate/:slug/thanks', (c) =>
    thanksPage(c, async (slug, manageUrl) => {
      // The session was created on the campaign's Stripe account (Connect): it is read there.
      const stripeAccount = (await getCampaign(ctx.store, slug))?.stripeAccount ?? null
      const session = c.req.query('session_id')
      return thanksFor(ctx, { slug, stripeAccount }, session, manageUrl)
    }),
  )

  paypalPages(app, { giveForm, thanksPage }, paypal, formLimit, ctx)

  app.use('/api/campaigns/:slug/checkout', openCors())
  app.openapi(
    checkoutRoute,
    async (c) => {
      const { slug } = c.req.valid('param')
      const body = c.req.valid('json')
      const key = c.req.valid('header')['idempotency-key']
      const gift: Gift = { amount: body.amount, interval: body.interval, coverFee: body.coverFee }
      const session = await checkout.start(slug, gift, {
        client: clientOf(ctx, c),
        ...(key !== undefined ? { idempotencyKey: key } : {}),
      })
      return c.json(session, 200, { 'Cache-Control': 'no-store' })
    },
    badRequestHook,
  )

  documentDonatePages(app)
  return app
}
