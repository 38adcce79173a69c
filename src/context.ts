import type Stripe from 'stripe'
import type { Config } from './config.js'
import { ApiError } from './errors.js'
import { createIngest, type Ingest } from './ingest/ingest.js'
import { createLogger, type Logger } from './log.js'
import { Metrics } from './metrics.js'
import { ChangeFeed } from './read/change-feed.js'
import { RenderCache } from './read/render-cache.js'
import type { DocsAssets } from './routes/docs.assets.js'
import { getCampaign } from './store/campaigns.js'
import type { Store } from './store/store.js'
import { stripeConversions, stripeInvoiceLinks } from './stripe/api-lookups.js'

/** What `createApp` is built from. Runtime entries and tests construct these. */
export interface AppDeps {
  store: Store
  config: Config
  /** Defaults to the system clock; tests pass a fixed one. */
  clock?: () => Date
  /** Stripe API client, for backfill and currency conversion (needs STRIPE_SECRET_KEY). */
  stripe?: Stripe
  feed?: ChangeFeed
  /** Defaults to JSON lines on the console at config.logLevel. */
  logger?: Logger
  /**
   * Whether `GET /api/campaigns/:slug/stream` is served (default true). False where changes
   * cannot reach the streams: a Workers isolate sees only its own writes, so there the route is
   * served by the campaign's Durable Object, and answers 503 (the widget polls) without one.
   */
  streams?: boolean
  /** Swagger UI's files for /docs (src/node/docs-assets.ts on Node); none on Workers. */
  docsAssets?: DocsAssets
  /**
   * Rasterises an SVG to PNG at a width in device pixels (src/node/png.ts on Node,
   * src/worker/png-wasm.ts on Workers). Without it `GET /embed/:slug.png` answers 501 with an
   * image that says so.
   */
  rasterize?: Rasterize
}

/** SVG string and output width in device pixels -> PNG bytes. */
export type Rasterize = (svg: string, widthPx: number) => Promise<Uint8Array<ArrayBuffer>>

/** Hono environment: per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    /** Label of the admin token that authenticated the request (never the token). */
    actor: string
    requestId: string
  }
}

/** Shared services built once per app from its deps. */
export interface AppContext {
  store: Store
  config: Config
  stripe: Stripe | undefined
  now: () => Date
  feed: ChangeFeed
  /** Live streams are served (see AppDeps.streams). */
  streams: boolean
  cache: RenderCache
  /** See AppDeps.rasterize. */
  rasterize: Rasterize | undefined
  /** Tells caches and live streams that a campaign (or one of its months) changed. */
  changed: (campaign: string, month?: string) => void
  log: Logger
  metrics: Metrics
  /** A new audit record id: sorts by time, then by creation order in this instance. */
  auditId: () => string
  /** The Stripe write path (load, decide, one atomic write). */
  ingest: Ingest
}

export function createContext(deps: AppDeps): AppContext {
  const now = deps.clock ?? (() => new Date())
  const feed = deps.feed ?? new ChangeFeed()
  // Date.now, not the Date-making clock, where no clock is given: the cache asks on every read.
  const cache = new RenderCache(
    deps.clock ? () => now().getTime() : Date.now,
    deps.config.cacheTtlMs,
  )
  feed.subscribe((change) => cache.invalidate(change.campaign))
  let seq = 0
  return {
    store: deps.store,
    config: deps.config,
    stripe: deps.stripe,
    now,
    feed,
    streams: deps.streams ?? true,
    cache,
    rasterize: deps.rasterize,
    changed: (campaign, month) =>
      feed.emit(month === undefined ? { campaign } : { campaign, month }),
    log: deps.logger ?? createLogger(deps.config.logLevel, undefined, now),
    metrics: new Metrics(),
    ingest: createIngest({
      store: deps.store,
      clock: now,
      ...(deps.stripe
        ? { conversions: stripeConversions(deps.stripe), links: stripeInvoiceLinks(deps.stripe) }
        : {}),
      ...(deps.config.stripeLivemode === undefined ? {} : { livemode: deps.config.stripeLivemode }),
      ...(deps.config.donorHashKey ? { donorSecret: deps.config.donorHashKey } : {}),
    }),
    auditId: () => {
      seq = (seq + 1) % 1e9
      const time = now().getTime().toString().padStart(15, '0')
      const rand = crypto.randomUUID().slice(0, 8)
      return `${time}-${seq.toString().padStart(9, '0')}-${rand}`
    },
  }
}

/** The campaign, or a 404 in the one error shape. */
export async function requireCampaign(ctx: AppContext, slug: string) {
  const campaign = await getCampaign(ctx.store, slug)
  if (!campaign) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
  return campaign
}
