import { providerKey, providerRef } from '../domain/keys.js'
import { normalizeCurrency, parseMajor } from '../domain/money.js'
import type { BalanceFigures } from '../ingest/facts.js'
import { MalformedEvent } from '../stripe/incoming-error.js'
import type { Link } from './types.js'

/** A PayPal object's ref in the ledger: `paypal:<id>`. */
export const ref = (id: string) => providerRef('paypal', id)
/** A PayPal entry's natural key: `paypal:<kind>:<id>`. */
export const key = (kind: string, id: string) => providerKey('paypal', kind, id)

const ID = /^[A-Za-z0-9-]{1,255}$/

/** A PayPal id as its schemas allow them (letters, digits, hyphens); else the event is malformed. */
export function id(v: unknown, what: string): string {
  if (typeof v !== 'string' || !ID.test(v)) throw new MalformedEvent(`PayPal ${what} has no id`)
  return v
}

/** An optional id: a string of PayPal's id characters, else null. */
export const idOrNull = (v: unknown): string | null =>
  typeof v === 'string' && ID.test(v) ? v : null

/** Unix seconds of an ISO-8601 time PayPal sends (`create_time`). */
export function unixOf(v: unknown, what: string): number {
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN
  if (!Number.isFinite(t)) throw new MalformedEvent(`PayPal ${what} has no time`)
  return Math.floor(t / 1000)
}

/**
 * A decimal string ("12.34", ".5", "-3") in minor units of its currency, by the currency's
 * exponent, exactly: never through a float. Throws when the value is not one PayPal's `money`
 * pattern allows or has more digits than the currency.
 */
export function minorOf(value: unknown, currency: unknown, what: string) {
  const code = typeof currency === 'string' ? normalizeCurrency(currency) : undefined
  if (!code || typeof value !== 'string' || value.length > 32) {
    throw new MalformedEvent(`PayPal ${what} has no amount`)
  }
  const text = value.replace(/^(-?)\./, '$10.')
  const amount = parseMajor(text, code)
  if (amount === undefined)
    throw new MalformedEvent(`PayPal ${what} amount "${value}" is not exact`)
  return { amount, currency: code }
}

/** The same, or null when the field is absent. */
export function minorOrNull(
  m: { value?: string; currency_code?: string; currency?: string } | undefined,
  what: string,
): { amount: number; currency: string } | null {
  if (!m || m.value === undefined) return null
  return minorOf(m.value, m.currency_code ?? m.currency, what)
}

/** The capture a refund reverses: its `up` link (`…/v2/payments/captures/{id}`). */
export function upCapture(links: Link[] | undefined): string | null {
  for (const l of links ?? []) {
    const m =
      l.rel === 'up' && typeof l.href === 'string' ? /\/captures\/([^/?#]+)/.exec(l.href) : null
    if (m?.[1]) return idOrNull(decodeURIComponent(m[1]))
  }
  return null
}

/**
 * What PayPal booked for one movement, in its own currency: gross, fee and net (signed as the
 * ledger's: net = amount - fee), kept with the entry as Stripe's balance transactions are.
 * Null when it gave no fee in the movement's currency.
 */
export function figures(
  txn: string,
  gross: { amount: number; currency: string },
  fee: { amount: number; currency: string } | null,
  sign: 1 | -1,
): BalanceFigures | null {
  if (!fee || fee.currency !== gross.currency) return null
  const amount = sign * Math.abs(gross.amount)
  const f = sign * Math.abs(fee.amount)
  return {
    id: txn,
    amount,
    fee: f,
    net: amount - f,
    currency: gross.currency,
    exchangeRate: null,
    feeDetails: [{ type: 'paypal_fee', amount: f }],
  }
}
