import { ApiError } from '../errors.js'
import { type PaypalApi, PaypalApiError } from '../paypal/client.js'
import {
  approvedPlan,
  approveLink,
  capturedGift,
  type GiveUrls,
  idOf,
  orderRequest,
  planRequest,
  productRequest,
  subscriptionRequest,
} from '../paypal/give-shapes.js'
import type { PaypalSettings } from '../paypal/receive.js'
import type { Campaign } from '../store/campaigns.js'
import {
  keepPaypalPlan,
  keepPaypalProduct,
  type PlanKey,
  paypalPlan,
  paypalProduct,
  planById,
} from '../store/paypal-plans.js'
import type { CreatedSession } from '../stripe/checkout.js'
import type { CheckoutDeps, CheckoutService, CreateSession, Gift, StartOptions } from './service.js'
import type { ThanksOutcome } from './thanks-page.js'

/** PayPal's order and subscription ids as its APIs give them. */
const PAYPAL_ID = /^[A-Za-z0-9-]{1,64}$/

/**
 * Gifts through PayPal (issue 22, section 3): once through Orders v2 (create with `custom_id`,
 * the reader approves on PayPal, the return captures), monthly through Subscriptions (a catalog
 * product per campaign and a plan per amount, made on demand and kept in the store). Every check
 * is the Stripe checkout's (src/donate/service.ts); PayPal failing is its 502.
 */
