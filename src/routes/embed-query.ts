import { z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
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
  // Read as `locale` before any route sees it (langAlias below); listed so the document says so.
  lang: z
    .string()
    .max(35)
    .optional()
    .transform(() => undefined)
    .openapi({ type: 'string', example: 'de', description: 'Same as `locale` (which wins)' }),
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

// The schema's output is the bar's options, exactly (`lang` is only ever read as `locale`): a
// change to one must be made to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const same: Same<Omit<z.output<typeof EmbedQuery>, 'lang'>, EmbedOptions> = true
void same

/**
 * `?lang=` works like `?locale=` on every page and image (a name many embed snippets use):
 * a GET or HEAD carrying `lang` is read as if it carried `locale` (an explicit `locale` wins),
 * so one schema validates both and the pages keep `locale` on their links.
 */
export const langAlias: MiddlewareHandler = (c, next) => {
  const { url, method } = c.req.raw
  if (!url.includes('lang=') || (method !== 'GET' && method !== 'HEAD')) return next()
  const u = new URL(url)
  const lang = u.searchParams.get('lang')
  if (lang === null) return next()
  u.searchParams.delete('lang')
  if (!u.searchParams.has('locale')) u.searchParams.set('locale', lang)
  c.req.raw = new Request(u, c.req.raw)
  return next()
}
