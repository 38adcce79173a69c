import { parseAmount } from '../domain/amount-input.js'
import {
  type AmountRules,
  amountArg,
  amountListArg,
  type Command,
  enc,
  MINOR,
  need,
  UsageError,
  type Values,
} from './command-args.js'

/** The donate page's commands: how readers give (checkout) and what the page says (page). */

const INTERVALS = ['once', 'month', 'year'] as const

/** `yes` or `no` as a boolean; undefined when the option was not given. */
function yesNo(x: string | boolean | undefined, what: string): boolean | undefined {
  if (x === undefined) return undefined
  if (x !== 'yes' && x !== 'no') throw new UsageError(`${what} takes yes or no`)
  return x === 'yes'
}

/**
 * `--fee-cover 2.9%+0.30` (the rate in percent and the fixed part, both written the campaign's
 * way: `1,5%+0,25` in de-DE; the fixed part in minor units with --minor), or `off`.
 */
function feeCover(text: string, rules: AmountRules, v: Values) {
  if (text === 'off') return { enabled: false, rateBps: 0, fixed: 0 }
  const m = /^\s*([^%+]+?)\s*%\s*\+\s*(.+?)\s*$/.exec(text)
  const rate = m?.[1] ? parseAmount(m[1], 'USD', rules.locale) : undefined
  if (!m?.[2] || !rate?.ok) {
    throw new UsageError(
      `--fee-cover "${text}": write the rate in percent and the fixed part, e.g. 2.9%+0.30, or off`,
    )
  }
  return { enabled: true, rateBps: rate.minor, fixed: amountArg(m[2], rules, v, '--fee-cover') }
}

