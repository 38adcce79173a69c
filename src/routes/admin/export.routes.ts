import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { stream } from 'hono/streaming'
import type { AppEnv, Services } from '../../deps.js'
import { CsvNumber, csvLine, UTF8_BOM } from '../../domain/csv.js'
import { toMajorString } from '../../domain/money.js'
import { defaultMonthLabel, monthOf } from '../../domain/months.js'
import { monthHistory } from '../../store/campaign-months.js'
import { type EntryRow, listEntries } from '../../store/ledger.js'
import { adminErrors, adminOperation, Month, Slug } from '../schemas.js'
import { validationHook } from '../validation.js'
import { requireCampaign } from './require-campaign.js'

/** Rows read per query while streaming: memory stays flat whatever the ledger's size. */
export const EXPORT_PAGE = 1000

const csv = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string() } },
})

const Bom = z
  .enum(['0', '1'])
  .default('1')
  .openapi({
    description:
      'Start the file with a UTF-8 byte-order mark (1, the default: spreadsheets opened by ' +
      'double-click then read UTF-8), or not (0)',
  })

const CSV_DESCRIPTION =
  'CSV, RFC 4180, UTF-8 (with a byte-order mark unless bom=0), header row first'

const routes = {
  ledger: createRoute({
    operationId: 'exportLedgerCsv',
    ...adminOperation,
    method: 'get',
    path: '/campaigns/{slug}/ledger.csv',
    summary: "The campaign's ledger as CSV (amounts in major units), oldest first, streamed",
    request: {
      params: z.object({ slug: Slug }),
      query: z.object({ month: Month.optional(), bom: Bom }),
    },
    responses: {
      200: csv(CSV_DESCRIPTION),
      ...adminErrors({ notFound: 'Unknown campaign' }),
    },
  }),
  months: createRoute({
    operationId: 'exportMonthsCsv',
    ...adminOperation,
    method: 'get',
    path: '/campaigns/{slug}/months.csv',
    summary: 'Month history as CSV (amounts in major units), newest first',
    request: { params: z.object({ slug: Slug }), query: z.object({ bom: Bom }) },
    responses: {
      200: csv(CSV_DESCRIPTION),
      ...adminErrors({ notFound: 'Unknown campaign' }),
    },
  }),
}

const LEDGER_HEADER = [
  'recorded_at',
  'occurred_at',
  'month',
  'kind',
  'amount',
  'fee',
  'net',
  'currency',
  'counted',
  'donation',
  'donor',
  'source',
  'source_id',
  'payment_ref',
  'entry_key',
  'note',
  'actor',
  'event_id',
  'id',
  'balance_transaction',
  'settlement_currency',
  'exchange_rate',
]

function ledgerLine(r: EntryRow): string {
  const money = (minor: number | null) =>
    minor === null ? null : new CsvNumber(toMajorString(Number(minor), r.currency))
  return csvLine([
    r.recorded_at,
    r.occurred_at,
    r.month,
    r.kind,
    money(r.amount),
    money(r.fee),
    money(r.net),
    r.currency,
    Number(r.counted) === 1,
    Number(r.donation),
    r.donor,
    r.source,
    r.source_id,
    r.payment_ref,
    r.entry_key,
    r.note,
    r.actor,
    r.event_id,
    r.id,
    r.balance_transaction,
    r.settlement_currency,
    r.exchange_rate,
  ])
}

function csvHeaders(c: Context<AppEnv>, filename: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8; header=present')
  c.header('Content-Disposition', `attachment; filename="${filename}"`)
  c.header('Cache-Control', 'no-store')
}

/** CSV exports for spreadsheets: streamed page by page from the store. */
export function exportRoutes(ctx: Pick<Services, 'store' | 'now' | 'log'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(routes.ledger, async (c) => {
    const campaign = await requireCampaign(ctx.store, c.req.valid('param').slug)
    const { month, bom } = c.req.valid('query')
    const page = (after?: { recordedAt: string; id: string }) =>
      listEntries(ctx.store, {
        campaign: campaign.slug,
        ...(month === undefined ? {} : { month }),
        ...(after === undefined ? {} : { after }),
        limit: EXPORT_PAGE,
      })
    // The first page is read before the response starts, so a store that is down still gets
    // a proper 503 rather than a truncated 200.
    let rows = await page()
    csvHeaders(c, `${campaign.slug}-ledger${month ? `-${month}` : ''}.csv`)
    return stream(
      c,
      async (s) => {
        await s.write((bom === '1' ? UTF8_BOM : '') + csvLine(LEDGER_HEADER))
        for (;;) {
          if (rows.length > 0) await s.write(rows.map(ledgerLine).join(''))
          const last = rows.at(-1)
          if (rows.length < EXPORT_PAGE || !last || s.aborted) break
          rows = await page({ recordedAt: last.recorded_at, id: last.id })
        }
      },
      async (err) => {
        ctx.log.error('csv export failed mid-stream', {
          requestId: c.var.requestId,
          error: err.message,
        })
      },
    ) as never
  })

  app.openapi(routes.months, async (c) => {
    const campaign = await requireCampaign(ctx.store, c.req.valid('param').slug)
    const months = await monthHistory(ctx.store, campaign, monthOf(ctx.now(), campaign.timezone))
    const cur = campaign.currency
    const { bom } = c.req.valid('query')
    const money = (minor: number) => new CsvNumber(toMajorString(minor, cur))
    csvHeaders(c, `${campaign.slug}-months.csv`)
    return stream(c, async (s) => {
      await s.write(
        (bom === '1' ? UTF8_BOM : '') +
          csvLine([
            'month',
            'label',
            'goal',
            'pledged',
            'fees',
            'net',
            'currency',
            'donations',
            'donors',
            'updated_at',
          ]),
      )
      for (const m of months) {
        await s.write(
          csvLine([
            m.month,
            m.label ?? defaultMonthLabel(m.month, campaign.locale),
            money(m.goal),
            money(m.pledged),
            money(m.fees),
            money(m.net),
            cur,
            m.donations,
            m.donors,
            m.updatedAt,
          ]),
        )
      }
    }) as never
  })

  return app
}
