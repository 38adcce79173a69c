import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../deps.js'
import { monthOf } from '../domain/months.js'
import type { GaugeSample, Metrics } from '../metrics.js'
import { getMonthFacts } from '../store/campaign-months.js'
import { listCampaigns } from '../store/campaigns.js'
import type { Store } from '../store/store.js'
import { adminErrors, adminSecurity } from './schemas.js'

export interface MetricsDeps {
  store: Store
  now: () => Date
  metrics: Metrics
  /** The runtime's own gauges (process memory on Node), read at scrape time. */
  runtimeGauges?: (() => GaugeSample[]) | undefined
}

/** Current-month totals of every live campaign, in its own timezone, read at scrape time. */
async function campaignGauges(store: Store, now: () => Date): Promise<GaugeSample[]> {
  const out: GaugeSample[] = []
  for (const campaign of await listCampaigns(store)) {
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

/** `GET /metrics`: Prometheus text (the admin token is checked by the app's middleware). */
export function metricsRoutes({ store, now, metrics, runtimeGauges }: MetricsDeps) {
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
      metrics.render([...(await campaignGauges(store, now)), ...(runtimeGauges?.() ?? [])]),
      200,
      {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
        'Cache-Control': 'no-store',
      },
    ),
  )
  return app
}
