import type { AppContext } from './context.js'
import type { MoneyFormatOptions } from './domain/money.js'
import { monthOf } from './domain/months.js'
import { buildProgress, type Progress } from './domain/progress.js'
import { checkoutOff, donatePageUrl } from './donate/urls.js'
import { ApiError } from './errors.js'
import { etagOf, type Rendered } from './read/render-cache.js'
import { getMonthFacts } from './store/campaign-months.js'
import { getCampaign } from './store/campaigns.js'

/** Reads one month's progress; 404 if the slug is unknown. Month defaults to the current one. */
export async function readProgress(
  ctx: AppContext,
  slug: string,
  month: string | undefined,
  format: Partial<MoneyFormatOptions> = {},
): Promise<Progress> {
  let resolved = month
  if (resolved === undefined) {
    const campaign = await getCampaign(ctx.store, slug)
    if (!campaign) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
    resolved = monthOf(ctx.now(), campaign.timezone)
  }
  const facts = await getMonthFacts(ctx.store, slug, resolved)
  if (!facts) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
  // With checkout on, Support opens our donate page (a new tab: Checkout cannot run in a
  // frame); otherwise the campaign's own donateUrl, for sites with their own page.
  if (facts.checkoutEnabled && !checkoutOff(ctx)) facts.donateUrl = donatePageUrl(ctx, slug)
  return buildProgress(facts, { ...format, now: ctx.now() })
}

/**
 * A rendering of a month's progress, from the cache or built once. The cache key includes
 * the current month in the campaign's timezone, so a month rollover starts a new entry.
 */
export async function renderProgress(
  ctx: AppContext,
  slug: string,
  month: string | undefined,
  variant: string,
  render: (progress: Progress) => string | { body: string; status: 200 | 404 },
  contentType: string,
  format: Partial<MoneyFormatOptions> = {},
): Promise<Rendered> {
  // The minute bucket bounds how long "current month" can be reused across a rollover.
  const minute = Math.floor(ctx.now().getTime() / 60_000)
  const current = month ?? `current@${minute}`
  const expiresBy = month ? undefined : (minute + 1) * 60_000
  return ctx.cache.get(
    slug,
    `${variant}|${current}`,
    async () => {
      const progress = await readProgress(ctx, slug, month, format)
      const out = render(progress)
      const { body, status } = typeof out === 'string' ? { body: out, status: 200 as const } : out
      return { body, etag: await etagOf(body), contentType, status }
    },
    expiresBy,
  )
}
