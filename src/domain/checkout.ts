import { currencyExponent, STRIPE_MAX_AMOUNT } from './money.js'

/**
 * Stripe's minimum charge per currency in minor units (stripe.com/docs/currencies, minimum and
 * maximum charge amounts). A currency not listed gets one major unit: Stripe still refuses a
 * charge under $0.50 equivalent, which the checkout route reports as a provider error.
 */
export const STRIPE_MIN_CHARGE: Readonly<Record<string, number>> = {
  USD: 50,
  AED: 200,
  AUD: 50,
  BGN: 100,
  BRL: 50,
  CAD: 50,
  CHF: 50,
  CZK: 1500,
  DKK: 250,
  EUR: 50,
  GBP: 30,
  HKD: 400,
  HUF: 17500,
  INR: 50,
  JPY: 50,
  MXN: 1000,
  MYR: 200,
  NOK: 300,
  NZD: 50,
  PLN: 200,
  RON: 200,
  SEK: 300,
  SGD: 50,
  THB: 1000,
}

/** How readers may give through Stripe Checkout (campaign setting `checkout`). */
export interface CheckoutSettings {
  enabled: boolean
  /** Amounts offered as buttons, minor units, ascending. */
  presets: number[]
  /**
   * Amounts offered for one interval instead of `presets` (e.g. smaller monthly amounts); an
   * interval not listed offers `presets`.
   */
  presetsByInterval: PresetsByInterval
  min: number
  max: number
  allowMonthly: boolean
  /** Readers may give yearly (a subscription renewed each year). */
  allowYearly: boolean
  /** The interval the donate page starts on (one the campaign allows). */
  defaultInterval: Interval
  /** "Cover the fee": the reader may add the processor's estimated fee to the gift. */
  feeCover: FeeCover
}

export type Interval = 'once' | 'month' | 'year'
export const INTERVALS: readonly Interval[] = ['once', 'month', 'year']

/** Preset amounts of some intervals, minor units, ascending. */
export type PresetsByInterval = Partial<Record<Interval, number[]>>

/** The amounts the donate page offers for an interval: its own, else the campaign's presets. */
export function presetsFor(
  s: Pick<CheckoutSettings, 'presets' | 'presetsByInterval'>,
  i: Interval,
) {
  return s.presetsByInterval[i] ?? s.presets
}

/** True when some allowed interval offers amounts of its own (the page then shows one group each). */
export function presetsDiffer(s: CheckoutSettings): boolean {
  return allowedIntervals(s).some((i) => s.presetsByInterval[i] !== undefined)
}

/** The fee estimate readers may add: `rateBps` basis points of the total plus `fixed` minor units. */
export interface FeeCover {
  enabled: boolean
  rateBps: number
  fixed: number
}

/**
 * What a reader pays to give `amount` after the processor's fee: `(amount + fixed) / (1 − rate)`
 * rounded up to the minor unit, in integers (exact below 2^53). With Stripe's own rounding the
 * campaign receives `amount` or one minor unit more, never less. Pure.
 */
export function withFeeCovered(amount: number, fc: Pick<FeeCover, 'rateBps' | 'fixed'>): number {
  const n = (amount + fc.fixed) * 10_000
  const d = 10_000 - fc.rateBps
  const q = Math.floor(n / d)
  return q * d < n ? q + 1 : q
}

/** The intervals a campaign's settings allow, in the page's order. */
export function allowedIntervals(s: CheckoutSettings): Interval[] {
  return INTERVALS.filter((i) => i === 'once' || (i === 'month' ? s.allowMonthly : s.allowYearly))
}

/** The smallest amount Stripe charges in this currency (minor units). */
export function minimumCharge(currency: string): number {
  return STRIPE_MIN_CHARGE[currency.toUpperCase()] ?? 10 ** currencyExponent(currency)
}

/**
 * Defaults that suit the currency: 5, 10, 25 and 50 major units, scaled by ten until the
 * smallest reaches Stripe's minimum (so 500, 1,000, ... yen or forint, not 5).
 */
