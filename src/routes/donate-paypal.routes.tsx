import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv, Services } from '../deps.js'
import type { PaypalGiving } from '../donate/paypal.js'
import { clientOf, type Gift, type StartOptions } from '../donate/service.js'
import type { ThanksOutcome } from '../donate/thanks-page.js'
import { openCors } from '../http/cors.js'
import type { CreatedSession } from '../stripe/checkout.js'
import { documentPaypalPages, paypalRoute } from './donate-paypal.openapi.js'
import { badRequestHook } from './validation.js'

type Start = (slug: string, gift: Gift, opts: StartOptions) => Promise<CreatedSession>
type Outcome = { status: number; outcome: ThanksOutcome }

/** What the donate pages lend the PayPal pages (src/routes/donate.routes.tsx). */
export interface DonatePages {
  /** The form's gift, checked, to a provider: 303 to its page, or the page with the error. */
  giveForm(c: Context<AppEnv>, begin: Start, provider: 'stripe' | 'paypal'): Promise<Response>
  /** The thank-you page for what `outcome` finds. */
  thanksPage(c: Context<AppEnv>, outcome: (slug: string) => Promise<Outcome>): Promise<Response>
}

/**
 * The donate page's PayPal button and PayPal's ways back, all plain requests (no JavaScript):
 * `POST /donate/:slug/paypal` (the same form, `formaction`) answers 303 to PayPal's approve page;
 * PayPal returns the reader to `/donate/:slug/paypal/return?token=ORDER` (the order is captured,
 * then thanks) or `/donate/:slug/paypal/subscribed?subscription_id=I-…` (thanks), and on cancel
 * to the donate page itself.
 */
export function paypalPages(
  app: OpenAPIHono<AppEnv>,
  pages: DonatePages,
  paypal: PaypalGiving,
  formLimit: MiddlewareHandler<AppEnv>,
  ctx: Pick<Services, 'config'>,
): void {
  app.post('/donate/:slug/paypal', formLimit)
  app.post('/donate/:slug/paypal', (c) => pages.giveForm(c, paypal.start, 'paypal'))
  app.get('/donate/:slug/paypal/return', (c) =>
    pages.thanksPage(c, (slug) => paypal.captured(slug, c.req.query('token'))),
  )
  app.get('/donate/:slug/paypal/subscribed', (c) =>
    pages.thanksPage(c, (slug) => paypal.subscribed(slug, c.req.query('subscription_id'))),
  )
  documentPaypalPages(app)

  app.use('/api/campaigns/:slug/paypal', openCors())
  app.openapi(
    paypalRoute,
    async (c) => {
      const { slug } = c.req.valid('param')
      const body = c.req.valid('json')
      const key = c.req.valid('header')['idempotency-key']
      const gift: Gift = { amount: body.amount, interval: body.interval, coverFee: body.coverFee }
      const started = await paypal.start(slug, gift, {
        client: clientOf(ctx, c),
        ...(key !== undefined ? { idempotencyKey: key } : {}),
      })
      return c.json(started, 200, { 'Cache-Control': 'no-store' })
    },
    badRequestHook,
  )
}
