import { parseMajor } from '../domain/money.js'

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
  headers?: Record<string, string>
}

type Values = Record<string, string | boolean | undefined>

/** What a command needs besides its arguments: the currency of a campaign, to read amounts. */
export interface CommandHelpers {
  currencyOf(slug: string): Promise<string>
}

export interface Command {
  usage: string
  summary: string
  /** Option name -> [type, help]. */
  options: Record<string, ['string' | 'boolean', string]>
  example: string
  /** Commands that do not go through the admin API (serve, demo, migrate) have no call. */
  call?: (args: string[], v: Values, h: CommandHelpers) => Promise<ApiCall>
}

const MINOR: Command['options'] = {
  minor: ['boolean', 'amounts are whole minor units (cents: 1360) instead of major (13.60)'],
}

/**
 * An amount as typed: major units by the currency's exponent by default (13.60 USD -> 1360,
 * 500 JPY -> 500, 1.250 KWD -> 1250), whole minor units with --minor. Negative is allowed; the
 * API decides whether the command accepts it.
 */
export function amountArg(text: string | undefined, currency: string, v: Values, what: string) {
  if (text === undefined || text === '') throw new UsageError(`missing ${what}`)
  if (v.minor) {
    if (!/^-?\d+$/.test(text)) {
      throw new UsageError(`${what} "${text}": with --minor, write whole minor units such as 1360`)
    }
    return Number(text)
  }
  const minor = parseMajor(text.replaceAll(',', ''), currency)
  if (minor === undefined) {
    throw new UsageError(
      `${what} "${text}" is not an amount in ${currency}: write it like 13.60 (or 1360 with --minor)`,
    )
  }
  return minor
}

