import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { getCookie, setCookie } from 'hono/cookie'
import { csrf } from 'hono/csrf'
import type { AppEnv, Services } from '../deps.js'
import { type AfterGiftKey, afterGiftText } from '../domain/messages/after-gift.js'
import { messagesFor } from '../domain/messages/index.js'
import { ApiError, isUnavailableError } from '../errors.js'
import { clientAddress } from '../http/client-address.js'
import { type ManageView, renderManagePage } from '../manage/page.js'
import { emailOf, type ManageDeps, manageOff, manageService } from '../manage/service.js'
import { getCampaign } from '../store/campaigns.js'
import { displayQuery } from './display-query.js'
import { DonateQuery } from './donate.openapi.js'
import { addGiftRoutes } from './manage-gifts.routes.js'
import { Slug } from './schemas.js'
import { parseParameters } from './validation.js'

/** The form's cookie: a random value the hidden field's token is signed from. */
const COOKIE = 'sb_manage'

/** No script, never framed, and no Referer: a link's token must not travel on. */
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=UTF-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; " +
    "frame-ancestors 'none'",
}

/**
 * Managing a monthly or yearly gift (`/manage/:slug`): the donor asks for a link by e-mail; the
 * link (`/manage/:slug/gifts?token=…`, src/routes/manage-gifts.routes.tsx) opens the page of the
 * donor's gifts, where an amount changes, and whose link (`/manage/:slug/portal?token=…`) opens
 * Stripe's customer portal for the card or stopping a gift. Pages only, in the reader's
 * language, never JSON.
 */
