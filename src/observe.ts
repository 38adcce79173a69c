import type { MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { AppContext, AppEnv } from './context.js'
import { monthOf } from './domain/months.js'
import type { GaugeSample } from './metrics.js'
import { getMonthFacts } from './store/campaign-months.js'
import { listCampaigns } from './store/campaigns.js'

/** The route pattern that answered (`/api/campaigns/:slug/progress`), never the raw path. */
export function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]
    if (r && r.method !== 'ALL') return r.path
  }
  return 'unmatched'
}

/**
 * Counts every request by method, route pattern and status (bounded label values: patterns,
 * not paths) and writes one log line: debug for successful reads (the bar is read far more
 * than anything else), info for writes and 4xx, error for 5xx. No headers, no query strings.
 */
export function observeRequests(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now()
    await next()
    recordRequest(ctx, {
      requestId: c.var.requestId,
      method: c.req.method,
      route: routeOf(c),
      path: c.req.path,
      status: c.res.status,
      start,
      actor: c.var.actor,
    })
  }
}

/** One answered request, as observeRequests (or a runtime's lane) counts and logs it. */
export interface AnsweredRequest {
  requestId: string
  method: string
  route: string
  path: string
  status: number
  /** performance.now() when the request arrived. */
  start: number
  actor?: string | undefined
}

/** Counts a request by method, route pattern and status, and writes its log line. */
export function recordRequest(ctx: AppContext, r: AnsweredRequest): void {
  const { method, route, status } = r
  ctx.metrics.incKeyed('supportbar_http_requests_total', `${method} ${status} ${route}`, () => ({
    method,
    route,
    status: String(status),
  }))
  const level =
    status >= 500
      ? 'error'
      : status >= 400 || !(method === 'GET' || method === 'HEAD')
        ? 'info'
        : 'debug'
  if (!ctx.log.enabled(level)) return
  ctx.log[level]('request', {
    requestId: r.requestId,
    method,
    route,
    path: r.path,
    status,
    ms: Math.round((performance.now() - r.start) * 10) / 10,
    ...(r.actor ? { actor: r.actor } : {}),
  })
}

/** Current-month totals of every live campaign, in its own timezone, read at scrape time. */
export async function campaignGauges(ctx: AppContext): Promise<GaugeSample[]> {
  const out: GaugeSample[] = []
  for (const campaign of await listCampaigns(ctx.store)) {
    if (campaign.archived) continue
    const month = monthOf(ctx.now(), campaign.timezone)
    const facts = await getMonthFacts(ctx.store, campaign.slug, month)
    if (!facts) continue
    const labels = { campaign: campaign.slug, month, currency: campaign.currency }
    out.push(
      {
        name: 'supportbar_campaign_month_pledged_minor',
        help: "Current month's pledged total, in minor units of the campaign currency",
        labels,
        value: facts.pledged,
      },
      {
        name: 'supportbar_campaign_month_goal_minor',
        help: "Current month's goal, in minor units of the campaign currency",
        labels,
        value: facts.goal,
      },
      {
        name: 'supportbar_campaign_month_donations',
        help: "Current month's number of donations",
        labels,
        value: facts.donations,
      },
      {
        name: 'supportbar_campaign_month_donors',
        help: "Current month's number of distinct donors",
        labels,
        value: facts.donors,
      },
    )
  }
  return out
}

interface MemoryUsage {
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
}

/**
 * Process memory where the runtime tells it (Node; Workers has no `process.memoryUsage`, and
 * nothing is imported for it, so this file still runs there).
 */
export function processGauges(): GaugeSample[] {
  const proc = (globalThis as { process?: { memoryUsage?: () => MemoryUsage } }).process
  const m = proc?.memoryUsage?.()
  if (!m) return []
  return [
    {
      name: 'process_resident_memory_bytes',
      help: 'Resident set size of the process',
      labels: {},
      value: m.rss,
    },
    {
      name: 'supportbar_heap_used_bytes',
      help: 'JavaScript heap in use',
      labels: {},
      value: m.heapUsed,
    },
    {
      name: 'supportbar_heap_total_bytes',
      help: 'JavaScript heap reserved',
      labels: {},
      value: m.heapTotal,
    },
    {
      name: 'supportbar_external_memory_bytes',
      help: 'Memory of buffers and native objects held by JavaScript',
      labels: {},
      value: m.external,
    },
  ]
}
