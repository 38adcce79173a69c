import type { Config } from '../../config.js'
import type { Bucket, Ingest } from '../../ingest/ingest.js'
import { campaignOfClaim, claimedIds } from '../../store/campaign-sources.js'
import type { Store } from '../../store/store.js'
import { bmcApiEvents } from '../bmc/api.js'
import { donorboxApiEvents } from '../donorbox/api.js'
import { githubApiEvents } from '../github/api.js'
import { ocApiEvents } from '../opencollective/api.js'
import { patreonApiEvents } from '../patreon/api.js'
import type { Listed } from './events.js'
import { runEvents, type SourceBackfillResult } from './run.js'

/** The platforms with an API to backfill from (Ko-fi has none). */
export const BACKFILL_SOURCES = [
  'github',
  'buymeacoffee',
  'donorbox',
  'opencollective',
  'patreon',
] as const
export type BackfillSource = (typeof BACKFILL_SOURCES)[number]

/** The settings each needs, for the 503 message. */
export const BACKFILL_SETTINGS: Record<BackfillSource, string> = {
  github: 'GITHUB_SPONSORS_TOKEN',
  buymeacoffee: 'BMC_API_TOKEN',
  donorbox: 'DONORBOX_API_USER, DONORBOX_API_KEY',
  opencollective: 'OPENCOLLECTIVE_API_URL, OPENCOLLECTIVE_TOKEN',
  patreon: 'PATREON_ACCESS_TOKEN',
}

export const isBackfillSource = (v: string): v is BackfillSource =>
  (BACKFILL_SOURCES as readonly string[]).includes(v)

/** What a backfill needs: the platforms' settings, the store (claims) and the ingest. */
export interface BackfillContext {
  apis: Config['sourceApis']
  store: Store
  ingest: Ingest
  changed?: (b: Bucket) => void
  /** Tests and runtimes may inject one; default: fetch. */
  fetcher?: typeof fetch
}

/** Whether a platform's API is configured. */
export const configured = (apis: Config['sourceApis'], name: BackfillSource) =>
  apis[name] !== undefined

/** The platform's API is not configured: the route answers 503. */
export class NotConfigured extends Error {}

async function listed(
  name: BackfillSource,
  ctx: BackfillContext,
  w: { since: Date; now: Date },
): Promise<Listed> {
  const f = ctx.fetcher ? { fetcher: ctx.fetcher } : {}
  const { apis } = ctx
  const off = () => new NotConfigured(`${name} has no API settings (${BACKFILL_SETTINGS[name]})`)
  switch (name) {
    case 'github':
      if (!apis.github) throw off()
      return githubApiEvents({ ...apis.github, ...f }, w)
    case 'buymeacoffee':
      if (!apis.buymeacoffee) throw off()
      return bmcApiEvents({ ...apis.buymeacoffee, ...f }, w)
    case 'donorbox':
      if (!apis.donorbox) throw off()
      return donorboxApiEvents({ ...apis.donorbox, ...f }, w)
    case 'opencollective':
      if (!apis.opencollective) throw off()
      return ocApiEvents(
        { ...apis.opencollective, ...f },
        w,
        await claimedIds(ctx.store, 'opencollective'),
      )
    case 'patreon':
      if (!apis.patreon) throw off()
      return patreonApiEvents({ ...apis.patreon, ...f }, w)
  }
}

/**
 * One platform's backfill: what its API shows since `since`, through the one ingest with the
 * webhook's keys. Throws NotConfigured without its settings and SourceApiError when its API
 * fails; a fact that fails is listed in `failed`, the others still run.
 */
export async function sourceBackfill(
  name: BackfillSource,
  ctx: BackfillContext,
  w: { since: Date; now: Date },
): Promise<SourceBackfillResult> {
  const found = await listed(name, ctx, w)
  return runEvents(name, found, ctx.ingest, {
    ...w,
    claimOf: (claim) => campaignOfClaim(ctx.store, claim),
    ...(ctx.changed ? { changed: ctx.changed } : {}),
  })
}
