import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../../deps.js'
import { mergeBarSettings } from '../../domain/bar-settings.js'
import { mergePageContent } from '../../domain/donate-page.js'
import { monthOf } from '../../domain/months.js'
import { ApiError } from '../../errors.js'
import {
  getMonthSettings,
  listMonths,
  monthHistory,
  setMonth,
} from '../../store/campaign-months.js'
import { pageCampaigns } from '../../store/campaign-pages.js'
import { claimedElsewhere } from '../../store/campaign-sources.js'
import {
  type Campaign,
  getCampaign,
  getDefaultCampaign,
  insertCampaign,
  updateCampaign,
} from '../../store/campaigns.js'
import { isUniqueViolation } from '../../store/store.js'
import {
  adminErrors,
  adminOperation,
  BarAmount,
  Currency,
  ErrorSchema,
  Goal,
  HttpUrl,
  jsonContent as json,
  Locale,
  Month,
  Slug,
  StripeAccount,
  Timezone,
} from '../schemas.js'
import { validationHook } from '../validation.js'
import { BarSettingsPatch, BarSettingsSchema } from './bar-settings.schema.js'
import { CampaignSchema, type CampaignView, Claim } from './campaign.schema.js'
import { campaignView, campaignViews } from './campaign-view.js'
import { CheckoutSettingsPatch, mergeCheckout } from './checkout-settings.schema.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { PageContentPatch } from './page-content.schema.js'
import { requireCampaign } from './require-campaign.js'

export type { CampaignView }

const Name = z.string().trim().min(1).max(200)

const CreateCampaign = z
  .object({
    slug: Slug,
    name: Name,
    currency: Currency,
    defaultGoal: Goal,
    timezone: Timezone.default('UTC'),
    locale: Locale.default('en-US'),
    donateUrl: HttpUrl.nullable().default(null),
    isDefault: z.boolean().default(false),
    bar: BarSettingsSchema.default({}),
    checkout: CheckoutSettingsPatch.optional(),
    page: PageContentPatch.optional(),
    stripeAccount: StripeAccount.nullable().default(null),
    barAmount: BarAmount.default('gross'),
  })
  .strict()
  .openapi('CreateCampaign')

