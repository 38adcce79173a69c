export type { AppEnv } from './http/env.js'

import type Stripe from 'stripe'
import type { Config } from './config.js'
import type { AuditOf } from './http/audit-trail.js'
import type { AuthThrottle } from './http/auth-throttle.js'
import type { DocsAssets } from './http/docs-assets.js'
import type { RequestLog } from './http/requests.js'
import type { Ingest } from './ingest/ingest.js'
import type { Logger } from './log.js'
import type { GaugeSample, Metrics } from './metrics.js'
import type { PaypalApi } from './paypal/client.js'
import type { ReceivePaypal } from './paypal/receive.js'
import type { ChangeFeed } from './read/change-feed.js'
import type { Reader } from './read/reader.js'
import type { RenderBudget } from './read/render-budget.js'
import type { ReceiveSource } from './sources/receive.js'
import type { SourceName } from './sources/source.js'
import type { Store } from './store/store.js'
import type { ReceiveWebhook } from './stripe/receive.js'

/** What `createApp` is built from. Runtime entries and tests construct these. */
export interface AppDeps {
  store: Store
  config: Config
  /** Defaults to the system clock; tests pass a fixed one. */
  clock?: () => Date
  /**
   * The clock webhook signatures' timestamps are checked against (300 s either way). Defaults
   * to the system clock, not `clock`: a test that fixes the business clock still signs now.
   */
  signatureClock?: () => Date
  /** Stripe API client, for backfill and currency conversion (needs STRIPE_SECRET_KEY). */
  stripe?: Stripe
  /** Fetches PayPal's signing certificates (tests may inject one); default: fetch. */
  paypalFetch?: typeof fetch
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
  /** The runtime's own gauges in `GET /metrics` (process memory: src/node/process-gauges.ts). */
  runtimeGauges?: () => GaugeSample[]
}

/**
 * SVG string and output width in device pixels -> PNG bytes. A bounded rasteriser (Node's pool)
 * rejects with a 503 `ApiError` when it cannot take more, and tells so beforehand by `busy`.
 */
export type Rasterize = ((svg: string, widthPx: number) => Promise<Uint8Array<ArrayBuffer>>) & {
  busy?: () => boolean
}

/**
 * The services one app instance is made of, each built from what it needs. Routes, lanes and
 * the console each take the few they use (`Pick<Services, ...>`), never all of them.
 */
export interface Services {
  store: Store
  config: Config
  stripe: Stripe | undefined
  now: () => Date
  log: Logger
  metrics: Metrics
  /** Counts and logs every answered request (Hono's middleware and the Node lanes). */
  requests: RequestLog
  /** The read path: progress, render cache, change feed. */
  reader: Reader
  /** Tells caches and live streams that a campaign (or one of its months) changed. */
  changed: (campaign: string, month?: string) => void
  /** The Stripe write path (load, decide, one atomic write). */
  ingest: Ingest
  /** `POST /webhooks/stripe`'s work: verify, map, ingest, count. */
  receiveWebhook: ReceiveWebhook
  /** `POST /webhooks/paypal`'s work: verify offline, map, the same ingest, count. */
  receivePaypal: ReceivePaypal
  /** `POST /webhooks/<source>`'s work for each receive-only source (src/sources). */
  receiveSources: Record<SourceName, ReceiveSource>
  /** PayPal's REST API (backfill), when PAYPAL_* are set. */
  paypal: PaypalApi | undefined
  /** Wrong admin tokens per address: sign-in and the admin API refuse a guesser (429). */
  authThrottle: AuthThrottle
  /** The audit record of an admin change. */
  audit: AuditOf
  /** Live streams are served (see AppDeps.streams). */
  streams: boolean
  rasterize: Rasterize | undefined
  /** PNG renderings each client may cause by missing the cache (then 429): route and lane. */
  pngBudget: RenderBudget
}
