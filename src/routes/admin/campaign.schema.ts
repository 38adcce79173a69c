import { z } from '@hono/zod-openapi'
import { CLAIM_PATTERN, type Claim as ClaimText } from '../../domain/keys.js'
import { BarAmount } from '../schemas.js'
import { BarSettingsSchema } from './bar-settings.schema.js'
import { CheckoutSettingsSchema } from './checkout-settings.schema.js'
import { PageContentSchema } from './page-content.schema.js'

/** A campaign's claim: a provider, or `donorbox:<campaign id>` (src/domain/keys.ts). */
export const Claim = z
  .string()
  .regex(
    CLAIM_PATTERN,
    'a provider (paypal, github, kofi, buymeacoffee, donorbox, patreon, opencollective) or donorbox:<campaign id> / patreon:<campaign id> / opencollective:<collective slug>',
  )
  .transform((v) => v as ClaimText)
  .openapi({ example: 'paypal' })

const LogoSchema = z
  .object({
    url: z.string().openapi({
      description: 'Public path of the image; versioned, cached for a year',
      example: '/logo/news/3f2a9c0d1b4e5f60.png',
    }),
    version: z.string().openapi({ description: "First 16 hex digits of the image's SHA-256" }),
    contentType: z.enum(['image/png', 'image/jpeg', 'image/webp']),
    bytes: z.number().int().openapi({ description: 'Size of the image in bytes' }),
  })
  .openapi('CampaignLogo')

export const CampaignSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    currency: z.string(),
    defaultGoal: z.number().int(),
    timezone: z.string(),
    locale: z.string(),
    donateUrl: z.string().nullable(),
    isDefault: z.boolean().openapi({
      description:
        "Takes the Stripe money of its account (the platform's, or its stripeAccount's) that names no campaign of that account; one default per account",
    }),
    archived: z.boolean(),
    bar: BarSettingsSchema,
    checkout: CheckoutSettingsSchema,
    page: PageContentSchema,
    stripeAccount: z.string().nullable().openapi({
      description:
        "Stripe Connect account whose events count here (only here and in its other campaigns), and on which the donate page creates Checkout Sessions; null for the platform's own account",
      example: null,
    }),
    logo: LogoSchema.nullable().openapi({
      description:
        "The donate and thank-you pages' logo (set with PUT /api/admin/campaigns/{slug}/logo); null for none",
    }),
    barAmount: BarAmount.openapi({
      description:
        "Which of the month's totals the bar shows as `pledged`: `gross` (what donors gave) or `net` (after Stripe's fees)",
    }),
    sources: z.array(Claim).openapi({
      description:
        'Providers whose money this campaign takes when their events name no campaign (PayPal without custom_id; GitHub Sponsors, Ko-fi and Buy Me a Coffee, which name none): `paypal`, `github`, `kofi`, `buymeacoffee`, `donorbox`; and `donorbox:<campaign id>` for the money of that Donorbox campaign. Each claimed by at most one campaign',
      example: ['paypal'],
    }),
    reconciledThrough: z.string().nullable().openapi({
      description:
        "The day (YYYY-MM-DD, UTC) through which the campaign's account (the platform's, or its stripeAccount's) matched Stripe's books: the newest finished reconciliation without an open difference (a payout's arrival date, or a time range's last whole day); null when none. See docs/reconciliation.md",
      example: '2027-05-10',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Campaign')

/** A campaign as the admin API answers it. */
export type CampaignView = z.output<typeof CampaignSchema>
