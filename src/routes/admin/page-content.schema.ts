import { z } from '@hono/zod-openapi'
import { HttpUrl } from '../schemas.js'

const Appeal = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .openapi({
    description:
      'Shown under the title: paragraphs, *emphasis*, **strong**, lists and http(s) links ' +
      '(Markdown); anything else is shown as text',
    example:
      'We are **reader-funded**. Your gift pays for [our court reporting](https://example.org/courts).',
  })

const Impact = z
  .record(
    z.string().regex(/^[1-9]\d{0,7}$/, 'must be an amount in minor units, e.g. 2500'),
    z.string().trim().min(1).max(120),
  )
  .refine((r) => Object.keys(r).length <= 12, 'at most 12 lines')
  .openapi({
    description: 'One line under a preset amount, by its minor units: what the gift pays for',
    example: { '2500': 'pays for a day of court reporting' },
  })

const fields = {
  appeal: Appeal,
  impact: Impact,
  privacyUrl: HttpUrl.openapi({ description: 'Privacy notice linked from the donate page' }),
  contactUrl: HttpUrl.openapi({ description: 'Contact page linked from the donate page' }),
}

/** The donate page's content as the API shows it (fields absent when not set). */
export const PageContentSchema = z
  .object({
    appeal: fields.appeal.optional(),
    impact: fields.impact.optional(),
    privacyUrl: fields.privacyUrl.optional(),
    contactUrl: fields.contactUrl.optional(),
  })
  .strict()
  .openapi('PageContent')

/** A change of the page content: null clears a field, a field left out keeps its value. */
export const PageContentPatch = z
  .object({
    appeal: fields.appeal.nullable().optional(),
    impact: fields.impact.nullable().optional(),
    privacyUrl: fields.privacyUrl.nullable().optional(),
    contactUrl: fields.contactUrl.nullable().optional(),
  })
  .strict()
  .openapi('PageContentPatch')