const PatchCampaign = z
  .object({
    name: Name.optional(),
    defaultGoal: Goal.optional(),
    timezone: Timezone.optional(),
    locale: Locale.optional(),
    donateUrl: HttpUrl.nullable().optional(),
    isDefault: z.boolean().optional(),
    archived: z.boolean().optional(),
    bar: BarSettingsPatch.optional(),
    checkout: CheckoutSettingsPatch.optional(),
    page: PageContentPatch.optional(),
    stripeAccount: StripeAccount.nullable().optional(),
    barAmount: BarAmount.optional(),
    sources: z
      .array(Claim)
      .max(100)
      .refine((a) => new Set(a).size === a.length, 'each provider once')
      .optional()
      .openapi({
        description:
          "Providers this campaign claims from now on (the others it held are released): their events that name no campaign count here; `donorbox:<campaign id>` takes that Donorbox campaign's money. 409 when another campaign claims one",
        example: ['paypal', 'donorbox:12345'],
      }),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'give at least one field to change')
  .openapi('PatchCampaign')

const MonthSettings = z
  .object({
    goal: Goal,
    label: z.string().trim().min(1).max(100).nullable().optional(),
  })
  .strict()
  .openapi('MonthSettings')

const MonthSummarySchema = z
  .object({
    month: z.string(),
    goal: z.number().int(),
    label: z.string().nullable(),
    pledged: z.number().int().openapi({ description: 'Gross: what donors gave (minor units)' }),
    fees: z.number().int().openapi({ description: "Stripe's fees known so far (minor units)" }),
    net: z.number().int().openapi({ description: 'pledged - fees (minor units)' }),
    donations: z.number().int(),
    donors: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .openapi('MonthSummary')

/** A month's goal and totals as the admin API answers them. */
export type MonthSummaryView = z.output<typeof MonthSummarySchema>

const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})
const slugParam = z.object({ slug: Slug })

const routes = {
  create: createRoute({
    operationId: 'createCampaign',
    ...adminOperation,
    method: 'post',
    path: '/campaigns',
    summary: 'Create a campaign',
    request: { body: body(CreateCampaign) },
    responses: {
      201: json(CampaignSchema, 'Created'),
      409: json(ErrorSchema, 'Slug taken'),
      ...adminErrors({ body: 'json' }),
    },
  }),
  list: createRoute({
    operationId: 'listCampaigns',
    ...adminOperation,
    method: 'get',
    path: '/campaigns',
    summary: 'List campaigns, a page at a time, by slug',
    description:
      'Paginated by slug: pass `nextCursor` back as `cursor` for the next page (null on the last). `q` searches slug prefixes and names.',
    request: {
      query: z.object({
        q: z
          .string()
          .max(100)
          .optional()
          .openapi({ description: 'Slug prefix or part of the name, case-insensitive' }),
        archived: z
          .enum(['true', 'false'])
          .optional()
          .openapi({ description: 'Only archived or only live campaigns' }),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        cursor: z.string().max(500).optional(),
      }),
    },
    responses: {
      200: json(
        z.object({ campaigns: z.array(CampaignSchema), nextCursor: z.string().nullable() }),
        'Campaigns',
      ),
      ...adminErrors(),
    },
  }),
  get: createRoute({
    operationId: 'getCampaign',
    ...adminOperation,
    method: 'get',
    path: '/campaigns/{slug}',
    summary: 'Read a campaign',
    request: { params: slugParam },
    responses: {
      200: json(CampaignSchema, 'Campaign'),
      ...adminErrors({ notFound: 'Unknown campaign' }),
    },
  }),
  update: createRoute({
    operationId: 'updateCampaign',
    ...adminOperation,
    method: 'patch',
    path: '/campaigns/{slug}',
    summary: 'Change a campaign (its currency is fixed once money may have arrived)',
    request: { params: slugParam, body: body(PatchCampaign) },
    responses: {
      200: json(CampaignSchema, 'Updated'),
      409: json(ErrorSchema, 'Another campaign claims one of these sources'),
      ...adminErrors({ notFound: 'Unknown campaign', body: 'json' }),
    },
  }),
  putMonth: createRoute({
    operationId: 'setMonth',
    ...adminOperation,
    method: 'put',
    path: '/campaigns/{slug}/months/{month}',
    summary: "Set a month's goal and label",
    request: { params: z.object({ slug: Slug, month: Month }), body: body(MonthSettings) },
    responses: {
      200: json(MonthSummarySchema, 'The month'),
      ...adminErrors({ notFound: 'Unknown campaign', body: 'json' }),
    },
  }),
  months: createRoute({
    operationId: 'listMonths',
    ...adminOperation,
    method: 'get',
    path: '/campaigns/{slug}/months',
    summary: 'Month history, newest first (the current month is always listed)',
    request: { params: slugParam },
    responses: {
      200: json(z.object({ months: z.array(MonthSummarySchema) }), 'Months'),
      ...adminErrors({ notFound: 'Unknown campaign' }),
    },
  }),
}

/** Admin routes for campaigns, their months and goals. */
export function campaignRoutes(ctx: Pick<Services, 'store' | 'now' | 'changed' | 'audit'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  const nowIso = () => ctx.now().toISOString()
  // Making a campaign the default clears the flag on the previous one of its Stripe account:
  // the record says which.
  const replacedDefault = async (slug: string, account: string | null) => {
    const previous = await getDefaultCampaign(ctx.store, account)
    return previous && previous.slug !== slug ? { previousDefault: previous.slug } : null
  }

  app.openapi(routes.create, async (c) => {
    const { checkout: checkoutPatch, page: pagePatch, ...fields } = c.req.valid('json')
    const input = {
      ...fields,
      checkout: mergeCheckout(fields.currency, undefined, checkoutPatch ?? {}),
      page: mergePageContent({}, pagePatch ?? {}),
    }
    if (await getCampaign(ctx.store, input.slug)) {
      throw new ApiError(409, 'conflict', `A campaign with slug "${input.slug}" already exists`)
    }
    let created: Campaign
    const now = nowIso()
    const after: Campaign = {
      ...input,
      archived: false,
      logo: null,
      sources: [],
      createdAt: now,
      updatedAt: now,
    }
    const audit = ctx.audit(c, {
      action: 'campaign.create',
      campaign: input.slug,
      target: input.slug,
      before: input.isDefault ? await replacedDefault(input.slug, input.stripeAccount) : null,
      after,
    })
    try {
      created = await insertCampaign(ctx.store, { ...input, archived: false }, now, [audit])
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ApiError(409, 'conflict', `A campaign with slug "${input.slug}" already exists`)
      }
      throw err
    }
    ctx.changed(created.slug)
    return c.json(await campaignView(ctx.store, created), 201, {
      Location: `/api/admin/campaigns/${created.slug}`,
    })
  })

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query')
    const rows = await pageCampaigns(ctx.store, {
      limit: q.limit + 1,
      after: q.cursor === undefined ? undefined : decodeCursor(q.cursor, 1)[0],
      q: q.q,
      archived: q.archived === undefined ? undefined : q.archived === 'true',
    })
    const campaigns = rows.slice(0, q.limit)
    const last = campaigns.at(-1)
    const nextCursor = rows.length > q.limit && last ? encodeCursor([last.slug]) : null
    return c.json({ campaigns: await campaignViews(ctx.store, campaigns), nextCursor }, 200)
  })

  app.openapi(routes.get, async (c) =>
    c.json(
      await campaignView(ctx.store, await requireCampaign(ctx.store, c.req.valid('param').slug)),
      200,
    ),
  )

  app.openapi(routes.update, async (c) => {
    const { slug } = c.req.valid('param')
    const before = await requireCampaign(ctx.store, slug)
    const { bar, checkout, page, ...fields } = c.req.valid('json')
    const taken = fields.sources ? await claimedElsewhere(ctx.store, slug, fields.sources) : []
    if (taken.length > 0) {
      const list = taken.map((x) => `${x.provider} (by ${x.campaign})`).join(', ')
      throw new ApiError(409, 'conflict', `Already claimed by another campaign: ${list}`)
    }
    const patch = {
      ...fields,
      ...(page ? { page: mergePageContent(before.page, page) } : {}),
      ...(bar ? { bar: mergeBarSettings(before.bar, bar) } : {}),
      ...(checkout ? { checkout: mergeCheckout(before.currency, before.checkout, checkout) } : {}),
    }
    const now = nowIso()
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
    const account = patch.stripeAccount === undefined ? before.stripeAccount : patch.stripeAccount
    const isDefault = patch.isDefault ?? (patch.stripeAccount !== undefined && before.isDefault)
    const audit = ctx.audit(c, {
      action: 'campaign.update',
      campaign: slug,
      target: slug,
      before: isDefault ? { ...before, ...(await replacedDefault(slug, account)) } : before,
      after: { ...before, ...changes, updatedAt: now },
    })
    const updated = await updateCampaign(ctx.store, slug, patch, now, [audit]).catch((err) => {
      // Another campaign claimed a provider between the check and the write.
      if (fields.sources && isUniqueViolation(err)) {
        throw new ApiError(409, 'conflict', 'A provider was claimed by another campaign meanwhile')
      }
      throw err
    })
    if (!updated) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
    ctx.changed(slug)
    return c.json(await campaignView(ctx.store, updated), 200)
  })

  app.openapi(routes.putMonth, async (c) => {
    const { slug, month } = c.req.valid('param')
    const campaign = await requireCampaign(ctx.store, slug)
    const { goal, label } = c.req.valid('json')
    const before = (await getMonthSettings(ctx.store, slug, month)) ?? null
    const after = { goal, label: label ?? null }
    const audit = ctx.audit(c, {
      action: 'month.set',
      campaign: slug,
      target: month,
      before,
      after,
    })
    await setMonth(ctx.store, slug, month, after, nowIso(), [audit])
    ctx.changed(slug, month)
    const months = await listMonths(ctx.store, slug, campaign.defaultGoal)
    const summary = months.find((m) => m.month === month)
    if (!summary) throw new Error(`month ${month} missing after it was set`)
    return c.json(summary, 200)
  })

  app.openapi(routes.months, async (c) => {
    const campaign = await requireCampaign(ctx.store, c.req.valid('param').slug)
    const current = monthOf(ctx.now(), campaign.timezone)
    return c.json({ months: await monthHistory(ctx.store, campaign, current) }, 200)
  })

  return app
}
