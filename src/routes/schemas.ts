import { z } from '@hono/zod-openapi'
import { isSupportedCurrency, normalizeCurrency } from '../domain/money.js'
import { isLocale, isMonth, isTimezone } from '../domain/months.js'
import { SLUG_PATTERN } from '../domain/slug.js'
import { STRIPE_ACCOUNT_PATTERN, STRIPE_ACCOUNT_RULE } from '../domain/stripe-account.js'

/** Largest amount accepted anywhere: keeps sums of many entries exact in a float64. */
export const MAX_SAFE_AMOUNT = 1_000_000_000_000

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'No campaign with slug "news"' }),
    }),
  })
  .openapi('Error')

export const Slug = z
  .string()
  .regex(SLUG_PATTERN, 'lower-case letters, digits and dashes, 1-64')
  .openapi({ example: 'news' })

export const StripeAccount = z
  .string()
  .regex(STRIPE_ACCOUNT_PATTERN, STRIPE_ACCOUNT_RULE)
  .openapi({ example: 'acct_1A2b3C4d5E6f7G8h' })

/** Which month total a bar shows as `pledged`. */
export const BarAmount = z.enum(['gross', 'net']).openapi({ example: 'gross' })

export const Month = z
  .string()
  .refine(isMonth, 'must be a month YYYY-MM between 2000-01 and 2999-12')
  .openapi({ example: '2021-06' })

export const Currency = z
  .string()
  .refine(isSupportedCurrency, 'must be a currency Stripe supports, e.g. USD')
  .transform((c) => normalizeCurrency(c) as string)
  .openapi({ type: 'string', example: 'USD' })

export const Goal = z
  .number()
  .int('must be an integer in minor units (cents)')
  .min(0, 'must not be negative')
  .max(MAX_SAFE_AMOUNT)
  .openapi({ description: 'Minor units (cents)', example: 500000 })

export const Timezone = z
  .string()
  .refine(isTimezone, 'must be an IANA timezone such as Europe/Paris')
  .openapi({ example: 'America/New_York' })

export const Locale = z
  .string()
  .refine(isLocale, 'must be a BCP 47 locale such as en-US')
  .openapi({ example: 'en-US' })

export const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2000)
  .openapi({ example: 'https://example.org/donate' })

/** An error answer in the one shape. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
})

/** What any route that reads the database can answer besides its own outcomes. */
export const serverErrorResponses = {
  500: errorResponse('Unexpected error (logged with the request id)'),
  503: errorResponse(
    'The database cannot take the request now (full, read-only, locked or down); retry after `Retry-After` seconds',
  ),
} as const

/** Errors of the public JSON routes with a campaign slug. */
export const errorResponses = {
  400: errorResponse('Bad parameter (slug, month, locale, option)'),
  404: errorResponse('Unknown campaign'),
  ...serverErrorResponses,
} as const

/** Admin operations need one of the ADMIN_TOKEN tokens as a bearer token. */
export const adminSecurity = [{ adminToken: [] }]

/**
 * Everything an admin operation can answer besides its successes: 400 (a malformed
 * Authorization header, a bad parameter), 401 (no or a wrong token, or no ADMIN_TOKEN set),
 * 404 when it names something that may not exist, 413 on a write (422 when it reads a JSON
 * body), 500/503.
 */
export function adminErrors(opts: { notFound?: string; body?: 'json' | 'none' } = {}) {
  return {
    400: errorResponse(
      opts.body === 'json'
        ? 'Malformed Authorization header, bad parameter or malformed JSON'
        : 'Malformed Authorization header or bad parameter',
    ),
    401: errorResponse('Missing or wrong token, or the admin API is disabled (no ADMIN_TOKEN)'),
    ...(opts.notFound ? { 404: errorResponse(opts.notFound) } : {}),
    // Every write takes a body through the API's size limit, even one that reads none.
    ...(opts.body ? { 413: errorResponse('Body over 64 KiB') } : {}),
    ...(opts.body === 'json'
      ? {
          422: errorResponse(
            'Body is JSON but not valid for this operation (every problem listed)',
          ),
        }
      : {}),
    ...serverErrorResponses,
  }
}

/** The keys every admin operation shares: its tag and the bearer token it needs. */
export const adminOperation = { tags: ['admin'], security: adminSecurity }

/** The body of every backfill (Stripe, PayPal, the platforms): where its window starts. */
export const backfillBody = {
  required: true,
  content: {
    'application/json': {
      schema: z.object({ since: z.iso.datetime({ offset: true }) }).strict(),
    },
  },
}