function need(value: string | boolean | undefined, what: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing ${what}`)
  return value
}

const enc = encodeURIComponent
const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined)

/** Every command, its options and an example: `supportbar <command> --help` prints one. */
export const COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'serve',
    summary: 'Start the HTTP service (configuration from the environment).',
    options: {},
    example: 'PORT=8787 DATABASE_URL=file:./data/supportbar.db supportbar serve',
  },
  demo: {
    usage: 'demo',
    summary: 'Start on a temporary database with a demo campaign; removed on exit.',
    options: {},
    example: 'supportbar demo',
  },
  migrate: {
    usage: 'migrate',
    summary: 'Apply the pending schema/ migrations to DATABASE_URL and print what was applied.',
    options: {},
    example: 'DATABASE_URL=postgres://app@db/supportbar supportbar migrate',
  },
  'campaign create': {
    usage: 'campaign create --slug SLUG --name NAME --currency CUR --goal AMOUNT [options]',
    summary: 'Create a campaign.',
    options: {
      slug: ['string', 'lower-case letters, digits and dashes; used in URLs'],
      name: ['string', 'shown on the bar'],
      currency: ['string', 'ISO code such as USD; fixed once created'],
      goal: ['string', 'default monthly goal, e.g. 5000 or 5000.00'],
      timezone: ['string', 'IANA timezone where months start (default UTC)'],
      locale: ['string', 'how amounts and months are written (default en-US)'],
      'donate-url': ['string', 'where the Support button leads'],
      default: ['boolean', 'Stripe money without a campaign counts here'],
      ...MINOR,
    },
    example: 'supportbar campaign create --slug news --name "The News" --currency USD --goal 5000',
    call: async (_args, v) => {
      const currency = need(v.currency, '--currency').trim().toUpperCase()
      return {
        method: 'POST',
        path: '/api/admin/campaigns',
        body: {
          slug: need(v.slug, '--slug'),
          name: need(v.name, '--name'),
          currency,
          defaultGoal: amountArg(str(v.goal), currency, v, '--goal'),
          ...(str(v.timezone) ? { timezone: v.timezone } : {}),
          ...(str(v.locale) ? { locale: v.locale } : {}),
          ...(str(v['donate-url']) ? { donateUrl: v['donate-url'] } : {}),
          ...(v.default ? { isDefault: true } : {}),
        },
      }
    },
  },
  'campaign list': {
    usage: 'campaign list',
    summary: 'List the campaigns.',
    options: {},
    example: 'supportbar campaign list',
    call: async () => ({ method: 'GET', path: '/api/admin/campaigns' }),
  },
  'campaign bar': {
    usage: 'campaign bar SLUG [--button TEXT] [--tagline TEXT]',
    summary: "Set the bar's own texts; an empty value ('') goes back to the default wording.",
    options: {
      button: ['string', 'the call to action on the button'],
      tagline: ['string', 'a line under the bar'],
    },
    example: 'supportbar campaign bar news --button "Chip in" --tagline ""',
    call: async ([slug], v) => {
      // An empty value clears the text back to the catalog's (null in the API).
      const text = (x: string | boolean | undefined) =>
        typeof x !== 'string' ? undefined : x === '' ? null : x
      const bar = { buttonLabel: text(v.button), tagline: text(v.tagline) }
      if (bar.buttonLabel === undefined && bar.tagline === undefined) {
        throw new UsageError('give --button and/or --tagline')
      }
      return {
        method: 'PATCH',
        path: `/api/admin/campaigns/${enc(need(slug, 'SLUG'))}`,
        body: { bar },
      }
    },
  },
  'campaign checkout': {
    usage:
      'campaign checkout SLUG [--on|--off] [--presets A,B,...] [--min A] [--max A] [--monthly yes|no]',
    summary: 'Take gifts through Stripe Checkout from /donate/SLUG, and set its amounts.',
    options: {
      on: ['boolean', 'readers give from the donate page (needs STRIPE_SECRET_KEY and PUBLIC_URL)'],
      off: ['boolean', "back to the campaign's own donateUrl"],
      presets: ['string', 'amounts offered, comma-separated, ascending (no thousands separators)'],
      min: ['string', "smallest gift (at least Stripe's minimum charge)"],
      max: ['string', 'largest gift'],
      monthly: ['string', 'yes or no: readers may give monthly'],
      ...MINOR,
    },
    example: 'supportbar campaign checkout news --on --presets 5,10,25 --min 2',
    call: async ([slug], v, h) => {
      const s = need(slug, 'SLUG')
      if (v.on && v.off) throw new UsageError('give --on or --off, not both')
      if (v.monthly !== undefined && v.monthly !== 'yes' && v.monthly !== 'no') {
        throw new UsageError('--monthly takes yes or no')
      }
      const needsCurrency = [v.presets, v.min, v.max].some((x) => typeof x === 'string')
      const currency = needsCurrency ? await h.currencyOf(s) : ''
      const amount = (x: string | boolean | undefined, what: string) =>
        amountArg(typeof x === 'string' ? x : undefined, currency, v, what)
      const checkout = {
        ...(v.on ? { enabled: true } : v.off ? { enabled: false } : {}),
        ...(typeof v.presets === 'string'
          ? { presets: v.presets.split(',').map((p) => amount(p.trim(), '--presets')) }
          : {}),
        ...(typeof v.min === 'string' ? { min: amount(v.min, '--min') } : {}),
        ...(typeof v.max === 'string' ? { max: amount(v.max, '--max') } : {}),
        ...(v.monthly !== undefined ? { allowMonthly: v.monthly === 'yes' } : {}),
      }
      if (Object.keys(checkout).length === 0) {
        throw new UsageError('give --on, --off, --presets, --min, --max or --monthly')
      }
      return { method: 'PATCH', path: `/api/admin/campaigns/${enc(s)}`, body: { checkout } }
    },
  },
  'goal set': {
    usage: 'goal set SLUG YYYY-MM AMOUNT [--label TEXT]',
    summary: "Set a month's goal (and the label under the bar).",
    options: { label: ['string', "text under the bar, instead of the month's name"], ...MINOR },
    example: 'supportbar goal set news 2021-06 5000 --label "JUNE 2021"',
    call: async ([slug, month, goal], v, h) => {
      const s = need(slug, 'SLUG')
      return {
        method: 'PUT',
        path: `/api/admin/campaigns/${enc(s)}/months/${enc(need(month, 'YYYY-MM'))}`,
        body: {
          goal: amountArg(goal, await h.currencyOf(s), v, 'AMOUNT'),
          ...(str(v.label) ? { label: v.label } : {}),
        },
      }
    },
  },
  adjust: {
    usage: 'adjust SLUG YYYY-MM AMOUNT --reason TEXT [--donor D] [--key KEY]',
    summary: 'Add an offline gift (positive) or a correction (negative) to the ledger.',
    options: {
      reason: ['string', 'why; kept in the ledger and the audit trail'],
      donor: ['string', 'a gift with a donor counts as a donation'],
      key: ['string', 'idempotency key: running the same command again records it once'],
      ...MINOR,
    },
    example: 'supportbar adjust news 2021-06 -5.00 --reason "Cheque counted twice"',
    call: async ([slug, month, amount], v, h) => {
      const s = need(slug, 'SLUG')
      const reason = need(v.reason, '--reason')
      return {
        method: 'POST',
        path: `/api/admin/campaigns/${enc(s)}/adjustments`,
        body: {
          month: need(month, 'YYYY-MM'),
          amount: amountArg(amount, await h.currencyOf(s), v, 'AMOUNT'),
          reason,
          ...(str(v.donor) ? { donor: v.donor } : {}),
        },
        ...(str(v.key) ? { headers: { 'Idempotency-Key': v.key as string } } : {}),
      }
    },
  },
  recompute: {
    usage: 'recompute [--campaign SLUG] [--month YYYY-MM]',
    summary: 'Rebuild the month totals from the ledger and print what differed.',
    options: {
      campaign: ['string', 'only this campaign'],
      month: ['string', 'only this month'],
    },
    example: 'supportbar recompute --campaign news',
    call: async (_args, v) => {
      const q = new URLSearchParams()
      if (str(v.campaign)) q.set('campaign', v.campaign as string)
      if (str(v.month)) q.set('month', v.month as string)
      return { method: 'POST', path: `/api/admin/recompute${q.size ? `?${q}` : ''}` }
    },
  },
  totals: {
    usage: 'totals SLUG [--month YYYY-MM]',
    summary: "Print a month's progress (this month by default), as the bar shows it.",
    options: { month: ['string', 'another month than the current one'] },
    example: 'supportbar totals news --month 2021-06',
    call: async ([slug], v) => ({
      method: 'GET',
      path: `/api/campaigns/${enc(need(slug, 'SLUG'))}/progress${str(v.month) ? `?month=${enc(v.month as string)}` : ''}`,
    }),
  },
  backfill: {
    usage: 'backfill --since ISO-TIME',
    summary: "Replay Stripe's events since a time (30 days at most); needs STRIPE_SECRET_KEY.",
    options: { since: ['string', 'e.g. 2021-06-01T00:00:00Z'] },
    example: 'supportbar backfill --since 2021-06-01T00:00:00Z',
    call: async (_args, v) => ({
      method: 'POST',
      path: '/api/admin/stripe/backfill',
      body: { since: need(v.since, '--since') },
    }),
  },
}

/** `supportbar <command> --help`: usage, options and an example. */
export function commandHelp(name: string): string {
  const c = COMMANDS[name]
  if (!c) return ''
  const opts = Object.entries(c.options).map(
    ([k, [type, help]]) => `  --${type === 'string' ? `${k} VALUE` : k}`.padEnd(24) + help,
  )
  return [
    `Usage: supportbar ${c.usage}`,
    '',
    c.summary,
    ...(opts.length ? ['', 'Options:', ...opts] : []),
    '',
    'Example:',
    `  ${c.example}`,
  ].join('\n')
}

export const USAGE = `supportbar: monthly fundraising campaigns and their Support bar

Usage: supportbar <command> [arguments] [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(17)}${c.summary}`)
  .join('\n')}

Amounts are in major units of the campaign's currency (13.60, -5, 500 for JPY);
add --minor to give whole minor units (1360). \`supportbar <command> --help\` shows
a command's options and an example. Configuration comes from the environment
(DATABASE_URL, PORT, HOST, ADMIN_TOKEN, ...). Commands that change data go through
the admin API in-process, so they check input exactly as the HTTP API does.`
