import type Stripe from 'stripe'
import type { Interval } from '../domain/checkout.js'
import { wallFields } from './wall-fields.js'

/** What a Checkout Session is made from: all of it already checked against the campaign. */
export interface GiftRequest {
  campaign: { slug: string; name: string; currency: string }
  /** Minor units: the gift itself. */
  amount: number
  /** Minor units the reader adds to cover the fee (0 for none); charged on top of `amount`. */
  cover?: number
  interval: Interval
  /** Public base URL of this service, without a trailing slash. */
  baseUrl: string
  /** Checkout page language (`auto`, or one Stripe knows); omitted when unknown. */
  locale?: Stripe.Checkout.SessionCreateParams.Locale
}

/**
 * The Checkout Session parameters for a gift (Stripe API 2026-10-28.endive). One-off: payment
 * mode, the campaign on the PaymentIntent. Monthly or yearly: subscription mode with an inline
 * recurring price (`recurring.interval` `month` or `year`), the campaign on the Subscription
 * (its invoices carry it on to each renewal). Both use Stripe's "Donate" button. The session's
 * own metadata also says what the thank-you page states (interval, gift, fee cover): it is read
 * back on the server from Stripe, never from the query. Pure.
 */
export function sessionParams(g: GiftRequest): Stripe.Checkout.SessionCreateParams {
  const slug = g.campaign.slug
  const metadata = { campaign: slug }
  const cover = g.cover ?? 0
  const total = g.amount + cover
  const about = { ...metadata, interval: g.interval, gift: String(g.amount), cover: String(cover) }
  const page = `${g.baseUrl}/donate/${encodeURIComponent(slug)}`
  const common = {
    metadata: about,
    submit_type: 'donate' as const,
    // Stripe fills {CHECKOUT_SESSION_ID} itself; the braces must reach it as they are.
    success_url: `${page}/thanks?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: page,
    ...(g.locale ? { locale: g.locale } : {}),
    // The opt-in donor wall: a name and an explicit "yes" (src/stripe/wall-fields.ts).
    custom_fields: wallFields(g.locale),
  }
  const name = g.campaign.name
  const currency = g.campaign.currency.toLowerCase()
  if (g.interval !== 'once') {
    const every = g.interval === 'month' ? 'Monthly' : 'Yearly'
    return {
      ...common,
      mode: 'subscription',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency,
            unit_amount: total,
            recurring: { interval: g.interval },
            product_data: { name: `${every} gift to ${name}` },
          },
        },
      ],
      subscription_data: { metadata },
    }
  }
  return {
    ...common,
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: { currency, unit_amount: total, product_data: { name: `Gift to ${name}` } },
      },
    ],
    payment_intent_data: { metadata },
  }
}

/** A created session: what the reader is sent to. */
export interface CreatedSession {
  id: string
  url: string
}

/**
 * Creates the session through the one Stripe client. The idempotency key makes a retried
 * request return the same session; the timeout bounds how long a reader waits on Stripe. A
 * campaign of a connected account (`stripeAccount`) creates it on that account (Stripe
 * Connect's `Stripe-Account` header): the gift is that account's, and so are its events.
 */
export async function createCheckoutSession(
  stripe: Stripe,
  params: Stripe.Checkout.SessionCreateParams,
  opts: { idempotencyKey?: string; timeoutMs: number; stripeAccount?: string | null },
): Promise<CreatedSession> {
  const session = await stripe.checkout.sessions.create(params, {
    ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}),
    ...(opts.stripeAccount ? { stripeAccount: opts.stripeAccount } : {}),
    timeout: opts.timeoutMs,
    maxNetworkRetries: 1,
  })
  if (!session.url) throw new Error(`Stripe returned session ${session.id} without a url`)
  return { id: session.id, url: session.url }
}

/** Checkout locales Stripe accepts that the donate page may pass through (others: `auto`). */
const LOCALES = new Set<string>([
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'en-GB',
  'es',
  'es-419',
  'et',
  'fi',
  'fil',
  'fr',
  'fr-CA',
  'hi-IN',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'lt',
  'lv',
  'ms',
  'mt',
  'nb',
  'nl',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sl',
  'sv',
  'th',
  'tr',
  'vi',
  'zh',
  'zh-HK',
  'zh-TW',
])

/** The Checkout locale for a display locale: exact, then its language, else `auto`. */
export function checkoutLocale(locale: string): Stripe.Checkout.SessionCreateParams.Locale {
  if (LOCALES.has(locale)) return locale as Stripe.Checkout.SessionCreateParams.Locale
  const lang = locale.split('-')[0] ?? ''
  return (LOCALES.has(lang) ? lang : 'auto') as Stripe.Checkout.SessionCreateParams.Locale
}
