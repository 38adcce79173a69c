import { boundedMemo } from './memo.js'

/**
 * Money: integers in the currency's minor unit, never floats.
 * Exponents come from a fixed table (Stripe's own lists), not from Intl, because Intl and
 * Stripe disagree for a few currencies (ISK is sent by Stripe in two-decimal form).
 */

/** Stripe's zero-decimal currencies. */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
])

/** Stripe's three-decimal currencies. */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND'])

/** Currencies Stripe can charge in (ISO 4217, upper case). */
const SUPPORTED = new Set([
  ...ZERO_DECIMAL,
  ...THREE_DECIMAL,
  ...(
    'USD AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BWP BYN BZD ' +
    'CAD CDF CHF CNY COP CRC CVE CZK DKK DOP DZD EGP ETB EUR FJD FKP GBP GEL GIP GMD GTQ GYD HKD ' +
    'HNL HTG HUF IDR ILS INR ISK JMD KES KGS KHR KYD KZT LAK LBP LKR LRD LSL MAD MDL MKD MMK MNT ' +
    'MOP MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB ' +
    'SAR SBD SCR SEK SGD SHP SLE SOS SRD STD SZL THB TJS TOP TRY TTD TWD TZS UAH UYU UZS WST XCD ' +
    'YER ZAR ZMW'
  ).split(' '),
])

/** Upper-case ISO code if Stripe supports it, else undefined. */
export function normalizeCurrency(code: string): string | undefined {
  const upper = code.trim().toUpperCase()
  return SUPPORTED.has(upper) ? upper : undefined
}

export function isSupportedCurrency(code: string): boolean {
  return normalizeCurrency(code) !== undefined
}

/** Number of minor-unit digits Stripe uses for this currency. */
export function currencyExponent(currency: string): number {
  const upper = currency.toUpperCase()
  if (ZERO_DECIMAL.has(upper)) return 0
  if (THREE_DECIMAL.has(upper)) return 3
  return 2
}

/** Exact decimal string in major units: 136050 USD -> "1360.50", -5 USD -> "-0.05". */
export function toMajorString(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`)
  const exp = currencyExponent(currency)
  const sign = minor < 0 ? '-' : ''
  const digits = Math.abs(minor).toString()
  if (exp === 0) return sign + digits
  const padded = digits.padStart(exp + 1, '0')
  return `${sign}${padded.slice(0, -exp)}.${padded.slice(-exp)}`
}

export interface MoneyFormatOptions {
  locale: string
  /** 'symbol' lets the locale place the symbol; 'after' forces `2,500 $`; 'before' forces `$2,500`. */
  display?: 'locale' | 'before' | 'after'
}

const formatters = boundedMemo<Intl.NumberFormat>()

function formatter(locale: string, currency: string, fraction: number): Intl.NumberFormat {
  return formatters(
    `${locale}|${currency}|${fraction}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        currencyDisplay: 'narrowSymbol',
        minimumFractionDigits: fraction,
        maximumFractionDigits: fraction,
      }),
  )
}

/**
 * Formats minor units for people: whole amounts without decimals (`$2,500`), others with the
 * currency's exponent (`$1,360.50`). Formatters are cached: building one per request costs ~9x.
 */
export function formatMoney(
  minor: number,
  currency: string,
  { locale, display = 'locale' }: MoneyFormatOptions,
): string {
  const exp = currencyExponent(currency)
  const whole = minor % 10 ** exp === 0
  const f = formatter(locale, currency, whole ? 0 : exp)
  // A decimal string keeps the value exact; Intl.NumberFormat accepts it (ES2023).
  const value = toMajorString(minor, currency) as unknown as number
  if (display === 'locale') return f.format(value)
  const parts = f.formatToParts(value)
  const symbol = parts
    .filter((p) => p.type === 'currency')
    .map((p) => p.value)
    .join(
      // Stryker disable next-line StringLiteral: a currency is one part, so nothing stands between
      '',
    )
  const number = parts
    .filter((p) => p.type !== 'currency' && p.type !== 'literal')
    .map((p) => p.value)
    .join('')
  return display === 'after' ? `${number} ${symbol}` : `${symbol}${number}`
}

/** Parses a major-unit decimal string ("12.34") into minor units, exactly; undefined if invalid. */
export function parseMajor(text: string, currency: string): number | undefined {
  const exp = currencyExponent(currency)
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (!m) return undefined
  const frac = m[3] ?? ''
  if (frac.length > exp) return undefined
  const minor = Number((m[2] ?? '') + frac.padEnd(exp, '0'))
  if (!Number.isSafeInteger(minor)) return undefined
  return m[1] ? -minor : minor
}

/** Stripe's largest charge in any currency: eight digits of minor units (PaymentIntent.amount). */
export const STRIPE_MAX_AMOUNT = 99_999_999
