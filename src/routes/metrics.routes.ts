import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../deps.js'
import { monthOf } from '../domain/months.js'
import type { GaugeSample, Metrics } from '../metrics.js'
import { CODES } from '../reconcile/classify.js'
import { getMonthFacts } from '../store/campaign-months.js'
import { campaignCounts, campaignsBySlug, pageCampaigns } from '../store/campaign-pages.js'
import { type Campaign, getDefaultCampaign } from '../store/campaigns.js'
import { openByCode } from '../store/reconciliations.js'
import type { Store } from '../store/store.js'
import { adminErrors, adminSecurity } from './schemas.js'

export interface MetricsDeps {
  store: Store
  now: () => Date
  metrics: Metrics
  /** METRICS_CAMPAIGNS: slugs with their own series, `all`, or unset (see below). */
  config: { metricsCampaigns?: readonly string[] | undefined }
  /** The runtime's own gauges (process memory on Node), read at scrape time. */
  runtimeGauges?: (() => GaugeSample[]) | undefined
}

/** Below this many live campaigns, each has its own series unless METRICS_CAMPAIGNS says otherwise. */
const ALL_UP_TO = 20

/**
 * The campaigns with their own series: those METRICS_CAMPAIGNS names (`all`: every one), else
 * every live campaign while there are at most ALL_UP_TO, else the default campaign. So the
 * scrape stays small and fast with thousands of campaigns (a platform hosting many newsrooms).
 */
async function pickedCampaigns(
  store: Store,
  picked: readonly string[] | undefined,
  live: number,
): Promise<Campaign[]> {
  if (picked?.includes('all') || (picked === undefined && live <= ALL_UP_TO)) {
    return pageCampaigns(store, { limit: Math.max(live, 1), archived: false })
  }
  if (picked !== undefined) return campaignsBySlug(store, picked)
  const fallback = await getDefaultCampaign(store)
  return fallback ? [fallback] : []
}

/** Campaign counts, and the current-month totals of the picked live campaigns, in their timezones. */
async function campaignGauges(
  store: Store,
  now: () => Date,
  picked: readonly string[] | undefined,
): Promise<GaugeSample[]> {
  const counts = await campaignCounts(store)
  const help = 'Campaigns, by state'
  const out: GaugeSample[] = [
    { name: 'supportbar_campaigns', help, labels: { state: 'live' }, value: counts.live },
    { name: 'supportbar_campaigns', help, labels: { state: 'archived' }, value: counts.archived },
  ]
  const campaigns = await pickedCampaigns(store, picked, counts.live)
  for (const campaign of campaigns.sort((a, b) => (a.slug < b.slug ? -1 : 1))) {
    if (campaign.archived) continue
    const month = monthOf(now(), campaign.timezone)
    const facts = await getMonthFacts(store, campaign.slug, month)
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
        name: 'supportbar_campaign_month_fees_minor',
        help: "Current month's Stripe fees known so far, in minor units of the campaign currency",
        labels,
        value: facts.fees ?? 0,
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

/** Open reconciliation differences by code (every code, 0 when none), from the newest runs. */
async function reconciliationGauges(store: Store): Promise<GaugeSample[]> {
  const open = await openByCode(store)
  return CODES.map((code) => ({
    name: 'supportbar_reconciliation_open_discrepancies',
    help: "Differences from Stripe's books not repaired, in each account's newest reconciliation",
    labels: { code },
    value: open.get(code) ?? 0,
  }))
}

/** `GET /metrics`: Prometheus text (the admin token is checked by the app's middleware). */
export function metricsRoutes({ store, now, metrics, runtimeGauges, config }: MetricsDeps) {
  const app = new OpenAPIHono<AppEnv>()
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (text exposition 0.0.4); needs the admin token',
    tags: ['operations'],
    security: adminSecurity,
    responses: {
      200: { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
      ...adminErrors(),
    },
  })
  app.get('/metrics', async (c) =>
    c.text(
      metrics.render([
        ...(await campaignGauges(store, now, config.metricsCampaigns)),
        ...(await reconciliationGauges(store)),
        ...(runtimeGauges?.() ?? []),
      ]),
      200,
      {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
        'Cache-Control': 'no-store',
      },
    ),
  )
  return app
}
