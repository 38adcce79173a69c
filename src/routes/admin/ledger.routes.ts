import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../../deps.js'
import { ledgerKey } from '../../domain/keys.js'
import { ApiError } from '../../errors.js'
import {
  appendEntryQueries,
  type EntryRow,
  getEntryByKey,
  listEntries,
  newEntryId,
} from '../../store/ledger.js'
import { affected } from '../../store/store.js'
import { supporterNames } from '../../store/supporters.js'
import { recompute } from '../../store/totals.js'
import {
  adminErrors,
  adminOperation,
  errorResponse,
  jsonContent as json,
  MAX_SAFE_AMOUNT,
  Month,
  Slug,
} from '../schemas.js'
import { validationHook } from '../validation.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { requireCampaign } from './require-campaign.js'

const KINDS = [
  'payment',
  'refund',
  'refund_reversal',
  'dispute_withdrawal',
  'dispute_reinstatement',
  'adjustment',
  'assignment',
  'reversal',
  'fee',
] as const

export const EntrySchema = z
  .object({
    id: z.string(),
    key: z.string().openapi({ description: 'Natural key: the same money is never entered twice' }),
    campaign: z.string().nullable(),
    month: z.string().nullable(),
    kind: z.enum(KINDS),
    amount: z.number().int().openapi({ description: 'Signed, minor units of `currency`' }),
    currency: z.string(),
    counted: z.boolean(),
    donation: z.number().int().openapi({ description: '+1 for a donation, -1/+1 when one moves' }),
    donor: z.string().nullable(),
    source: z.string().openapi({
      description:
        'Whose money it is: the provider (`stripe`, `paypal`), or `admin` for adjustments and reversals',
    }),
    sourceId: z.string().nullable(),
    paymentRef: z.string().nullable(),
    note: z.string().nullable(),
    actor: z.string().nullable(),
    eventId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    balanceTransaction: z.string().nullable().openapi({
      description: "Stripe's balance transaction (`txn_…`) of this money; null for none",
      example: 'txn_1A2b3C4d5E6f7G8h',
    }),
    gross: z.number().int().openapi({ description: 'Signed, minor units of `currency`: `amount`' }),
    fee: z.number().int().nullable().openapi({
      description:
        "Stripe's fee on it in minor units of `currency` (a dispute fee too; negative when returned); null while not known",
    }),
    net: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'gross - fee; null while the fee is not known' }),
    settlementCurrency: z.string().nullable().openapi({
      description: "The balance transaction's currency, when it is not `currency`",
    }),
    exchangeRate: z.string().nullable().openapi({
      description: "Stripe's `exchange_rate` from `currency` to `settlementCurrency`, as sent",
    }),
  })
  .openapi('LedgerEntry')

export type EntryView = z.infer<typeof EntrySchema>

/** An entry as the ledger lists it: with the donor's display name where they consented. */
const ListedEntrySchema = z
  .object({
    ...EntrySchema.shape,
    displayName: z.string().nullable().openapi({
      description:
        'The name the donor gave on Checkout and agreed to show (the donor wall); null without consent',
    }),
  })
  .openapi('ListedLedgerEntry')

export type ListedEntryView = z.infer<typeof ListedEntrySchema>

export function toEntryView(r: EntryRow): EntryView {
  return {
    id: r.id,
    key: r.entry_key,
    campaign: r.campaign,
    month: r.month,
    kind: r.kind,
    amount: Number(r.amount),
    currency: r.currency,
    counted: Number(r.counted) === 1,
    donation: Number(r.donation),
    donor: r.donor,
    source: r.source,
    sourceId: r.source_id,
    paymentRef: r.payment_ref,
    note: r.note,
    actor: r.actor,
    eventId: r.event_id,
    data: r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>),
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    balanceTransaction: r.balance_transaction ?? null,
    gross: Number(r.amount),
    fee: r.fee == null ? null : Number(r.fee),
    net: r.net == null ? null : Number(r.net),
    settlementCurrency: r.settlement_currency ?? null,
    exchangeRate: r.exchange_rate ?? null,
  }
}

