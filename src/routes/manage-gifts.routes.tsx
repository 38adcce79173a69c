import type { Context, Hono, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../deps.js'
import type { AfterGiftKey } from '../domain/messages/after-gift.js'
import { donateText } from '../domain/messages/donate.js'
import { messagesFor } from '../domain/messages/index.js'
import { giftsText } from '../domain/messages/manage.js'
import { formatMoney } from '../domain/money.js'
import { type GiftsAnswer, readNewAmount } from '../manage/gifts.js'
import { type GiftsView, renderGiftsPage } from '../manage/gifts-page.js'
import type { ManageView } from '../manage/page.js'
import type { ManageService } from '../manage/service.js'

/** What the gifts routes borrow from the manage routes. */
export interface GiftsRouteKit {
  service: ManageService | undefined
  /** The campaign's page frame, or the answer for a bad option or an unknown campaign. */
  frame: (c: Context<AppEnv>) => Promise<ManageView | Response>
  /** The e-mail form's page, with a message (or the page saying managing is off). */
  withForm: (
    c: Context<AppEnv>,
    v: ManageView,
    status: number,
    key?: AfterGiftKey,
  ) => Promise<Response>
  /** Sends a page with the manage pages' headers. */
  html: (c: Context<AppEnv>, body: string, status: number) => Response
  /** Refuses a form posted from another site (Origin or Sec-Fetch-Site). */
  sameOrigin: MiddlewareHandler<AppEnv>
}

/**
 * The page an e-mailed link opens (`GET /manage/:slug/gifts?token=…`): the donor's active
 * monthly and yearly gifts to the campaign, each with a form that changes its amount from the
 * next payment on (`POST /manage/:slug/gifts`, the token in the form), and the link to Stripe's
 * customer portal for the card or stopping a gift. Pages only, never JSON.
 */
export function addGiftRoutes(app: Hono<AppEnv>, kit: GiftsRouteKit) {
  const { service, frame, withForm, html } = kit

  /** The answer to a token that does not open the page: the e-mail form, saying why. */
  const refused = (c: Context<AppEnv>, v: ManageView, found: Exclude<GiftsAnswer, { ok: true }>) =>
    found.reason === 'failed'
      ? withForm(c, v, 502, 'portalFailed')
      : withForm(c, v, 400, found.reason === 'expired' ? 'expired' : 'forged')

  const view = (
    v: ManageView,
    token: string,
    found: Extract<GiftsAnswer, { ok: true }>,
  ): GiftsView => ({
    ...v,
    token,
    gifts: found.gifts,
    settings: found.campaign.checkout,
  })

  app.get('/manage/:slug/gifts', async (c) => {
    const v = await frame(c)
    if (v instanceof Response) return v
    if (!service) return withForm(c, v, 503)
    const token = c.req.query('token') ?? ''
    const found = await service.gifts.open(v.slug, token)
    if (!found.ok) return refused(c, v, found)
    return html(c, renderGiftsPage(view(v, token, found), dirOf(v)), 200)
  })

  app.post(
    '/manage/:slug/gifts',
    bodyLimit({
      maxSize: 8 * 1024,
      onError: async (c) => {
        const v = await frame(c)
        return v instanceof Response ? v : withForm(c, v, 413, 'refused')
      },
    }),
  )
  app.post('/manage/:slug/gifts', async (c) => {
    const v = await frame(c)
    if (v instanceof Response) return v
    if (!service) return withForm(c, v, 503)
    let passed = false
    await kit
      .sameOrigin(c, async () => {
        passed = true
      })
      .catch(() => undefined)
    if (!passed) return withForm(c, v, 403, 'refused')
    const body = await c.req.parseBody()
    const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '')
    const token = field('token')
    // The token first: without a genuine, unexpired one nothing is read or changed.
    const found = await service.gifts.open(v.slug, token)
    if (!found.ok) return refused(c, v, found)
    const page = view(v, token, found)
    const dir = dirOf(v)
    const id = field('subscription')
    const asked = { choice: field('amount'), custom: field('custom').slice(0, 40) }
    const gift = found.gifts.find((g) => g.id === id)
    if (!gift) {
      const text = giftsText(v.locale, 'notYours')
      return html(c, renderGiftsPage({ ...page, message: { kind: 'error', text } }, dir), 403)
    }
    const s = found.campaign.checkout
    const read = readNewAmount(asked, gift.currency.toUpperCase(), v.locale, s)
    if (!read.ok) {
      const money = (n: number) => formatMoney(n, gift.currency.toUpperCase(), { locale: v.locale })
      const text =
        read.kind === 'format'
          ? donateText(v.locale, 'amount_format', { example: read.examples.join(' / ') })
          : donateText(v.locale, 'invalid_amount', { min: money(s.min), max: money(s.max) })
      const typed = { id, ...asked }
      return html(
        c,
        renderGiftsPage({ ...page, typed, message: { kind: 'error', text } }, dir),
        400,
      )
    }
    const done = await service.gifts.change(found, id, read.minor)
    if (!done.ok) {
      const key = done.problem.kind === 'notYours' ? 'notYours' : 'changeFailed'
      const text = giftsText(v.locale, key)
      const status = key === 'notYours' ? 403 : 502
      return html(c, renderGiftsPage({ ...page, message: { kind: 'error', text } }, dir), status)
    }
    const gifts = found.gifts.map((g) => (g.id === id ? done.gift : g))
    const amount = formatMoney(done.gift.amount, done.gift.currency.toUpperCase(), {
      locale: v.locale,
    })
    const key = done.gift.interval === 'month' ? 'changedMonth' : 'changedYear'
    const message = { kind: 'done' as const, text: giftsText(v.locale, key, { amount }) }
    return html(c, renderGiftsPage({ ...page, gifts, message }, dir), 200)
  })
}

const dirOf = (v: ManageView) => messagesFor(v.locale).dir