export function defaultCheckout(currency: string): CheckoutSettings {
  const floor = minimumCharge(currency)
  let unit = 10 ** currencyExponent(currency)
  while (5 * unit < floor) unit *= 10
  return {
    enabled: false,
    presets: [5, 10, 25, 50].map((n) => n * unit),
    presetsByInterval: {},
    min: floor,
    max: STRIPE_MAX_AMOUNT,
    allowMonthly: true,
    allowYearly: false,
    defaultInterval: 'once',
    feeCover: { enabled: false, rateBps: 0, fixed: 0 },
  }
}

/** The stored settings over the currency's defaults (stored JSON may hold only some fields). */
export function checkoutSettings(currency: string, json: string | null): CheckoutSettings {
  const base = defaultCheckout(currency)
  if (!json) return base
  const stored = JSON.parse(json) as Partial<CheckoutSettings>
  return { ...base, ...stored }
}

/** One problem of a settings value, by the field it is about; amounts in minor units. */
export type CheckoutIssue =
  | { field: 'min'; code: 'under_minimum_charge'; limit: number }
  | { field: 'max'; code: 'over_maximum'; limit: number }
  | { field: 'max'; code: 'under_min' }
  | { field: 'presets'; code: 'outside_bounds'; values: number[] }
  | { field: 'presetsByInterval'; code: 'outside_bounds'; values: number[]; interval: Interval }
  | { field: 'defaultInterval'; code: 'not_allowed'; interval: Interval }

/** The problems of a settings value for a currency, by field (empty when valid). */
export function checkoutIssues(s: CheckoutSettings, currency: string): CheckoutIssue[] {
  const floor = minimumCharge(currency)
  const issues: CheckoutIssue[] = []
  if (s.min < floor) issues.push({ field: 'min', code: 'under_minimum_charge', limit: floor })
  if (s.max > STRIPE_MAX_AMOUNT) {
    issues.push({ field: 'max', code: 'over_maximum', limit: STRIPE_MAX_AMOUNT })
  }
  if (s.min > s.max) issues.push({ field: 'max', code: 'under_min' })
  const outside = s.presets.filter((p) => p < s.min || p > s.max)
  if (outside.length) issues.push({ field: 'presets', code: 'outside_bounds', values: outside })
  for (const interval of INTERVALS) {
    const own = s.presetsByInterval[interval] ?? []
    const values = own.filter((p) => p < s.min || p > s.max)
    if (values.length) {
      issues.push({ field: 'presetsByInterval', code: 'outside_bounds', values, interval })
    }
  }
  if (!allowedIntervals(s).includes(s.defaultInterval)) {
    issues.push({ field: 'defaultInterval', code: 'not_allowed', interval: s.defaultInterval })
  }
  return issues
}

/** The same problems as the API says them (field names of the JSON body, minor units). */
export function checkoutProblems(s: CheckoutSettings, currency: string): string[] {
  return checkoutIssues(s, currency).map((i) => {
    switch (i.code) {
      case 'under_minimum_charge':
        return `min must be at least ${i.limit} (Stripe's minimum charge)`
      case 'over_maximum':
        return `max must be at most ${i.limit}`
      case 'under_min':
        return 'min must not be above max'
      case 'outside_bounds':
        return i.field === 'presets'
          ? `presets must lie between min and max (${i.values.join(', ')})`
          : `presetsByInterval.${i.interval} must lie between min and max (${i.values.join(', ')})`
      default:
        return `defaultInterval ${i.interval} is not an interval the campaign allows`
    }
  })
}

/** Why an amount and interval cannot be given, or null when they can. */
export type AmountProblem =
  | { code: 'invalid_amount'; reason: 'not_integer' | 'under_min' | 'over_max' }
  | { code: 'monthly_not_allowed' }
  | { code: 'yearly_not_allowed' }

/** Checks a gift against the settings before anything reaches Stripe. Pure. */
export function checkAmount(
  s: CheckoutSettings,
  amount: number,
  interval: Interval,
): AmountProblem | null {
  if (!Number.isSafeInteger(amount)) return { code: 'invalid_amount', reason: 'not_integer' }
  if (amount < s.min) return { code: 'invalid_amount', reason: 'under_min' }
  if (amount > s.max) return { code: 'invalid_amount', reason: 'over_max' }
  if (interval === 'month' && !s.allowMonthly) return { code: 'monthly_not_allowed' }
  if (interval === 'year' && !s.allowYearly) return { code: 'yearly_not_allowed' }
  return null
}
