import { normalizeCurrency, parseMajor } from '../domain/money.js'
import { MalformedEvent } from '../stripe/incoming-error.js'

/**
 * Reading a platform's fields, shared by every source: ids, times and amounts, each checked
 * (a webhook body is verified, not trusted) and never through a float.
 */

const ID = /^[A-Za-z0-9_=+/.-]{1,200}$/

/** A platform's id (letters, digits and the few marks ids use); numbers as their digits. */
export function idOf(v: unknown, what: string): string {
  const s = typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v
  if (typeof s !== 'string' || !ID.test(s)) throw new MalformedEvent(`${what} has no id`)
  return s
}

/** The same, or null. */
export const idOrNull = (v: unknown): string | null => {
  try {
    return idOf(v, '')
  } catch {
    return null
  }
}

/** Unix seconds of an ISO-8601 time. */
export function unixOf(v: unknown, what: string): number {
  const t = typeof v === 'string' && v.length <= 64 ? Date.parse(v) : Number.NaN
  if (!Number.isFinite(t)) throw new MalformedEvent(`${what} has no time`)
  return Math.floor(t / 1000)
}

/** A currency code, upper-case, or throws. */
export function currencyOf(v: unknown, what: string): string {
  const code = typeof v === 'string' ? normalizeCurrency(v) : undefined
  if (!code) throw new MalformedEvent(`${what} has no currency`)
  return code
}

/**
 * An amount in major units as a decimal string ("3.00", "100.0", "5.0000") or a JSON number
 * (5, 12.5: read from its decimal text, never multiplied as a float) -> integer minor units by
 * the currency's exponent. Zeros past the exponent are dropped; other extra digits throw.
 */
export function minorOfMajor(v: unknown, currency: string, what: string): number {
  const text =
    typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : ''
  if (text.length === 0 || text.length > 32 || /e/i.test(text)) {
    throw new MalformedEvent(`${what} has no amount`)
  }
  const trimmed = text.trim().replace(/^\./, '0.')
  const exact = trimmed.includes('.') ? trimmed.replace(/0+$/, '').replace(/\.$/, '') : trimmed
  const amount = parseMajor(exact, currency)
  if (amount === undefined) throw new MalformedEvent(`${what} amount "${text}" is not exact`)
  return amount
}

/** Integer minor units as a platform sends them (GitHub's cents): a safe, non-negative integer. */
export function minorOfInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new MalformedEvent(`${what} has no amount in cents`)
  }
  return v
}

/** `YYYY-MM` of a unix time, in UTC: the period of a synthetic monthly charge. */
export const monthOf = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 7)

/** A plain object, or throws. */
export function objectOf(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new MalformedEvent(`${what} is not an object`)
  }
  return v as Record<string, unknown>
}

/** JSON text -> value, or throws MalformedEvent. */
export function parseJson(raw: string, what: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    throw new MalformedEvent(`${what} is not JSON`)
  }
}
