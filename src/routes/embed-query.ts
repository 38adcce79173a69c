import { z } from '@hono/zod-openapi'
import { type EmbedOptions, MAX_WIDTH, MIN_WIDTH, normalizeHex } from '../bar/options.js'
import { SHOW_ITEMS, type ShowItem } from '../domain/bar-settings.js'
import { displayLocale, isLocale } from '../domain/months.js'
import { Month } from './schemas.js'

const Flag = z
  .enum(['1', '0', 'true', 'false', ''])
  .transform((v) => v === '1' || v === 'true' || v === '')

/**
 * Display options of every embed, by query string (`?theme=dark&compact=1`) or, for the web
 * component, by attributes of the same names. Unknown values are refused with a 400, never
 * guessed, so a typo in a snippet shows up at once.
 */
export const EmbedQuery = z.object({
  month: Month.optional(),
  locale: z
    .string()
    .max(35)
    .refine(isLocale, 'must be a BCP 47 locale such as en-US')
    .transform(displayLocale)
    .optional()
    .openapi({ example: 'en-US' }),
  theme: z.enum(['light', 'dark', 'auto']).default('auto'),
  accent: z
    .string()
    .regex(/^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as 0969da')
    .transform((v) => normalizeHex(v))
    .optional()
    .openapi({ type: 'string', example: '0969da' }),
  compact: Flag.optional().openapi({ type: 'string', example: '1' }),
  currencyDisplay: z.enum(['locale', 'before', 'after']).default('locale'),
  width: z.coerce.number().int().min(MIN_WIDTH).max(MAX_WIDTH).optional(),
  show: z
    .string()
    .max(100)
    .transform((v, ctx) => {
      const items = v === '' ? [] : v.split(',')
      const bad = items.filter((i) => !SHOW_ITEMS.includes(i as ShowItem))
      if (bad.length) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a comma-separated list of ${SHOW_ITEMS.join(', ')}`,
        })
        return z.NEVER
      }
      return [...new Set(items)] as ShowItem[]
    })
    .optional()
    .openapi({
      type: 'string',
      example: 'sentence,donors,days',
      description: "Facts under the amount (comma-separated); the campaign's default if absent",
    }),
})

// The schema's output is the bar's options, exactly: a change to one must be made to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const same: Same<z.output<typeof EmbedQuery>, EmbedOptions> = true
void same