export const DONATE_COMMANDS: Record<string, Command> = {
  'campaign checkout': {
    usage:
      'campaign checkout SLUG [--on|--off] [--presets A,B,...] [--presets-month A,B,...] [--presets-year A,B,...] [--min A] [--max A] [--monthly yes|no] [--yearly yes|no] [--default-interval once|month|year] [--fee-cover RATE%+FIXED|off]',
    summary: 'Take gifts through Stripe Checkout from /donate/SLUG, and set its amounts.',
    options: {
      on: ['boolean', 'readers give from the donate page (needs STRIPE_SECRET_KEY and PUBLIC_URL)'],
      off: ['boolean', "back to the campaign's own donateUrl"],
      presets: [
        'string',
        'amounts offered, ascending, comma-separated (";"-separated where the decimal sign is a comma: "5; 12,50")',
      ],
      'presets-month': [
        'string',
        "amounts offered for monthly gifts ('' for the same as --presets)",
      ],
      'presets-year': ['string', "amounts offered for yearly gifts ('' for the same as --presets)"],
      min: ['string', "smallest gift (at least Stripe's minimum charge)"],
      max: ['string', 'largest gift'],
      monthly: ['string', 'yes or no: readers may give monthly'],
      yearly: ['string', 'yes or no: readers may give yearly'],
      'default-interval': ['string', 'once, month or year: the interval the page starts on'],
      'fee-cover': [
        'string',
        "offer to cover the processor's fee: its rate and fixed part, e.g. 2.9%+0.30; off: no",
      ],
      ...MINOR,
    },
    example:
      'supportbar campaign checkout news --on --presets 5,10,25 --min 2 --fee-cover 2.9%+0.30',
    call: async ([slug], v, h) => {
      const s = need(slug, 'SLUG')
      if (v.on && v.off) throw new UsageError('give --on or --off, not both')
      const allowMonthly = yesNo(v.monthly, '--monthly')
      const allowYearly = yesNo(v.yearly, '--yearly')
      const interval = v['default-interval']
      if (interval !== undefined && !INTERVALS.includes(interval as 'once')) {
        throw new UsageError('--default-interval takes once, month or year')
      }
      const needsCurrency = [
        v.presets,
        v.min,
        v.max,
        v['presets-month'],
        v['presets-year'],
        v['fee-cover'],
      ].some((x) => typeof x === 'string')
      const rules = needsCurrency ? await h.amountRulesOf(s) : { currency: '', locale: 'en' }
      const amount = (x: string, what: string) => amountArg(x, rules, v, what)
      const list = (x: string, what: string) => amountListArg(x, rules, v, what)
      // Per interval: a list, or '' to offer the interval the general presets again (null).
      const byInterval: Record<string, number[] | null> = {}
      for (const i of ['month', 'year'] as const) {
        const x = v[`presets-${i}`]
        if (typeof x === 'string') byInterval[i] = x === '' ? null : list(x, `--presets-${i}`)
      }
      const fee = v['fee-cover']
      const checkout = {
        ...(v.on ? { enabled: true } : v.off ? { enabled: false } : {}),
        ...(Object.keys(byInterval).length ? { presetsByInterval: byInterval } : {}),
        ...(typeof v.presets === 'string' ? { presets: list(v.presets, '--presets') } : {}),
        ...(typeof v.min === 'string' ? { min: amount(v.min, '--min') } : {}),
        ...(typeof v.max === 'string' ? { max: amount(v.max, '--max') } : {}),
        ...(allowMonthly !== undefined ? { allowMonthly } : {}),
        ...(allowYearly !== undefined ? { allowYearly } : {}),
        ...(typeof interval === 'string' ? { defaultInterval: interval } : {}),
        ...(typeof fee === 'string' ? { feeCover: feeCover(fee, rules, v) } : {}),
      }
      if (Object.keys(checkout).length === 0) {
        throw new UsageError(
          'give --on, --off, --presets, --presets-month, --presets-year, --min, --max, --monthly, --yearly, --default-interval or --fee-cover',
        )
      }
      return { method: 'PATCH', path: `/api/admin/campaigns/${enc(s)}`, body: { checkout } }
    },
  },
  'campaign page': {
    usage:
      'campaign page SLUG [--appeal TEXT | --appeal-file PATH] [--impact-file PATH] [--privacy URL] [--contact URL]',
    summary:
      "Set the donate page's appeal, impact lines and links; '' (or an empty file) clears one.",
    options: {
      appeal: [
        'string',
        'shown under the title: a short Markdown subset, at most 2,000 characters',
      ],
      'appeal-file': ['string', 'the appeal read from a file (UTF-8)'],
      'impact-file': [
        'string',
        'one line per preset amount, "AMOUNT: what it pays for" (e.g. "25: a day of court reporting")',
      ],
      privacy: ['string', 'the privacy notice linked under the form (http or https)'],
      contact: ['string', 'the contact page linked under the form (http or https)'],
      ...MINOR,
    },
    example:
      'supportbar campaign page news --appeal "We are **reader-funded**." --impact-file impact.txt --privacy https://news.example/privacy',
    call: async ([slug], v, h) => {
      const s = need(slug, 'SLUG')
      const text = (x: string | boolean | undefined) => (typeof x === 'string' ? x : undefined)
      const file = async (x: string | boolean | undefined) =>
        typeof x === 'string' ? new TextDecoder().decode(await h.readFile(x)) : undefined
      if (v.appeal !== undefined && v['appeal-file'] !== undefined) {
        throw new UsageError('give --appeal or --appeal-file, not both')
      }
      const appeal = text(v.appeal) ?? (await file(v['appeal-file']))
      const impactText = await file(v['impact-file'])
      let impact: Record<string, string> | null | undefined
      if (impactText !== undefined) {
        const rules = await h.amountRulesOf(s)
        const lines = impactText.split(/\r?\n/).filter((l) => l.trim() !== '')
        impact = lines.length ? {} : null
        for (const [n, line] of lines.entries()) {
          const at = line.indexOf(':')
          if (at < 0) {
            throw new UsageError(
              `--impact-file line ${n + 1}: write "AMOUNT: what it pays for", e.g. "25: a day of court reporting"`,
            )
          }
          const minor = amountArg(line.slice(0, at).trim(), rules, v, `--impact-file line ${n + 1}`)
          if (impact) impact[String(minor)] = line.slice(at + 1).trim()
        }
      }
      const clear = (x: string | undefined) => (x === undefined ? undefined : x.trim() || null)
      const page = Object.fromEntries(
        Object.entries({
          appeal: clear(appeal),
          impact,
          privacyUrl: clear(text(v.privacy)),
          contactUrl: clear(text(v.contact)),
        }).filter(([, x]) => x !== undefined),
      )
      if (Object.keys(page).length === 0) {
        throw new UsageError('give --appeal, --appeal-file, --impact-file, --privacy or --contact')
      }
      return { method: 'PATCH', path: `/api/admin/campaigns/${enc(s)}`, body: { page } }
    },
  },
}