export const ProgressSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    month: z.string().openapi({ example: '2021-06' }),
    label: z.string().openapi({ example: 'JUNE 2021' }),
    currency: z.string().openapi({ example: 'USD' }),
    locale: z
      .string()
      .openapi({ example: 'en-US', description: 'Locale of the formatted strings' }),
    campaignLocale: z
      .string()
      .openapi({ example: 'en-US', description: "Language of the campaign's own texts (name)" }),
    labelLocale: z.string().openapi({ example: 'en-US', description: 'Language of the label' }),
    goal: z.number().int().openapi({ example: 500000 }),
    pledged: z.number().int().openapi({
      example: 136000,
      description: "What the bar shows: `gross` or `net`, as the campaign's `barAmount` says",
    }),
    gross: z
      .number()
      .int()
      .openapi({ example: 136000, description: "The month's gifts, minor units" }),
    fees: z.number().int().openapi({
      example: 4244,
      description: "Stripe's fees on them known so far (dispute fees included), minor units",
    }),
    net: z.number().int().openapi({ example: 131756, description: 'gross - fees, minor units' }),
    barAmount: BarAmount,
    bySource: z
      .record(
        z.string(),
        z.object({
          pledged: z.number().int().openapi({ example: 120000 }),
          donations: z.number().int().openapi({ example: 31 }),
          verified: z.boolean().openapi({
            description:
              'False for a source whose money cannot be verified or reconciled exactly (GitHub Sponsors, Ko-fi, Buy Me a Coffee, Patreon: no refund or renewal event, no charge id, or no API; docs/sources.md)',
          }),
        }),
      )
      .openapi({
        example: {
          stripe: { pledged: 120000, donations: 31, verified: true },
          paypal: { pledged: 16000, donations: 4, verified: true },
          kofi: { pledged: 1500, donations: 3, verified: false },
        },
        description:
          "The month's money by provider (`stripe`, `paypal`, `github`, `kofi`, `buymeacoffee`, `donorbox`, `patreon`; every one present): `pledged` as `barAmount` says, donations, and whether it is exact. Manual adjustments belong to none, so the shares may not add up to `pledged`",
      }),
    percent: z.number().nullable().openapi({ example: 27.2 }),
    donations: z.number().int(),
    donors: z.number().int(),
    recurring: z
      .object({
        supporters: z.number().int().openapi({ example: 42 }),
        monthly: z.number().int().openapi({ example: 63000 }),
      })
      .openapi({
        description:
          'Monthly supporters now: subscriptions that still give (active, trialing, past_due) and their sum per month in minor units',
      }),
    supporters: z.array(z.string()).openapi({
      example: ['Ada L.', 'Bo'],
      description:
        'The latest display names donors agreed to show on Checkout (at most three, newest first); never anyone who did not agree. Typed by the public: escape them',
    }),
    donateUrl: z.string().nullable(),
    updatedAt: z.string().nullable(),
    archived: z.boolean(),
    fill: z.number().openapi({ description: 'Width of the fill, 0..100' }),
    ticks: z.array(
      z.object({ value: z.number().int(), formatted: z.string(), position: z.number() }),
    ),
    baseGoal: z
      .number()
      .int()
      .openapi({ description: "The month's own goal; `goal` is the stretch goal in force" }),
    markers: z.array(
      z.object({
        kind: z.enum(['milestone', 'goal']),
        value: z.number().int(),
        formatted: z.string(),
        position: z.number(),
        label: z.string(),
        reached: z.boolean(),
      }),
    ),
    donorGoal: z.object({ goal: z.number().int(), fill: z.number() }).nullable(),
    buttonLabel: z.string().nullable().openapi({ description: "The campaign's own button text" }),
    tagline: z.string().nullable(),
    show: z.array(z.string()).openapi({ description: 'Facts shown by default' }),
    daysLeft: z.number().int().nullable().openapi({
      description: "Days left in the month in the campaign's timezone, today included",
    }),
    texts: z
      .object({
        lang: z.string(),
        dir: z.enum(['ltr', 'rtl']),
        button: z.string(),
        buttonLang: z.string(),
        sentence: z.string().openapi({ example: '$1,360 raised of $5,000' }),
        valuetext: z.string(),
        donors: z.string().openapi({ example: '9 donors' }),
        daysLeft: z.string().nullable().openapi({ example: '16 days left' }),
        ended: z.string(),
        reached: z.string(),
        supporters: z.string().nullable().openapi({ example: '42 of 100 supporters' }),
        monthly: z.string().nullable().openapi({ example: '12 monthly supporters' }),
        wall: z.string().nullable().openapi({
          example: 'Thanks to Ada L., Bo and Cy',
          description:
            '`supporters` as a sentence in the display language; null when there are none',
        }),
      })
      .openapi({ description: "The bar's words in the display locale (message catalogs)" }),
    formatted: z.object({
      goal: z.string().openapi({ example: '$5,000' }),
      pledged: z.string().openapi({ example: '$1,360' }),
      half: z.string().openapi({ example: '$2,500' }),
      percent: z.string().nullable().openapi({ example: '27.2%' }),
    }),
  })
  .openapi('Progress')

/** An answer that is a page or an image (text in the given media type), not JSON. */
export const textResponse = (description: string, mediaType: string) => ({
  description,
  content: { [mediaType]: { schema: z.string() } },
})

/** An OpenAPI response (or body) of JSON with the given schema. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})
