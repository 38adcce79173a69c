import { amountListItems, amountProblem, parseAmount } from '../domain/amount-input.js'

/** A mistake in how the command was typed: said in words, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

/** One admin API request the command makes in-process. */
export interface ApiCall {
  method: string
  path: string
  body?: unknown
  /** Bytes sent as they are (an image), instead of a JSON body. */
  raw?: Uint8Array<ArrayBuffer>
  headers?: Record<string, string>
}

/** The parsed options of a command line: `--name value` or a bare `--flag`. */
export type Values = Record<string, string | boolean | undefined>

/** How a campaign's amounts are read: its currency and locale. */
export interface AmountRules {
  currency: string
  locale: string
}

/** What a command needs besides its arguments: a campaign's currency and locale, to read amounts. */
export interface CommandHelpers {
  amountRulesOf(slug: string): Promise<AmountRules>
  /** A file's bytes (an image to upload); a UsageError when it cannot be read. */
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>
}

/** One CLI command: how it is typed, its help text and the admin API call it makes. */
export interface Command {
  usage: string
  summary: string
  /** Option name -> [type, help]. */
  options: Record<string, ['string' | 'boolean', string]>
  example: string
  /** Commands that do not go through the admin API (serve, demo, migrate) have no call. */
  call?: (args: string[], v: Values, h: CommandHelpers) => Promise<ApiCall>
}

/** The `--minor` option of every command that reads an amount. */
export const MINOR: Command['options'] = {
  minor: ['boolean', 'amounts are whole minor units (cents: 1360) instead of major (13.60)'],
}

/**
 * An amount as typed: major units read by the campaign's locale and currency by default
 * (13.60 USD in en-US -> 1360, 13,60 EUR in de-DE -> 1360, 500 JPY -> 500), whole minor units
 * with --minor. The same rule as the console and the donate page (src/domain/amount-input.ts):
 * `12,50` in an English campaign is refused, not read as 1250. Negative is allowed; the API
 * decides whether the command accepts it.
 */
export function amountArg(text: string | undefined, rules: AmountRules, v: Values, what: string) {
  if (text === undefined || text === '') throw new UsageError(`missing ${what}`)
  if (v.minor) {
    if (!/^-?\d+$/.test(text)) {
      throw new UsageError(`${what} "${text}": with --minor, write whole minor units such as 1360`)
    }
    return Number(text)
  }
  const r = parseAmount(text, rules.currency, rules.locale)
  if (!r.ok) {
    const problem = amountProblem(r, rules.currency)
    throw new UsageError(`${what} "${text}" ${problem} (or whole minor units with --minor)`)
  }
  return r.minor
}

/**
 * A list of amounts in one option (`--presets`): comma-separated, or `;`-separated where the
 * campaign's decimal sign is a comma (a comma list is refused there as ambiguous); each amount
 * read as amountArg reads one. With --minor, whole minor units separated by `,` or `;`.
 */
export function amountListArg(text: string, rules: AmountRules, v: Values, what: string) {
  const items = v.minor
    ? text.split(/[,;]/).map((p) => p.trim())
    : amountListItems(text, rules.locale)
  if (!items) {
    throw new UsageError(
      `${what} "${text}" is ambiguous in ${rules.locale}, where a comma is the decimal sign: separate the amounts with ";", e.g. "5; 12,50; 25"`,
    )
  }
  return items.map((p) => amountArg(p, rules, v, what))
}

/** A required option or argument, or a UsageError naming it. */
export function need(value: string | boolean | undefined, what: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing ${what}`)
  return value
}

/** Encodes a path segment (slug, month) of an admin API URL. */
export const enc = encodeURIComponent
/** An option's value when it was given as text, else undefined. */
export const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined)
