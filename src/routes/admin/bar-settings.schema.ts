import { z } from '@hono/zod-openapi'
import { SHOW_ITEMS } from '../../domain/bar-settings.js'

/** One line of text a campaign sets: trimmed, no line breaks or other control characters. */
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, 'must be one line of text')

const fields = {
  buttonLabel: line(40).openapi({
    example: 'Give now',
    description: "The button's text instead of the catalog's (in the campaign's language)",
  }),
  tagline: line(120).openapi({
    example: 'Independent news, paid for by readers',
    description: 'One line under the name (in the campaign language)',
  }),
  milestones: z
    .array(
      z
        .object({
          amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
          label: line(40),
        })
        .strict(),
    )
    .max(5)
    .openapi({ description: 'Markers on the track: amount in minor units and a short label' }),
  stretchGoals: z
    .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
    .max(5)
    .refine((g) => g.every((v, i) => i === 0 || v > (g[i - 1] as number)), 'must be increasing')
    .openapi({ description: "Goals (minor units) that take over once the month's goal is passed" }),
  donorGoal: z
    .number()
    .int()
    .positive()
    .max(10_000_000)
    .openapi({ description: 'A donor-count goal, drawn as a second bar' }),
  show: z
    .array(z.enum(SHOW_ITEMS))
    .max(SHOW_ITEMS.length)
    .openapi({ description: 'Facts the bar shows by default: sentence, donors, days (left)' }),
}

/** The bar settings as the admin API takes them on create and shows them. */
export const BarSettingsSchema = z
  .object({
    buttonLabel: fields.buttonLabel.optional(),
    tagline: fields.tagline.optional(),
    show: fields.show.optional(),
    milestones: fields.milestones.optional(),
    stretchGoals: fields.stretchGoals.optional(),
    donorGoal: fields.donorGoal.optional(),
  })
  .strict()
  .openapi('BarSettings')

/** A change of the bar settings: a value sets a field, `null` clears it. */
export const BarSettingsPatch = z
  .object({
    buttonLabel: fields.buttonLabel.nullable().optional(),
    tagline: fields.tagline.nullable().optional(),
    show: fields.show.nullable().optional(),
    milestones: fields.milestones.nullable().optional(),
    stretchGoals: fields.stretchGoals.nullable().optional(),
    donorGoal: fields.donorGoal.nullable().optional(),
  })
  .strict()
  .openapi('BarSettingsPatch')
