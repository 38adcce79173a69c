import { amountArg, type Command, enc, MINOR, need, str, UsageError } from './command-args.js'

/** The commands that create campaigns and set how their bar and donate page look. */
export const CAMPAIGN_COMMANDS: Record<string, Command> = {
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
      default: ['boolean', 'Stripe money of its account without a campaign counts here'],
      'stripe-account': ['string', "Stripe Connect account acct_... (default: the platform's own)"],
      'bar-amount': ['string', "what the bar shows: gross (default) or net of Stripe's fees"],
      ...MINOR,
    },
    example: 'supportbar campaign create --slug news --name "The News" --currency USD --goal 5000',
    call: async (_args, v) => {
      const currency = need(v.currency, '--currency').trim().toUpperCase()
      const locale = str(v.locale) ?? 'en-US'
      return {
        method: 'POST',
        path: '/api/admin/campaigns',
        body: {
          slug: need(v.slug, '--slug'),
          name: need(v.name, '--name'),
          currency,
          defaultGoal: amountArg(str(v.goal), { currency, locale }, v, '--goal'),
          ...(str(v.timezone) ? { timezone: v.timezone } : {}),
          ...(str(v.locale) ? { locale: v.locale } : {}),
          ...(str(v['donate-url']) ? { donateUrl: v['donate-url'] } : {}),
          ...(v.default ? { isDefault: true } : {}),
          ...(str(v['stripe-account']) ? { stripeAccount: v['stripe-account'] } : {}),
          ...(str(v['bar-amount']) ? { barAmount: v['bar-amount'] } : {}),
        },
      }
    },
  },
  'campaign update': {
    usage:
      'campaign update SLUG [--name NAME] [--stripe-account ACCT] [--bar-amount gross|net] [--sources paypal,github,...]',
    summary:
      "Change a campaign's name, timezone, locale, donate URL, Stripe account, what its bar shows or the providers it claims.",
    options: {
      name: ['string', 'shown on the bar'],
      timezone: ['string', 'IANA timezone where months start'],
      locale: ['string', 'how amounts and months are written'],
      'donate-url': ['string', "where the Support button leads ('' for the built-in page)"],
      'stripe-account': [
        'string',
        "Stripe Connect account acct_... whose events count here ('' for the platform's own)",
      ],
      'bar-amount': ['string', "what the bar shows: gross or net (after Stripe's fees)"],
      sources: [
        'string',
        "providers whose money naming no campaign counts here, comma-separated: paypal, github, kofi, buymeacoffee ('' for none)",
      ],
    },
    example: 'supportbar campaign update news --stripe-account acct_1A2b3C4d5E6f7G8h',
    call: async ([slug], v) => {
      // An empty value goes back to none (null in the API).
      const orNull = (x: string | boolean | undefined) =>
        typeof x !== 'string' ? undefined : x === '' ? null : x
      const body = {
        ...(str(v.name) !== undefined ? { name: v.name } : {}),
        ...(str(v.timezone) !== undefined ? { timezone: v.timezone } : {}),
        ...(str(v.locale) !== undefined ? { locale: v.locale } : {}),
        ...(str(v['donate-url']) !== undefined ? { donateUrl: orNull(v['donate-url']) } : {}),
        ...(str(v['stripe-account']) !== undefined
          ? { stripeAccount: orNull(v['stripe-account']) }
          : {}),
        ...(str(v['bar-amount']) !== undefined ? { barAmount: v['bar-amount'] } : {}),
        ...(typeof v.sources === 'string'
          ? {
              sources: v.sources
                .split(',')
                .map((x) => x.trim())
                .filter((x) => x.length > 0),
            }
          : {}),
      }
      if (Object.keys(body).length === 0) {
        throw new UsageError(
          'give --name, --timezone, --locale, --donate-url, --stripe-account, --bar-amount or --sources',
        )
      }
      return { method: 'PATCH', path: `/api/admin/campaigns/${enc(need(slug, 'SLUG'))}`, body }
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
  'campaign logo': {
    usage: 'campaign logo SLUG (--file PATH | --remove)',
    summary:
      'Set or remove the logo of the donate and thank-you pages (PNG, JPEG or WebP, 256 KB).',
    options: {
      file: ['string', 'the image to upload: PNG, JPEG or WebP, at most 256 KB'],
      remove: ['boolean', 'remove the logo'],
    },
    example: 'supportbar campaign logo news --file ./logo.png',
    call: async ([slug], v, h) => {
      const path = `/api/admin/campaigns/${enc(need(slug, 'SLUG'))}/logo`
      const file = str(v.file)
      if (v.remove && file !== undefined) throw new UsageError('give --file or --remove, not both')
      if (v.remove) return { method: 'DELETE', path }
      if (!file) throw new UsageError('give --file PATH or --remove')
      return { method: 'PUT', path, raw: await h.readFile(file) }
    },
  },
}