export function paypalGiving(ctx: CheckoutDeps, checkout: CheckoutService) {
  const settings: PaypalSettings | undefined = ctx.config.paypal
  const api = () => ctx.paypal as PaypalApi
  const origin = settings ? new URL(settings.apiUrl).origin : ''
  const base = ctx.config.publicUrl?.replace(/\/+$/, '') ?? ''
  const now = () => ctx.now().toISOString()

  /** Where PayPal sends the reader back: the return page, or the donate page on cancel. */
  const urls = (slug: string, back: 'return' | 'subscribed', query: string): GiveUrls => {
    const page = `${base}/donate/${encodeURIComponent(slug)}`
    return { returnUrl: `${page}/paypal/${back}${query}`, cancelUrl: `${page}${query}` }
  }

  const approved = (body: Record<string, unknown>, what: string): CreatedSession => {
    const id = idOf(body)
    const url = approveLink(body, settings?.apiUrl ?? '')
    if (!id || !url) throw new PaypalApiError(`PayPal gave no ${what} id or approve link`)
    return { id, url }
  }

  async function product(c: Campaign): Promise<string> {
    const kept = await paypalProduct(ctx.store, origin, c.slug)
    if (kept) return kept
    const body = await api().send(
      'POST',
      '/v1/catalogs/products',
      productRequest(c),
      `supportbar-product-${c.slug}`,
    )
    const id = idOf(body)
    if (!id) throw new PaypalApiError('PayPal gave no product id')
    return keepPaypalProduct(ctx.store, origin, c.slug, id, now())
  }

  async function plan(c: Campaign, amount: number): Promise<string> {
    const key: PlanKey = {
      api: origin,
      campaign: c.slug,
      currency: c.currency,
      amount,
      every: 'month',
    }
    const kept = await paypalPlan(ctx.store, key)
    if (kept) return kept
    const productId = await product(c)
    const body = await api().send(
      'POST',
      '/v1/billing/plans',
      planRequest(productId, c, amount, 'MONTH'),
      `supportbar-plan-${productId}-${c.currency}-${amount}-month`,
    )
    const id = idOf(body)
    if (!id) throw new PaypalApiError('PayPal gave no plan id')
    return keepPaypalPlan(ctx.store, key, id, now())
  }

  /** `query`: the page's display options, kept on the way back. */
  const create =
    (query: string): CreateSession =>
    async (c, gift, opts) => {
      const amount = gift.amount + gift.cover
      const who = { slug: c.slug, name: c.name, currency: c.currency, locale: opts.locale }
      if (gift.interval === 'once') {
        const body = await api().send(
          'POST',
          '/v2/checkout/orders',
          orderRequest(who, amount, urls(c.slug, 'return', query)),
          opts.idempotencyKey !== undefined ? `supportbar-order-${opts.idempotencyKey}` : undefined,
        )
        return approved(body, 'order')
      }
      const planId = await plan(c, amount)
      const body = await api().send(
        'POST',
        '/v1/billing/subscriptions',
        subscriptionRequest(planId, who, urls(c.slug, 'subscribed', query)),
        opts.idempotencyKey !== undefined ? `supportbar-sub-${opts.idempotencyKey}` : undefined,
      )
      return approved(body, 'subscription')
    }

  /** A gift through PayPal: once or monthly (PayPal's monthly supporters count monthly plans). */
  function start(slug: string, gift: Gift, opts: StartOptions) {
    if (gift.interval === 'year') {
      throw new ApiError(400, 'yearly_not_allowed', 'PayPal gifts here are once or monthly')
    }
    return checkout.startWith('paypal', create(opts.query ?? ''), slug, gift, opts)
  }

  const error = (status: number, key: 'notFound' | 'unpaid' | 'lookupFailed') => ({
    status,
    outcome: { kind: 'error', key } as const,
  })
  const failed = (slug: string, err: unknown) => {
    // PayPal knows no such order or subscription: the link is not one of ours.
    if (err instanceof PaypalApiError && err.status === 404) return error(404, 'notFound')
    const message = err instanceof Error ? err.message : String(err)
    ctx.log.warn('thank-you page: PayPal lookup failed', { campaign: slug, error: message })
    return error(502, 'lookupFailed')
  }

  /**
   * The reader approved an order (`token` is its id): capture it, once however often the page is
   * loaded (`PayPal-Request-Id`; an order captured already is read instead), then say thanks.
   */
  async function captured(
    slug: string,
    orderId: string | undefined,
  ): Promise<{ status: number; outcome: ThanksOutcome }> {
    if (!orderId || !PAYPAL_ID.test(orderId)) return error(400, 'notFound')
    if (!ctx.paypal) return error(503, 'lookupFailed')
    const path = `/v2/checkout/orders/${encodeURIComponent(orderId)}`
    let order: Record<string, unknown>
    try {
      order = await api().send('POST', `${path}/capture`, {}, `supportbar-capture-${orderId}`)
    } catch (err) {
      if (!(err instanceof PaypalApiError)) throw err
      try {
        order = await api().send('GET', path)
      } catch (again) {
        return failed(slug, again)
      }
    }
    const g = capturedGift(order, slug)
    if (g === null) return error(404, 'notFound')
    if (g === 'unpaid') return error(400, 'unpaid')
    ctx.log.info('paypal order captured', { campaign: slug, order: orderId, amount: g.amount })
    return {
      status: 200,
      outcome: {
        kind: 'gift',
        gift: { ...g, interval: 'once', cover: 0 },
        manageUrl: null,
        via: 'PayPal',
      },
    }
  }

  /** The reader approved a subscription (`subscription_id`): read it and its plan, say thanks. */
  async function subscribed(
    slug: string,
    subId: string | undefined,
  ): Promise<{ status: number; outcome: ThanksOutcome }> {
    if (!subId || !PAYPAL_ID.test(subId)) return error(400, 'notFound')
    if (!ctx.paypal) return error(503, 'lookupFailed')
    let sub: Record<string, unknown>
    try {
      sub = await api().send('GET', `/v1/billing/subscriptions/${encodeURIComponent(subId)}`)
    } catch (err) {
      return failed(slug, err)
    }
    const planId = approvedPlan(sub, slug)
    if (planId === null) return error(404, 'notFound')
    if (planId === 'unpaid') return error(400, 'unpaid')
    const p = await planById(ctx.store, origin, planId)
    if (!p || p.campaign !== slug) return error(404, 'notFound')
    const gift = { amount: p.amount, currency: p.currency, interval: p.every, cover: 0 }
    return {
      status: 200,
      outcome: { kind: 'gift', gift: { ...gift, pending: false }, manageUrl: null },
    }
  }

  return { start, captured, subscribed }
}

export type PaypalGiving = ReturnType<typeof paypalGiving>
