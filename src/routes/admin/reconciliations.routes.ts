import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../../deps.js'
import { ApiError } from '../../errors.js'
import { CODES } from '../../reconcile/classify.js'
import { repairRun } from '../../reconcile/repair.js'
import { type RunScope, reconcile } from '../../reconcile/run.js'
import { getRun, listRuns, runDiscrepancies } from '../../store/reconciliations.js'
import {
  adminErrors,
  adminOperation,
  errorResponse,
  jsonContent as json,
  StripeAccount,
} from '../schemas.js'
import { validationHook } from '../validation.js'
import { decodeCursor, encodeCursor } from './cursor.js'

const Totals = z.object({
  count: z.number().int(),
  gross: z.number().int(),
  fees: z.number().int(),
  net: z.number().int(),
})

const DiscrepancySchema = z
  .object({
    code: z.enum(CODES).openapi({ description: 'See docs/reconciliation.md' }),
    balanceTransaction: z.string().nullable(),
    object: z
      .string()
      .nullable()
      .openapi({ description: 'The Stripe object (ch_, re_, dp_, po_) or ledger entry key' }),
    campaign: z.string().nullable(),
    month: z.string().nullable(),
    expected: z.number().int().nullable().openapi({ description: "Stripe's figure, minor units" }),
    actual: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The ledger's figure, minor units" }),
    currency: z.string().nullable().openapi({
      description:
        'The currency of expected and actual (upper-case ISO 4217); null on differences recorded before it was kept',
      example: 'USD',
    }),
    note: z.string(),
    repairedAt: z.string().nullable(),
  })
  .openapi('Discrepancy')

const ScopeSchema = z.union([
  z.object({ payout: z.string() }),
  z.object({ from: z.string(), to: z.string() }),
])

const ReportSchema = z
  .object({
    id: z.string(),
    account: z
      .string()
      .nullable()
      .openapi({ description: "The connected account reconciled; null for the platform's own" }),
    scope: ScopeSchema,
    status: z.enum(['running', 'done', 'failed']),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    payout: z
      .object({
        id: z.string(),
        amount: z.number().int(),
        currency: z.string(),
        arrivalDate: z.string(),
      })
      .nullable(),
    stripe: Totals.openapi({
      description: "Stripe's donation transactions, in their own currency",
    }),
    ledger: Totals.openapi({
      description: 'The ledger entries recording them, in the same currency',
    }),
    currency: z.string().nullable().openapi({
      description:
        "The currency of `stripe` and `ledger` (Stripe's settlement currency, upper-case); null when no donation was listed, when they came in several currencies (then the totals add different currencies), or on runs recorded before it was kept",
      example: 'USD',
    }),
    error: z.string().nullable(),
    discrepancies: z.array(DiscrepancySchema),
  })
  .openapi('Reconciliation')

const RunSummarySchema = ReportSchema.omit({ discrepancies: true }).extend({
  open: z.number().int().openapi({ description: 'Discrepancies not repaired' }),
})

const iso = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO-8601 time such as 2026-06-01T00:00:00Z' })
const StartBody = z
  .union([
    z
      .object({
        payout: z.string().regex(/^po_[A-Za-z0-9]{1,250}$/, 'must be a payout id po_…'),
        account: StripeAccount.nullable().optional(),
      })
      .strict(),
    z
      .object({ from: iso, to: iso, account: StripeAccount.nullable().optional() })
      .strict()
      .refine((b) => Date.parse(b.from) < Date.parse(b.to), 'from must be before to'),
  ])
  .openapi('StartReconciliation')

const Id = z
  .string()
  .min(1)
  .max(64)
  .openapi({ param: { name: 'id', in: 'path' } })