const Adjustment = z
  .object({
    month: Month,
    amount: z
      .number()
      .int('must be an integer in minor units (cents)')
      .min(-MAX_SAFE_AMOUNT)
      .max(MAX_SAFE_AMOUNT)
      .refine((n) => n !== 0, 'must not be zero')
      .openapi({ description: 'Signed minor units: positive for an offline gift', example: 2500 }),
    reason: z.string().trim().min(1).max(500).openapi({ example: 'Cheque from a reader' }),
    donor: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .openapi('Adjustment')

const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/)
    .optional()
    .openapi({ description: 'Retrying with the same key records the adjustment once' }),
})

function decodeLedgerCursor(cursor: string): { recordedAt: string; id: string } {
  const [recordedAt = '', id = ''] = decodeCursor(cursor, 2)
  return { recordedAt, id }
}

const Difference = z.object({
  campaign: z.string(),
  month: z.string(),
  stored: z.record(z.string(), z.unknown()).nullable(),
  ledger: z.record(z.string(), z.unknown()).nullable(),
  bySource: z
    .object({
      stored: z.record(z.string(), z.unknown()),
      ledger: z.record(z.string(), z.unknown()),
    })
    .optional()
    .openapi({
      description:
        "Present when the month's per-provider totals differ: stored and from the ledger, by provider",
    }),
})

const routes = {
  adjust: createRoute({
    operationId: 'addAdjustment',
    ...adminOperation,
    method: 'post',
    path: '/campaigns/{slug}/adjustments',
    summary: 'Add a manual adjustment (an offline gift or a correction): a new ledger entry',
    request: {
      params: z.object({ slug: Slug }),
      headers: IdempotencyHeader,
      body: { required: true, content: { 'application/json': { schema: Adjustment } } },
    },
    responses: {
      201: json(EntrySchema, 'Recorded'),
      200: json(EntrySchema, 'Already recorded under this Idempotency-Key'),
      ...adminErrors({ notFound: 'Unknown campaign', body: 'json' }),
      409: errorResponse('This Idempotency-Key was used for a different adjustment'),
    },
  }),
  ledger: createRoute({
    operationId: 'listLedger',
    ...adminOperation,
    method: 'get',
    path: '/campaigns/{slug}/ledger',
    summary: 'The ledger of a campaign, oldest first, paginated',
    request: {
      params: z.object({ slug: Slug }),
      query: z.object({
        month: Month.optional(),
        kind: z.enum(KINDS).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        cursor: z.string().max(500).optional(),
      }),
    },
    responses: {
      200: json(
        z.object({ entries: z.array(ListedEntrySchema), nextCursor: z.string().nullable() }),
        'A page of entries',
      ),
      ...adminErrors({ notFound: 'Unknown campaign' }),
    },
  }),
  recompute: createRoute({
    operationId: 'recomputeTotals',
    ...adminOperation,
    method: 'post',
    path: '/recompute',
    summary: 'Rebuild materialized totals from the ledger and report what differed',
    request: { query: z.object({ campaign: Slug.optional(), month: Month.optional() }) },
    responses: {
      200: json(
        z.object({ months: z.number().int(), differences: z.array(Difference) }),
        'Totals rebuilt; differences is empty when they already agreed',
      ),
      ...adminErrors({ notFound: 'Unknown campaign (the campaign parameter)', body: 'none' }),
    },
  }),
}

