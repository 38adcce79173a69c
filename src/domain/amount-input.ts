import { boundedMemo } from './memo.js'
import { currencyExponent, parseMajor, toMajorString } from './money.js'

/**
 * One rule for amounts typed by people, used by the console, the CLI and the donate page:
 * the text is read by the campaign's locale. The locale's decimal sign separates the minor
 * units; its group sign (and any space) may only stand between groups of three digits. A sign
 * the locale does not use, or a group sign where a group cannot be (`12,50` in English), is
 * refused as ambiguous with the two ways to write what may have been meant, never guessed.
 */
export type AmountInput =
  | { ok: true; minor: number }
  | {
      ok: false
      reason: 'invalid' | 'ambiguous' | 'too_precise'
      /** How to write an amount here, e.g. `12.50`, `1,250` or `12,50`. */
      examples: string[]
    }

interface Signs {
  decimal: string
  group: string
}

const signsMemo = boundedMemo<Signs>()

/** The locale's decimal and group signs, with look-alikes folded to what a keyboard types. */
function signsOf(locale: string): Signs {
  return signsMemo(locale, () => {
    let parts: Intl.NumberFormatPart[]
    try {
      parts = new Intl.NumberFormat(locale).formatToParts(12345.6)
    } catch {
      parts = new Intl.NumberFormat('en').formatToParts(12345.6)
    }
    const find = (type: string, fallback: string) =>
      fold(parts.find((p) => p.type === type)?.value ?? fallback)
    return { decimal: find('decimal', '.'), group: find('group', ',') }
  })
}

/** Folds the signs people cannot easily type onto the ones they can. */
function fold(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066b/g, '.')
    .replace(/\u066c/g, ',')
    .replace(/[\u2019\u02bc]/g, "'")
    .replace(/\u2212/g, '-')
    .replace(/[\s\u00a0\u202f\u2009]+/g, ' ')
}

/** Groups of a whole part written with separators: 1-3 digits, then groups of 2-3 ending in 3. */
function validGroups(groups: string[]): boolean {
  if (groups.length < 2) return true
  const [first, ...rest] = groups
  // Stryker disable next-line StringLiteral: unreachable, there are two groups or more
  if (!/^\d{1,3}$/.test(first ?? '')) return false
  // Stryker disable next-line StringLiteral: unreachable, there are two groups or more
  const last = rest.pop() ?? ''
  return /^\d{3}$/.test(last) && rest.every((g) => /^\d{2,3}$/.test(g))
}

/** `1234.5` written the locale's way with `exp` decimals and no grouping: `1234,50`. */
function plain(digits: string, frac: string, exp: number, s: Signs): string {
  if (exp === 0) return digits
  return `${digits}${s.decimal}${frac.padEnd(exp, '0').slice(0, exp)}`
}

/** A whole number with the locale's grouping: `1,250`. */
function grouped(digits: string, s: Signs): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, s.group)
}

/**
 * The items of a list of amounts typed on one line (the CLI's `--presets`): separated by `;`, or
 * by `,` where the locale's decimal sign is not a comma. Where it is (`de-DE`: `5,12,50` may be
 * 5, 12 and 50, or 5 and 12,50), a list with a comma and no `;` is ambiguous: null.
 */
export function amountListItems(text: string, locale: string): string[] | null {
  if (text.includes(';'))
    return text
      .split(';')
      .map((p) => p.trim())
      .filter((p) => p !== '')
  if (text.includes(',') && signsOf(locale).decimal === ',') return null
  return text.split(',').map((p) => p.trim())
}

/** Reads an amount typed in major units by the locale's rules; see AmountInput. */
export function parseAmount(text: string, currency: string, locale: string): AmountInput {
  const s = signsOf(locale)
  const exp = currencyExponent(currency)
  const input = fold(text).trim()
  const sample = [plain('12', '5', exp, s), ...(exp === 0 ? [grouped('1250', s)] : [])]
  const m = /^(-)?\s*(\d[\d.,' ]*)$/.exec(input)
  if (!m) return { ok: false, reason: 'invalid', examples: sample }
  const sign = m[1] ?? ''
  // Stryker disable next-line StringLiteral: unreachable, the pattern's second group always matches
  const body = m[2] ?? '' // the input is trimmed: it never ends in a space
  const decimalAt = body.lastIndexOf(s.decimal)
  // Stryker disable next-line EqualityOperator,ConditionalExpression: the body starts with a digit (never a sign at 0), and no locale Intl knows writes its decimal and group signs alike; the guard stays for one that would
  const hasDecimal = decimalAt >= 0 && s.decimal !== s.group
  const whole = hasDecimal ? body.slice(0, decimalAt) : body
  const frac = hasDecimal ? body.slice(decimalAt + 1) : ''
  // Every separator left in the whole part must be the locale's group sign (or a space) in a
  // place where a group can end; anything else could mean two different amounts.
  const groups = whole.split(/[.,' ]/)
  const seps = whole.replace(/\d/g, '')
  const foreign = [...seps].some((c) => c !== s.group && c !== ' ')
  if (!/^\d*$/.test(frac) || (hasDecimal && frac === '')) {
    return { ok: false, reason: 'invalid', examples: sample }
  }
  if (foreign || !validGroups(groups)) {
    const digits = groups.join('')
    // Two groups whose last fits the decimals (`12,50`): the decimal reading comes first.
    const pair = groups.length === 2 ? (groups as [string, string]) : null
    const examples =
      pair && exp > 0 && pair[1].length <= exp
        ? [plain(pair[0], pair[1], exp, s), grouped(digits, s)]
        : [grouped(digits, s), plain(digits, '', exp, s)]
    return { ok: false, reason: 'ambiguous', examples: [...new Set(examples)] }
  }
  if (frac.length > exp) {
    const digits = groups.join('')
    return { ok: false, reason: 'too_precise', examples: [plain(digits, frac, exp, s)] }
  }
  const minor = parseMajor(`${sign}${groups.join('')}${frac ? `.${frac}` : ''}`, currency)
  if (minor === undefined) return { ok: false, reason: 'invalid', examples: sample }
  return { ok: true, minor }
}

/** The refusal in English words, for the console and the CLI: what to type instead. */
export function amountProblem(r: Exclude<AmountInput, { ok: true }>, currency: string): string {
  const [first, second] = r.examples
  const alt = second ? ` (or ${second})` : ''
  if (r.reason === 'ambiguous') return `is ambiguous: write ${first}${alt} in ${currency}`
  if (r.reason === 'too_precise') {
    return `has too many decimals for ${currency}: write ${first}${alt}`
  }
  return `is not an amount: write it like ${first}${alt} in ${currency}`
}

/** Minor units written the way parseAmount reads them back for this locale: 1250 -> `12,50` in de. */
export function amountText(minor: number, currency: string, locale: string): string {
  // A currency without decimals has no point to replace.
  return toMajorString(minor, currency).replace('.', signsOf(locale).decimal)
}