const routes = {
  start: createRoute({
    operationId: 'startReconciliation',
    ...adminOperation,
    method: 'post',
    path: '/reconciliations',
    summary: 'Reconcile a payout, or a time range, of one Stripe account against the ledger',
    request: { body: { required: true, content: { 'application/json': { schema: StartBody } } } },
    responses: {
      201: json(ReportSchema, 'The report'),
      ...adminErrors({ body: 'json' }),
      503: errorResponse(
        'No STRIPE_SECRET_KEY, Stripe failed (the run is kept as failed), or the database cannot take writes now',
      ),
    },
  }),
  list: createRoute({
    operationId: 'listReconciliations',
    ...adminOperation,
    method: 'get',
    path: '/reconciliations',
    summary: 'Reconciliation runs, newest first, paginated',
    request: {
      query: z.object({
        limit: z.coerce.number().int().min(1).max(100).default(20),
        cursor: z.string().optional(),
      }),
    },
    responses: {
      200: json(
        z.object({ runs: z.array(RunSummarySchema), nextCursor: z.string().nullable() }),
        'A page of runs',
      ),
      ...adminErrors(),
    },
  }),
  get: createRoute({
    operationId: 'getReconciliation',
    ...adminOperation,
    method: 'get',
    path: '/reconciliations/{id}',
    summary: 'One reconciliation report',
    request: { params: z.object({ id: Id }) },
    responses: {
      200: json(ReportSchema, 'The report'),
      ...adminErrors({ notFound: 'Unknown run' }),
    },
  }),
  repair: createRoute({
    operationId: 'repairReconciliation',
    ...adminOperation,
    method: 'post',
    path: '/reconciliations/{id}/repair',
    summary: 'Fetch each missing object from Stripe and run it through the normal ingest, once',
    request: { params: z.object({ id: Id }) },
    responses: {
      200: json(
        z.object({
          repaired: z.array(
            z.object({
              seq: z.number().int(),
              code: z.string(),
              object: z.string().nullable(),
              outcome: z.string(),
            }),
          ),
          failed: z.array(
            z.object({
              seq: z.number().int(),
              code: z.string(),
              object: z.string().nullable(),
              error: z.string(),
            }),
          ),
          report: ReportSchema,
        }),
        'What was repaired; the report after',
      ),
      ...adminErrors({ notFound: 'Unknown run', body: 'none' }),
      503: errorResponse('No STRIPE_SECRET_KEY, or the database cannot take writes now'),
    },
  }),
}

/** Admin routes for reconciliation against Stripe's balance transactions and payouts. */
export function reconciliationRoutes(
  ctx: Pick<Services, 'store' | 'now' | 'stripe' | 'ingest' | 'audit' | 'changed' | 'config'>,
) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  const needStripe = () => {
    if (!ctx.stripe)
      throw new ApiError(503, 'unavailable', 'Reconciliation needs STRIPE_SECRET_KEY')
    return ctx.stripe
  }
  const report = async (id: string) => {
    const run = await getRun(ctx.store, id)
    if (!run) throw new ApiError(404, 'not_found', `No reconciliation ${id}`)
    return { ...run, discrepancies: await runDiscrepancies(ctx.store, id) }
  }

  app.openapi(routes.start, async (c) => {
    const body = c.req.valid('json')
    const stripe = needStripe()
    const scope: RunScope =
      'payout' in body ? { payout: body.payout } : { from: body.from, to: body.to }
    let id: string
    try {
      id = (
        await reconcile(
          { store: ctx.store, stripe, now: ctx.now },
          { scope, account: body.account ?? null },
        )
      ).id
    } catch (err) {
      throw new ApiError(503, 'unavailable', `Stripe: ${(err as Error).message}`)
    }
    const r = await report(id)
    await ctx.store.atomic([
      ctx.audit(c, {
        action: 'reconciliation.run',
        campaign: null,
        target: id,
        before: null,
        after: {
          scope,
          account: r.account,
          stripe: r.stripe,
          ledger: r.ledger,
          discrepancies: r.discrepancies.length,
        },
      }),
    ])
    return c.json(r, 201)
  })

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query')
    const before = q.cursor === undefined ? undefined : decodeCursor(q.cursor, 2)
    const rows = await listRuns(
      ctx.store,
      q.limit + 1,
      before ? { startedAt: before[0] ?? '', id: before[1] ?? '' } : undefined,
    )
    const runs = await Promise.all(
      rows.slice(0, q.limit).map(async (r) => ({
        ...r,
        open: (await runDiscrepancies(ctx.store, r.id)).filter((d) => d.repairedAt === null).length,
      })),
    )
    const last = runs.at(-1)
    const nextCursor =
      rows.length > q.limit && last ? encodeCursor([last.startedAt, last.id]) : null
    return c.json({ runs, nextCursor }, 200)
  })

  app.openapi(routes.get, async (c) => c.json(await report(c.req.valid('param').id), 200))

  app.openapi(routes.repair, async (c) => {
    const { id } = c.req.valid('param')
    const run = await report(id)
    const stripe = needStripe()
    const result = await repairRun(
      {
        store: ctx.store,
        stripe,
        ingest: ctx.ingest,
        now: ctx.now,
        livemode: ctx.config.stripeLivemode ?? false,
      },
      run,
      (d, outcome) =>
        ctx.audit(c, {
          action: 'reconciliation.repair',
          campaign: d.campaign,
          target: d.object,
          before: { run: id, seq: d.seq, code: d.code },
          after: { outcome },
        }),
      (b) => ctx.changed(b.campaign, b.month),
    )
    return c.json({ ...result, report: await report(id) }, 200)
  })

  return app
}
