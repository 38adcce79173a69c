import { boundedMemo } from './memo.js'

/** Months are `YYYY-MM` strings, resolved in a campaign's IANA timezone. */

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(value: string): boolean {
  const m = MONTH_RE.exec(value)
  return m !== null && Number(m[1]) >= 2000 && Number(m[1]) <= 2999
}

/** True if the IANA timezone is known to this runtime's Intl. */
export function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/**
 * The locale a bar is drawn in: language, script and region of a tag, without extensions
 * (`-u-ca-…` calendars, `-x-…` private use). Keeps formatting predictable and the set of
 * formatters a visitor can make the service build small.
 */
export function displayLocale(tag: string): string {
  const l = new Intl.Locale(tag)
  return new Intl.Locale(l.language, {
    ...(l.script ? { script: l.script } : {}),
    ...(l.region ? { region: l.region } : {}),
  }).toString()
}

/** True if Intl knows the BCP 47 locale tag. */
export function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1
  } catch {
    return false
  }
}

const monthFormatter = boundedMemo<Intl.DateTimeFormat>()
const recentMonths = boundedMemo<string>(4096)

/** A quarter of an hour: every timezone's offset since 1972 is a whole number of them. */
const QUARTER_HOUR_MS = 15 * 60 * 1000
/** From here on a month starts on a UTC quarter hour in every zone (2000-01-01T00:00:00Z). */
const QUARTER_HOURS_FROM = 946_684_800_000

/** The month (YYYY-MM) that an instant falls in, in the given timezone. */
export function monthOf(instant: Date, timezone: string): string {
  const t = instant.getTime()
  // A month starts at a local midnight, so within one UTC quarter hour the answer cannot
  // change: the webhook path asks for the same few quarter hours over and over, and building
  // the answer through Intl costs more than the rest of placing a payment.
  if (t >= QUARTER_HOURS_FROM) {
    const key = `${Math.floor(t / QUARTER_HOUR_MS)} ${timezone}`
    return recentMonths(key, () => monthByIntl(instant, timezone))
  }
  return monthByIntl(instant, timezone)
}

function monthByIntl(instant: Date, timezone: string): string {
  const f = monthFormatter(
    timezone,
    () =>
      new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit' }),
  )
  const parts = f.formatToParts(instant)
  // Stryker disable next-line StringLiteral,OptionalChaining: unreachable, en-US always writes a year part
  const year = parts.find((p) => p.type === 'year')?.value ?? '0000'
  // Stryker disable next-line StringLiteral,OptionalChaining,ConditionalExpression: en-US always writes the month, first ("06/2021")
  const month = parts.find((p) => p.type === 'month')?.value ?? '01'
  return `${year.padStart(4, '0')}-${month}`
}

/** The month before or after `month` by `delta` months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + delta
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

const monthFormatters = boundedMemo<Intl.DateTimeFormat>()

/** A month in words in a locale, in the Gregorian calendar: `June 2021`. */
export function monthName(month: string, locale: string): string {
  const f = monthFormatters(
    locale,
    () =>
      new Intl.DateTimeFormat(locale, {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
        calendar: 'gregory',
      }),
  )
  const [y, m] = month.split('-').map(Number) as [number, number]
  return f.format(new Date(Date.UTC(y, m - 1, 15)))
}

/** Default label of a month in a locale, upper-cased as on the bar: `JUNE 2021`. */
export function defaultMonthLabel(month: string, locale: string): string {
  return monthName(month, locale).toLocaleUpperCase(locale)
}

const dayFormatter = boundedMemo<Intl.DateTimeFormat>()

/**
 * Days left in `month` at `now` in `timezone`, today included (1 on the last day); null when
 * `now` is not in that month (a past month is over, a future one has not begun).
 */
export function daysLeftInMonth(month: string, now: Date, timezone: string): number | null {
  if (monthOf(now, timezone) !== month) return null
  const f = dayFormatter(
    timezone,
    () => new Intl.DateTimeFormat('en-US', { timeZone: timezone, day: 'numeric' }),
  )
  const today = Number(f.format(now))
  const [y, m] = month.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return last - today + 1
}
