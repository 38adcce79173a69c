import type { MoneyFormatOptions } from '../domain/money.js'
import { monthOf } from '../domain/months.js'
import { buildProgress, type Progress } from '../domain/progress.js'
import { ApiError } from '../errors.js'
import { getMonthFacts } from '../store/campaign-months.js'
import { getCampaign } from '../store/campaigns.js'
import type { Store } from '../store/store.js'
import { ChangeFeed } from './change-feed.js'
import { etagOf, RenderCache, type Rendered } from './render-cache.js'

/** What the reader is made of. */
export interface ReaderDeps {
  store: Store
  now: () => Date
  /** The cache's clock in epoch ms (it asks on every read: Date.now where no clock is given). */
  nowMs: () => number
  cacheTtlMs: number
  /** Changes of this instance (and, on PostgreSQL, relayed from others); a new feed if none. */
  feed?: ChangeFeed | undefined
  /**
   * The page Support opens when a campaign takes gifts here (our donate page), or undefined
   * while checkout is off for the whole service: the campaign's own donateUrl is kept then.
   */
  donatePage?: ((slug: string) => string) | undefined
}

/**
 * The read path (DESIGN.md, Speed): a month's progress, rendered once per change into bytes
 * kept in the render cache, which the change feed empties for a campaign that changed.
 */
export interface Reader {
  readonly feed: ChangeFeed
  readonly cache: RenderCache
  /** Tells the cache and live streams that a campaign (or one of its months) changed. */
  changed(campaign: string, month?: string): void
  /** One month's progress; 404 if the slug is unknown. Month defaults to the current one. */
  progress(
    slug: string,
    month: string | undefined,
    format?: Partial<MoneyFormatOptions>,
  ): Promise<Progress>
  /**
   * A rendering of a month's progress, from the cache or built once. The cache key includes
   * the current month in the campaign's timezone, so a month rollover starts a new entry.
   */
  render(
    slug: string,
    month: string | undefined,
    variant: string,
    render: (progress: Progress) => string | { body: string; status: 200 | 404 },
    contentType: string,
    format?: Partial<MoneyFormatOptions>,
  ): Promise<Rendered>
}

/** The reader of one app instance; its cache drops a campaign's bytes on every change. */
export function createReader(deps: ReaderDeps): Reader {
  const { store, now, donatePage } = deps
  const feed = deps.feed ?? new ChangeFeed()
  const cache = new RenderCache(deps.nowMs, deps.cacheTtlMs)
  feed.subscribe((change) => cache.invalidate(change.campaign))

  async function progress(
    slug: string,
    month: string | undefined,
    format: Partial<MoneyFormatOptions> = {},
  ): Promise<Progress> {
    let resolved = month
    if (resolved === undefined) {
      const campaign = await getCampaign(store, slug)
      if (!campaign) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
      resolved = monthOf(now(), campaign.timezone)
    }
    const facts = await getMonthFacts(store, slug, resolved)
    if (!facts) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
    // With checkout on, Support opens our donate page (a new tab: Checkout cannot run in a
    // frame); otherwise the campaign's own donateUrl, for sites with their own page.
    if (facts.checkoutEnabled && donatePage) facts.donateUrl = donatePage(slug)
    return buildProgress(facts, { ...format, now: now() })
  }

  return {
    feed,
    cache,
    changed: (campaign, month) =>
      feed.emit(month === undefined ? { campaign } : { campaign, month }),
    progress,
    render(slug, month, variant, render, contentType, format = {}) {
      // The minute bucket bounds how long "current month" can be reused across a rollover.
      const minute = Math.floor(now().getTime() / 60_000)
      const current = month ?? `current@${minute}`
      const expiresBy = month ? undefined : (minute + 1) * 60_000
      return cache.get(
        slug,
        `${variant}|${current}`,
        async () => {
          const p = await progress(slug, month, format)
          const out = render(p)
          const { body, status } =
            typeof out === 'string' ? { body: out, status: 200 as const } : out
          return { body, etag: await etagOf(body), contentType, status }
        },
        expiresBy,
      )
    },
  }
}
