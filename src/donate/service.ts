import type { Context } from 'hono'
import type Stripe from 'stripe'
import type { Services } from '../deps.js'
import { checkAmount, type Interval, withFeeCovered } from '../domain/checkout.js'
import { formatMoney, STRIPE_MAX_AMOUNT } from '../domain/money.js'
import { ApiError } from '../errors.js'
import { clientAddress } from '../http/client-address.js'
import { type Campaign, getCampaign } from '../store/campaigns.js'
import {
  type CreatedSession,
  checkoutLocale,
  createCheckoutSession,
  sessionParams,
} from '../stripe/checkout.js'
import { holdKey, type KeyClaim } from './idempotency.js'
import { RateLimiter } from './rate-limit.js'
import { checkoutOff, paypalOff } from './urls.js'

/** The client a rate limit counts against (src/http/client-address.ts: trusted proxies only). */
export function clientOf(ctx: Pick<Services, 'config'>, c: Context): string {
  return clientAddress(c, ctx.config)
}

/** A gift as a reader asks for it (the amount is checked here, not trusted). */
export interface Gift {
  amount: number
  interval: Interval
  /** The reader adds the campaign's fee estimate (ignored when the campaign offers none). */
  coverFee?: boolean
}

export interface StartOptions {
  idempotencyKey?: string
  client: string
  /** The page's display locale, for Checkout's own language. */
  locale?: string
  /** The page's display options (`?theme=…`), kept on the way back from PayPal. */
  query?: string
}

/** What the checkout service uses. */
export type CheckoutDeps = Pick<Services, 'store' | 'config' | 'log' | 'now' | 'stripe' | 'paypal'>

/** Who takes the gift: Stripe Checkout, or PayPal (src/donate/paypal.ts). */
export type GiveProvider = 'stripe' | 'paypal'
const PROVIDER_NAME: Record<GiveProvider, string> = { stripe: 'Stripe', paypal: 'PayPal' }

/** Makes the provider's session for a checked gift (`cover` already added by the caller). */
export type CreateSession = (
  campaign: Campaign,
  gift: Gift & { cover: number },
  opts: StartOptions,
) => Promise<CreatedSession>

/** Creates Checkout Sessions for gifts: every check first, then Stripe, then remember. */
export function checkoutService(ctx: CheckoutDeps) {
  const limiter = new RateLimiter(ctx.config.checkoutRateLimit, 60_000, () => ctx.now().getTime())

  /** The campaign if a reader may give to it now; the error a reader should see if not. */
  async function givable(slug: string, provider: GiveProvider = 'stripe'): Promise<Campaign> {
    const campaign = await getCampaign(ctx.store, slug)
    if (!campaign) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
    if (campaign.archived) {
      throw new ApiError(409, 'archived', `Campaign "${slug}" has ended and takes no more gifts`)
    }
    const off =
      provider === 'stripe'
        ? checkoutOff(ctx.stripe !== undefined, ctx.config.publicUrl)
        : paypalOff(ctx.paypal !== undefined, ctx.config.publicUrl)
    if (off) throw new ApiError(503, 'checkout_disabled', off)
    if (!campaign.checkout.enabled) {
      throw new ApiError(409, 'checkout_not_enabled', `Campaign "${slug}" does not take gifts here`)
    }
    return campaign
  }

  function checkGift(campaign: Campaign, gift: Gift): void {
    const s = campaign.checkout
    const problem = checkAmount(s, gift.amount, gift.interval)
    if (!problem) return
    if (problem.code === 'monthly_not_allowed') {
      throw new ApiError(400, 'monthly_not_allowed', 'This campaign takes one-off gifts only')
    }
    if (problem.code === 'yearly_not_allowed') {
      throw new ApiError(400, 'yearly_not_allowed', 'This campaign takes no yearly gifts')
    }
    const fmt = (n: number) => formatMoney(n, campaign.currency, { locale: 'en-US' })
    const why =
      problem.reason === 'not_integer'
        ? 'must be a whole number of minor units (cents)'
        : problem.reason === 'under_min'
          ? `must be at least ${s.min} (${fmt(s.min)})`
          : `must be at most ${s.max} (${fmt(s.max)})`
    throw new ApiError(400, 'invalid_amount', `amount ${why}`)
  }

  /**
   * Every check (campaign, amount, fee cover, Idempotency-Key, rate limit: one limiter for both
   * providers), then the provider's session, then remember it under the key.
   */
  async function startWith(
    provider: GiveProvider,
    create: CreateSession,
    slug: string,
    gift: Gift,
    opts: StartOptions,
  ): Promise<CreatedSession> {
    const campaign = await givable(slug, provider)
    checkGift(campaign, gift)
    const fc = campaign.checkout.feeCover
    const cover = gift.coverFee && fc.enabled ? withFeeCovered(gift.amount, fc) - gift.amount : 0
    if (gift.amount + cover > STRIPE_MAX_AMOUNT) {
      const most = `${STRIPE_MAX_AMOUNT} with the fee covered`
      throw new ApiError(400, 'invalid_amount', `amount must be at most ${most}`)
    }
    const key = opts.idempotencyKey
    const via = provider === 'stripe' ? '' : `${provider}|`
    const fingerprint = `${via}${slug}|${gift.amount}|${gift.interval}${cover ? `|+${cover}` : ''}`
    let hold: KeyClaim | undefined
    if (key !== undefined) {
      const held = await holdKey(ctx, key, fingerprint, slug)
      if ('replay' in held) return held.replay
      hold = held.claim
    }
    const wait = limiter.hit(opts.client)
    if (wait > 0) {
      await hold?.release()
      throw new ApiError(429, 'rate_limited', `Too many checkouts; try again in ${wait} s`, {
        headers: { 'Retry-After': String(wait) },
      })
    }
    let session: CreatedSession
    try {
      session = await create(campaign, { ...gift, cover }, opts)
    } catch (err) {
      await hold?.release()
      if (err instanceof ApiError) throw err
      const message = err instanceof Error ? err.message : String(err)
      const name = PROVIDER_NAME[provider]
      ctx.log.warn('checkout session create failed', { campaign: slug, provider, error: message })
      throw new ApiError(
        502,
        'payment_provider_error',
        `${name} could not start the checkout (${message}); nothing was charged, try again`,
        { cause: err },
      )
    }
    await hold?.done(session)
    ctx.log.info('checkout session created', {
      campaign: slug,
      provider,
      session: session.id,
      interval: gift.interval,
      amount: gift.amount,
      cover,
    })
    return session
  }

  /** Stripe Checkout: a session with the campaign's settings, on its account. */
  const stripeSession: CreateSession = (campaign, gift, opts) =>
    createCheckoutSession(
      ctx.stripe as Stripe,
      sessionParams({
        campaign,
        amount: gift.amount,
        cover: gift.cover,
        interval: gift.interval,
        baseUrl: (ctx.config.publicUrl as string).replace(/\/+$/, ''),
        locale: checkoutLocale(opts.locale ?? campaign.locale),
      }),
      {
        ...(opts.idempotencyKey !== undefined
          ? { idempotencyKey: `supportbar-checkout-${opts.idempotencyKey}` }
          : {}),
        timeoutMs: ctx.config.checkoutTimeoutMs,
        stripeAccount: campaign.stripeAccount,
      },
    )

  const start = (slug: string, gift: Gift, opts: StartOptions) =>
    startWith('stripe', stripeSession, slug, gift, opts)

  return { start, startWith, givable }
}

export type CheckoutService = ReturnType<typeof checkoutService>