export function manageRoutes(ctx: ManageDeps & Pick<Services, 'config'>) {
  const app = new Hono<AppEnv>()
  const off = manageOff(ctx)
  const service = off === null ? manageService(ctx) : undefined
  const publicOrigin = ctx.config.publicUrl ? new URL(ctx.config.publicUrl).origin : undefined
  const sameOrigin = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
  })

  const page = (c: Context<AppEnv>, v: ManageView, status: number, extra = {}) =>
    c.body(renderManagePage(v, messagesFor(v.locale).dir), status as 200, {
      ...PAGE_HEADERS,
      ...extra,
      'X-Request-Id': c.var.requestId,
    })

  app.onError((e, c) => {
    if (!isUnavailableError(e)) ctx.log.error('manage page failed', { error: e.message })
    const status = isUnavailableError(e) ? 503 : 500
    const v = bare(c.req.param('slug') ?? '', 'en')
    return page(
      c,
      { ...v, message: { kind: 'error', text: afterGiftText('en', 'portalFailed') } },
      status,
    )
  })

  /** The campaign's page frame, or the answer for a bad option or an unknown campaign. */
  async function frame(c: Context<AppEnv>): Promise<ManageView | Response> {
    const slug = c.req.param('slug') ?? ''
    let locale: string | undefined
    let options: ManageView['options'] = { theme: 'auto' }
    try {
      const o = parseParameters(DonateQuery, c.req.query(), 'query')
      locale = o.locale
      options = { theme: o.theme, accent: o.accent }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      return page(c, { ...bare(slug, 'en'), message: { kind: 'error', text: e.message } }, 400)
    }
    const campaign = Slug.safeParse(slug).success ? await getCampaign(ctx.store, slug) : undefined
    if (!campaign) {
      const l = locale ?? 'en'
      const text = messagesFor(l).text('notFound', { slug })
      return page(c, { ...bare(slug, l), options, message: { kind: 'error', text } }, 404)
    }
    return {
      slug,
      name: campaign.name,
      locale: locale ?? campaign.locale,
      options,
      query: displayQuery(c.req.query()),
      contactUrl: campaign.page.contactUrl,
    }
  }

  /** The form, with a token for this browser's cookie (set now when it has none). */
  async function form(c: Context<AppEnv>, v: ManageView, email?: string) {
    if (!service) return undefined
    let cookie = getCookie(c, COOKIE)
    if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) {
      cookie = service.newCookie()
      const secure =
        new URL(c.req.url).protocol === 'https:' || ctx.config.publicUrl?.startsWith('https:')
      setCookie(c, COOKIE, cookie, {
        path: '/manage',
        httpOnly: true,
        secure: secure === true,
        sameSite: 'Strict',
      })
    }
    return { csrf: await service.formToken(cookie, v.slug), ...(email ? { email } : {}) }
  }

  /** The page saying why not (off), or the service's answer. */
  async function withForm(c: Context<AppEnv>, v: ManageView, status: number, key?: AfterGiftKey) {
    if (off !== null) {
      const text = afterGiftText(v.locale, 'unavailable')
      return page(c, { ...v, message: { kind: 'error', text }, note: off }, 503)
    }
    const message = key ? { kind: 'error' as const, text: afterGiftText(v.locale, key) } : undefined
    return page(c, { ...v, ...(message ? { message } : {}), form: await form(c, v) }, status)
  }

  app.get('/manage/:slug', async (c) => {
    const v = await frame(c)
    if (v instanceof Response) return v
    return withForm(c, v, 200)
  })

  app.post(
    '/manage/:slug',
    bodyLimit({
      maxSize: 8 * 1024,
      onError: (c) => {
        const v = bare(c.req.param('slug') ?? '', 'en')
        return page(
          c,
          { ...v, message: { kind: 'error', text: afterGiftText('en', 'invalidEmail') } },
          413,
        )
      },
    }),
  )
  app.post('/manage/:slug', async (c) => {
    const v = await frame(c)
    if (v instanceof Response) return v
    if (!service) return withForm(c, v, 503)
    // A form posted from another site is refused before anything reads it (Origin or
    // Sec-Fetch-Site, as the console does), then the hidden token must match this browser's cookie.
    let passed = false
    await sameOrigin(c, async () => {
      passed = true
    }).catch(() => undefined)
    const body = passed ? await c.req.parseBody() : {}
    const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '')
    if (!passed || !(await service.checkForm(getCookie(c, COOKIE), field('_csrf'), v.slug))) {
      return withForm(c, v, 403, 'refused')
    }
    const email = emailOf(field('email'))
    if (!email) {
      const text = afterGiftText(v.locale, 'invalidEmail')
      const f = await form(c, v, field('email').slice(0, 254))
      return page(c, { ...v, message: { kind: 'error', text }, ...(f ? { form: f } : {}) }, 400)
    }
    const wait = await service.request(v.slug, email, v.locale, clientAddress(c, ctx.config))
    if (wait > 0) {
      const text = afterGiftText(v.locale, 'tooMany')
      return page(c, { ...v, message: { kind: 'error', text } }, 429, {
        'Retry-After': String(wait),
      })
    }
    const text = afterGiftText(v.locale, 'sent', { name: v.name })
    return page(c, { ...v, message: { kind: 'done', text } }, 200)
  })

  app.get('/manage/:slug/portal', async (c) => {
    const v = await frame(c)
    if (v instanceof Response) return v
    if (!service) return withForm(c, v, 503)
    const answer = await service.openPortal(v.slug, c.req.query('token') ?? '')
    if (answer.ok) {
      return c.body(null, 303, {
        Location: answer.url,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Request-Id': c.var.requestId,
      })
    }
    if (answer.reason === 'failed') return withForm(c, v, 502, 'portalFailed')
    return withForm(c, v, 400, answer.reason === 'expired' ? 'expired' : 'forged')
  })

  addGiftRoutes(app, {
    service,
    frame,
    withForm,
    sameOrigin,
    html: (c, body, status) =>
      c.body(body, status as 200, { ...PAGE_HEADERS, 'X-Request-Id': c.var.requestId }),
  })

  return app
}

/** The frame of a page for a slug that names no campaign (or before one was read). */
function bare(slug: string, locale: string): ManageView {
  return { slug, name: slug, locale, options: { theme: 'auto' }, query: '' }
}
