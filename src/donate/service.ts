import type { Context } from 'hono'
import type Stripe from 'stripe'
import type { AppEnv, Services } from '../deps.js'
import { checkAmount, type Interval } from '../domain/checkout.js'
import { formatMoney } from '../domain/money.js'
import { ApiError } from '../errors.js'
import { clientAddress } from '../http/client-address.js'
import { type Campaign, getCampaign } from '../store/campaigns.js'
import { findCheckoutRequest, rememberCheckoutRequest } from '../store/checkout.js'
import {
  type CreatedSession,
  checkoutLocale,
  createCheckoutSession,
  sessionParams,
} from '../stripe/checkout.js'
import { RateLimiter } from './rate-limit.js'
import { checkoutOff } from './urls.js'

/** How long an Idempotency-Key answers the same session (Stripe keeps its keys a day). */
const KEY_TTL_MS = 24 * 60 * 60 * 1000

/** The client a rate limit counts against (src/http/client-address.ts: trusted proxies only). */
export function clientOf(ctx: Pick<Services, 'config'>, c: Context<AppEnv>): string {
  return clientAddress(c, ctx.config)
}

/** A gift as a reader asks for it (the amount is checked here, not trusted). */
export interface Gift {
  amount: number
  interval: Interval
}

export interface StartOptions {
  idempotencyKey?: string
  client: string
  /** The page's display locale, for Checkout's own language. */
  locale?: string
}

/** What the checkout service uses. */
export type CheckoutDeps = Pick<Services, 'store' | 'config' | 'log' | 'now' | 'stripe'>

/** Creates Checkout Sessions for gifts: every check first, then Stripe, then remember. */
export function checkoutService(ctx: CheckoutDeps) {
  const limiter = new RateLimiter(ctx.config.checkoutRateLimit, 60_000, () => ctx.now().getTime())

  /** The campaign if a reader may give to it now; the error a reader should see if not. */
  async function givable(slug: string): Promise<Campaign> {
    const campaign = await getCampaign(ctx.store, slug)
    if (!campaign) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
    if (campaign.archived) {
      throw new ApiError(409, 'archived', `Campaign "${slug}" has ended and takes no more gifts`)
    }
    const off = checkoutOff(ctx.stripe !== undefined, ctx.config.publicUrl)
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
    const fmt = (n: number) => formatMoney(n, campaign.currency, { locale: 'en-US' })
    const why =
      problem.reason === 'not_integer'
        ? 'must be a whole number of minor units (cents)'
        : problem.reason === 'under_min'
          ? `must be at least ${s.min} (${fmt(s.min)})`
          : `must be at most ${s.max} (${fmt(s.max)})`
    throw new ApiError(400, 'invalid_amount', `amount ${why}`)
  }

  async function start(slug: string, gift: Gift, opts: StartOptions): Promise<CreatedSession> {
    const campaign = await givable(slug)
    checkGift(campaign, gift)
    const key = opts.idempotencyKey
    const fingerprint = `${slug}|${gift.amount}|${gift.interval}`
    const since = new Date(ctx.now().getTime() - KEY_TTL_MS).toISOString()
    if (key !== undefined) {
      const seen = await findCheckoutRequest(ctx.store, key, since)
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          throw new ApiError(
            409,
            'idempotency_conflict',
            'This Idempotency-Key was used for another gift; use a new key for a new gift',
          )
        }
        return { id: seen.id, url: seen.url }
      }
    }
    const wait = limiter.hit(opts.client)
    if (wait > 0) {
      throw new ApiError(429, 'rate_limited', `Too many checkouts; try again in ${wait} s`, {
        headers: { 'Retry-After': String(wait) },
      })
    }
    const stripe = ctx.stripe as Stripe
    const params = sessionParams({
      campaign,
      amount: gift.amount,
      interval: gift.interval,
      baseUrl: (ctx.config.publicUrl as string).replace(/\/+$/, ''),
      locale: checkoutLocale(opts.locale ?? campaign.locale),
    })
    let session: CreatedSession
    try {
      session = await createCheckoutSession(stripe, params, {
        ...(key !== undefined ? { idempotencyKey: `supportbar-checkout-${key}` } : {}),
        timeoutMs: ctx.config.checkoutTimeoutMs,
      })
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      ctx.log.warn('checkout session create failed', { campaign: slug, error: message })
      throw new ApiError(
        502,
        'payment_provider_error',
        `Stripe could not start the checkout (${message}); nothing was charged, try again`,
        { cause: err },
      )
    }
    if (key !== undefined) {
      const now = ctx.now().toISOString()
      await rememberCheckoutRequest(
        ctx.store,
        key,
        { ...session, fingerprint, campaign: slug },
        now,
        since,
      )
    }
    ctx.log.info('checkout session created', {
      campaign: slug,
      session: session.id,
      interval: gift.interval,
      amount: gift.amount,
    })
    return session
  }

  return { start, givable }
}

export type CheckoutService = ReturnType<typeof checkoutService>
