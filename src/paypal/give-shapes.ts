import { toMajorString } from '../domain/money.js'
import { minorOf } from './map-fields.js'
import type { Link, Money } from './types.js'

/**
 * What the donate page sends PayPal and reads back (pure). Every field is from PayPal's published
 * OpenAPI documents (github.com/paypal/paypal-rest-api-specifications, openapi/):
 * checkout_orders_v2 (`order_request`, `purchase_unit_request`, `paypal_wallet_experience_context`,
 * `order`, `capture`), catalogs_products_v1 (`product_request_POST`) and billing_subscriptions_v1
 * (`plan_request_POST`, `billing_cycle`, `subscription_request_post`, `application_context`,
 * `subscription`).
 */

/** A minor-unit amount as PayPal's `money`: the value a decimal string by the currency's exponent. */
export const paypalMoney = (minor: number, currency: string): Money => ({
  currency_code: currency,
  value: toMajorString(minor, currency),
})

/** PayPal's texts are at most 127 characters (`brand_name`, `description`, `name`). */
const clip = (s: string) => (s.length > 127 ? `${s.slice(0, 126)}…` : s)

/** `language`: PayPal takes a five-character locale (`en-US`); anything else is left out. */
const localeOf = (locale: string | undefined) =>
  locale && /^[a-z]{2}-[A-Z]{2}$/.test(locale) ? { locale } : {}

export interface GiveUrls {
  returnUrl: string
  cancelUrl: string
}

/** `order_request`: one purchase unit, captured at once, `custom_id` the campaign's slug. */
export function orderRequest(
  c: { slug: string; name: string; currency: string; locale?: string },
  amount: number,
  urls: GiveUrls,
) {
  return {
    intent: 'CAPTURE',
    purchase_units: [
      {
        custom_id: c.slug,
        description: clip(`Gift to ${c.name}`),
        amount: paypalMoney(amount, c.currency),
      },
    ],
    payment_source: {
      paypal: {
        experience_context: {
          brand_name: clip(c.name),
          ...localeOf(c.locale),
          shipping_preference: 'NO_SHIPPING',
          user_action: 'PAY_NOW',
          return_url: urls.returnUrl,
          cancel_url: urls.cancelUrl,
        },
      },
    },
  }
}

/** `product_request_POST`: the campaign as a service of category CHARITY. */
export function productRequest(c: { slug: string; name: string }) {
  return {
    name: clip(c.name),
    description: clip(`Gifts to ${c.name} (${c.slug})`),
    type: 'SERVICE',
    category: 'CHARITY',
  }
}

/** `plan_request_POST`: a fixed amount every month (or year), without end, active at once. */
export function planRequest(
  productId: string,
  c: { name: string; currency: string },
  amount: number,
  unit: 'MONTH' | 'YEAR',
) {
  const price = paypalMoney(amount, c.currency)
  return {
    product_id: productId,
    name: clip(`${c.name}: ${price.value} ${c.currency} a ${unit.toLowerCase()}`),
    status: 'ACTIVE',
    billing_cycles: [
      {
        frequency: { interval_unit: unit, interval_count: 1 },
        tenure_type: 'REGULAR',
        sequence: 1,
        total_cycles: 0,
        pricing_scheme: { fixed_price: price },
      },
    ],
    payment_preferences: { auto_bill_outstanding: true, payment_failure_threshold: 3 },
  }
}

/** `subscription_request_post`: the plan, `custom_id` the campaign's slug. */
export function subscriptionRequest(
  planId: string,
  c: { slug: string; name: string; locale?: string },
  urls: GiveUrls,
) {
  return {
    plan_id: planId,
    custom_id: c.slug,
    application_context: {
      brand_name: clip(c.name),
      ...localeOf(c.locale),
      shipping_preference: 'NO_SHIPPING',
      user_action: 'SUBSCRIBE_NOW',
      return_url: urls.returnUrl,
      cancel_url: urls.cancelUrl,
    },
  }
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null)

/** An id PayPal gave back (`id` of an order, product, plan or subscription), or null. */
export const idOf = (body: Record<string, unknown>) => {
  const v = str(body.id)
  return v && /^[A-Za-z0-9-]{1,64}$/.test(v) ? v : null
}

/**
 * Where the payer approves: an order's `payer-action` link (with `payment_source.paypal`) or
 * `approve` (the older `application_context`), a subscription's `approve`; https only, or the
 * API's own origin (a local fake in tests).
 */
export function approveLink(body: Record<string, unknown>, apiUrl: string): string | null {
  const links = Array.isArray(body.links) ? (body.links as Link[]) : []
  for (const rel of ['payer-action', 'approve']) {
    const href = links.find((l) => l.rel === rel)?.href
    if (typeof href !== 'string') continue
    try {
      const u = new URL(href)
      if (u.protocol === 'https:' || u.origin === new URL(apiUrl).origin) return u.toString()
    } catch {}
  }
  return null
}

/** A captured order as the thank-you page states it. */
export interface CapturedGift {
  amount: number
  currency: string
  pending: boolean
}

/**
 * The gift an order records for campaign `slug`: its first purchase unit must name the campaign
 * (`custom_id`), and its first capture be COMPLETED (or PENDING: PayPal still reviews it).
 * `unpaid` when the order is not captured; null when it is not this campaign's.
 */
export function capturedGift(
  order: Record<string, unknown>,
  slug: string,
): CapturedGift | 'unpaid' | null {
  const units = Array.isArray(order.purchase_units) ? order.purchase_units : []
  const unit = (units[0] ?? {}) as {
    custom_id?: string
    payments?: { captures?: { status?: string; amount?: Money; custom_id?: string }[] }
  }
  const capture = unit.payments?.captures?.[0]
  if ((unit.custom_id ?? capture?.custom_id) !== slug) return null
  if (!capture || (capture.status !== 'COMPLETED' && capture.status !== 'PENDING')) return 'unpaid'
  try {
    const m = minorOf(capture.amount?.value, capture.amount?.currency_code, 'capture')
    return { amount: m.amount, currency: m.currency, pending: capture.status === 'PENDING' }
  } catch {
    return null
  }
}

/**
 * What a subscription says about a gift to `slug`: its plan when it names the campaign and the
 * payer approved it (APPROVED, ACTIVE); `unpaid` when approval is pending; null otherwise.
 */
export function approvedPlan(sub: Record<string, unknown>, slug: string): string | 'unpaid' | null {
  if (sub.custom_id !== slug) return null
  const plan = str(sub.plan_id)
  if (!plan) return null
  if (sub.status === 'APPROVED' || sub.status === 'ACTIVE') return plan
  return sub.status === 'APPROVAL_PENDING' ? 'unpaid' : null
}
