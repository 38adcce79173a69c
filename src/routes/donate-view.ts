import { defaultCheckout } from '../domain/checkout.js'
import type { DonateKey } from '../domain/messages/donate.js'
import { messagesFor } from '../domain/messages/index.js'
import type { DonateView } from '../donate/page.js'
import type { DonateOptions } from './donate.openapi.js'

/** The pages send no script (the thank-you page loads only our widget) and are never framed. */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=UTF-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; " +
    "frame-ancestors 'none'",
}
export const THANKS_HEADERS = {
  ...PAGE_HEADERS,
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; " +
    "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
}

/** Reader-facing words for an error code of the checkout. */
export function keyOf(code: string): DonateKey | null {
  const keys: readonly DonateKey[] = [
    'invalid_amount',
    'monthly_not_allowed',
    'yearly_not_allowed',
    'rate_limited',
    'payment_provider_error',
    'checkout_disabled',
    'checkout_not_enabled',
    'archived',
  ]
  return (keys as readonly string[]).includes(code) ? (code as DonateKey) : null
}

/** The view of a slug that names no campaign (or cannot be one). */
export function undefinedView(slug: string, o?: DonateOptions): DonateView {
  const locale = o?.locale ?? 'en'
  return {
    slug,
    name: slug,
    currency: 'USD',
    locale,
    settings: defaultCheckout('USD'),
    bar: null,
    options: o ?? { theme: 'auto', currencyDisplay: 'locale' },
    query: '',
    image: null,
    error: { text: messagesFor(locale).text('notFound', { slug }) },
    closed: true,
  }
}
