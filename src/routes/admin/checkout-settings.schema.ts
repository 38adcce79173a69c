import { z } from '@hono/zod-openapi'
import {
  allowedIntervals,
  type CheckoutSettings,
  checkoutProblems,
  defaultCheckout,
  INTERVALS,
  type PresetsByInterval,
} from '../../domain/checkout.js'
import { STRIPE_MAX_AMOUNT } from '../../domain/money.js'
import { ApiError } from '../../errors.js'

const Minor = z.number().int('must be an integer in minor units').positive().max(STRIPE_MAX_AMOUNT)

const Presets = z
  .array(Minor)
  .min(1)
  .max(6)
  .refine((p) => p.every((v, i) => i === 0 || v > (p[i - 1] as number)), 'must be increasing')

const fields = {
  enabled: z.boolean().openapi({
    description:
      'Readers give through Stripe Checkout from /donate/{slug} (needs STRIPE_SECRET_KEY)',
  }),
  presets: Presets.openapi({
    description: 'Amounts offered on the donate page, minor units',
    example: [500, 1000, 2500],
  }),
  presetsByInterval: z
    .object({
      once: Presets.optional(),
      month: Presets.optional(),
      year: Presets.optional(),
    })
    .strict()
    .openapi('PresetsByInterval', {
      description:
        'Amounts offered for one interval instead of `presets` (minor units); an interval left out offers `presets`',
      example: { month: [500, 1000, 1500] },
    }),
  min: Minor.openapi({
    description: "Smallest gift, minor units; at least Stripe's minimum charge",
  }),
  max: Minor.openapi({ description: `Largest gift, minor units; at most ${STRIPE_MAX_AMOUNT}` }),
  allowMonthly: z.boolean().openapi({ description: 'Readers may give monthly (a subscription)' }),
  allowYearly: z.boolean().openapi({ description: 'Readers may give yearly (a subscription)' }),
  defaultInterval: z
    .enum(['once', 'month', 'year'])
    .openapi({ description: 'The interval the donate page starts on; one the campaign allows' }),
  feeCover: z
    .object({
      enabled: z.boolean().openapi({ description: 'The donate page offers to cover the fee' }),
      rateBps: z
        .number()
        .int()
        .min(0)
        .max(2000)
        .openapi({ description: "The processor's rate in basis points (290 = 2.9%)" }),
      fixed: z
        .number()
        .int()
        .min(0)
        .max(100_000)
        .openapi({ description: "The processor's fixed part per payment, minor units" }),
    })
    .strict()
    .openapi('FeeCover', {
      description:
        'A reader who ticks "cover the fee" pays (amount + fixed) / (1 − rate), rounded up ' +
        'to the minor unit; the ledger keeps the fee Stripe really took',
    }),
}

/** The checkout settings as the API shows them. */
export const CheckoutSettingsSchema = z.object(fields).strict().openapi('CheckoutSettings')

/** Checkout settings on create or change: given fields over the current (or default) ones. */
export const CheckoutSettingsPatch = z
  .object({
    enabled: fields.enabled.optional(),
    presets: fields.presets.optional(),
    presetsByInterval: z
      .object({
        once: Presets.nullable().optional(),
        month: Presets.nullable().optional(),
        year: Presets.nullable().optional(),
      })
      .strict()
      .nullable()
      .optional()
      .openapi('PresetsByIntervalPatch', {
        description:
          'Per interval: a list replaces its amounts, null goes back to `presets`, left out keeps them; null for the whole object clears all',
        example: { month: [500, 1000, 1500], year: null },
      }),
    min: fields.min.optional(),
    max: fields.max.optional(),
    allowMonthly: fields.allowMonthly.optional(),
    allowYearly: fields.allowYearly.optional(),
    defaultInterval: fields.defaultInterval.optional(),
    feeCover: fields.feeCover.optional(),
  })
  .strict()
  .openapi('CheckoutSettingsPatch', {
    description: "Fields left out keep their value (on create: the currency's defaults)",
  })

/** The settings after a change, checked against the currency; 422 when they do not fit. */
export function mergeCheckout(
  currency: string,
  current: CheckoutSettings | undefined,
  patch: z.output<typeof CheckoutSettingsPatch>,
): CheckoutSettings {
  const next = mergedCheckout(currency, current, patch)
  const problems = checkoutProblems(next, currency)
  if (problems.length) {
    throw new ApiError(422, 'invalid_body', `Invalid body: checkout: ${problems.join('; ')}`)
  }
  return next
}

/** The settings a change would leave, unchecked (the console checks them field by field). */
export function mergedCheckout(
  currency: string,
  current: CheckoutSettings | undefined,
  patch: z.output<typeof CheckoutSettingsPatch>,
): CheckoutSettings {
  const base = current ?? defaultCheckout(currency)
  const next: CheckoutSettings = {
    enabled: patch.enabled ?? base.enabled,
    presets: patch.presets ?? base.presets,
    presetsByInterval: mergeByInterval(base.presetsByInterval, patch.presetsByInterval),
    min: patch.min ?? base.min,
    max: patch.max ?? base.max,
    allowMonthly: patch.allowMonthly ?? base.allowMonthly,
    allowYearly: patch.allowYearly ?? base.allowYearly,
    defaultInterval: patch.defaultInterval ?? base.defaultInterval,
    feeCover: patch.feeCover ?? base.feeCover,
  }
  // A default the campaign no longer allows falls back to once, unless it was just asked for.
  if (!patch.defaultInterval && !allowedIntervals(next).includes(next.defaultInterval)) {
    next.defaultInterval = 'once'
  }
  // Presets the admin did not touch follow new bounds rather than refuse them.
  if (!patch.presets) next.presets = next.presets.filter((p) => p >= next.min && p <= next.max)
  if (next.presets.length === 0) next.presets = [next.min]
  if (!patch.presetsByInterval) {
    const kept: PresetsByInterval = {}
    for (const i of INTERVALS) {
      const own = next.presetsByInterval[i]?.filter((p) => p >= next.min && p <= next.max)
      if (own?.length) kept[i] = own
    }
    next.presetsByInterval = kept
  }
  return next
}

/** Per-interval presets after a change: a list replaces, null clears, absent keeps. */
function mergeByInterval(
  base: PresetsByInterval,
  patch: z.output<typeof CheckoutSettingsPatch>['presetsByInterval'],
): PresetsByInterval {
  if (patch === null) return {}
  if (patch === undefined) return base
  const next: PresetsByInterval = { ...base }
  for (const i of INTERVALS) {
    const v = patch[i]
    if (v === null) delete next[i]
    else if (v !== undefined) next[i] = v
  }
  return next
}