/** Admin routes for the ledger: adjustments, listing, recompute. */
export function ledgerRoutes(ctx: Pick<Services, 'store' | 'now' | 'changed' | 'audit'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(routes.adjust, async (c) => {
    const campaign = await requireCampaign(ctx.store, c.req.valid('param').slug)
    const input = c.req.valid('json')
    const idem = c.req.valid('header')['idempotency-key']
    const key = ledgerKey.adjustment(campaign.slug, idem ?? crypto.randomUUID())
    const now = ctx.now().toISOString()
    const id = newEntryId()
    const entryQueries = appendEntryQueries(
      ctx.store,
      {
        entryKey: key,
        campaign: campaign.slug,
        month: input.month,
        kind: 'adjustment',
        amount: input.amount,
        currency: campaign.currency,
        counted: true,
        // An offline gift from a named donor counts as a donation; a correction does not.
        donation: input.amount > 0 && input.donor !== undefined ? 1 : 0,
        donor: input.donor ?? null,
        source: 'admin',
        sourceId: null,
        paymentRef: null,
        note: input.reason,
        actor: c.var.actor,
        eventId: null,
        data: null,
        occurredAt: now,
      },
      id,
      now,
    )
    const audit = ctx.audit(
      c,
      {
        action: 'ledger.adjust',
        campaign: campaign.slug,
        target: key,
        after: { month: input.month, amount: input.amount, reason: input.reason, entryId: id },
      },
      id,
    )
    const results = await ctx.store.atomic([...entryQueries, audit])
    const inserted = affected(results[0]) === 1
    const row = await getEntryByKey(ctx.store, key)
    if (!row) throw new Error(`adjustment ${key} missing after insert`)
    if (inserted) ctx.changed(campaign.slug, input.month)
    const view = toEntryView(row)
    if (!inserted && (view.amount !== input.amount || view.month !== input.month)) {
      throw new ApiError(
        409,
        'conflict',
        'This Idempotency-Key was used for a different adjustment',
      )
    }
    return c.json(view, inserted ? 201 : 200)
  })

  app.openapi(routes.ledger, async (c) => {
    const campaign = await requireCampaign(ctx.store, c.req.valid('param').slug)
    const q = c.req.valid('query')
    const after = q.cursor === undefined ? undefined : decodeLedgerCursor(q.cursor)
    const rows = await listEntries(ctx.store, {
      campaign: campaign.slug,
      ...(q.month === undefined ? {} : { month: q.month }),
      ...(q.kind === undefined ? {} : { kind: q.kind }),
      ...(after === undefined ? {} : { after }),
      limit: q.limit + 1,
    })
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    const nextCursor =
      rows.length > q.limit && last ? encodeCursor([last.recorded_at, last.id]) : null
    const refs = page.flatMap((r) => (r.payment_ref ? [r.payment_ref] : []))
    const names = await supporterNames(ctx.store, campaign.slug, refs)
    const entries = page.map((r) => ({
      ...toEntryView(r),
      displayName: (r.payment_ref && names.get(r.payment_ref)) || null,
    }))
    return c.json({ entries, nextCursor }, 200)
  })

  app.openapi(routes.recompute, async (c) => {
    const { campaign, month } = c.req.valid('query')
    if (campaign !== undefined) await requireCampaign(ctx.store, campaign)
    const result = await recompute(
      ctx.store,
      ctx.now().toISOString(),
      campaign,
      (differences) => [
        ctx.audit(c, {
          action: 'ledger.recompute',
          campaign: campaign ?? null,
          target: month ?? null,
          // Before: the stored totals that differed; after: what the ledger says they are.
          before: differences.map((d) => ({
            month: d.month,
            campaign: d.campaign,
            ...d.stored,
            ...(d.bySource && { bySource: d.bySource.stored }),
          })),
          after: differences.map((d) => ({
            month: d.month,
            campaign: d.campaign,
            ...d.ledger,
            ...(d.bySource && { bySource: d.bySource.ledger }),
          })),
        }),
      ],
      month,
    )
    for (const d of result.differences) ctx.changed(d.campaign, d.month)
    return c.json(
      {
        months: result.months,
        differences: result.differences.map((d) => ({
          campaign: d.campaign,
          month: d.month,
          stored: d.stored ? { ...d.stored } : null,
          ledger: d.ledger ? { ...d.ledger } : null,
          ...(d.bySource && { bySource: d.bySource }),
        })),
      },
      200,
    )
  })

  return app
}
