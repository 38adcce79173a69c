import type { Hono } from 'hono'
import { formatMoney } from '../domain/money.js'
import type { CampaignView as Campaign } from '../routes/admin/campaigns.routes.js'
import { EntrySchema, type EntryView } from '../routes/admin/ledger.routes.js'
import { qs } from './api.js'
import type { ConsoleEnv, ConsoleTools } from './tools.js'

const KINDS = EntrySchema.shape.kind.options

/** A ledger table: the entries as they are, amounts in the entry's own currency. */
export function EntryTable({ entries, locale }: { entries: EntryView[]; locale: string }) {
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>Recorded</th>
            <th>Month</th>
            <th>Kind</th>
            <th class="num">Amount</th>
            <th>Counted</th>
            <th>Source</th>
            <th>Note</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td>{e.recordedAt.replace('T', ' ').slice(0, 19)}</td>
              <td>{e.month ?? ''}</td>
              <td>{e.kind}</td>
              <td class="num">{formatMoney(e.amount, e.currency, { locale })}</td>
              <td>{e.counted ? 'yes' : 'no'}</td>
              <td>{e.paymentRef ?? e.sourceId ?? e.source}</td>
              <td>{e.note ?? ''}</td>
              <td>{e.actor ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The ledger with filters and paging, and the CSV downloads (the admin API's own exports). */
export function ledgerPages(app: Hono<ConsoleEnv>, t: ConsoleTools) {
  app.get('/admin/campaigns/:slug/ledger', async (c) => {
    const slug = c.req.param('slug')
    const got = await t.api<Campaign>(c, 'GET', `/api/admin/campaigns/${encodeURIComponent(slug)}`)
    if (!got.ok) return t.page(c, 'Ledger', <p />, { flash: { error: got.message }, status: 404 })
    const camp = got.data
    const q = { month: c.req.query('month'), kind: c.req.query('kind') }
    const cursor = c.req.query('cursor')
    const res = await t.api<{ entries: EntryView[]; nextCursor: string | null }>(
      c,
      'GET',
      `/api/admin/campaigns/${encodeURIComponent(slug)}/ledger${qs({ ...q, cursor, limit: '100' })}`,
    )
    const base = `/admin/campaigns/${slug}`
    return t.page(
      c,
      `Ledger · ${camp.name}`,
      <>
        <p>
          <a href={base}>Back to the campaign</a>
        </p>
        <form method="get" class="inline">
          <label>
            Month
            <input name="month" type="month" value={q.month} />
          </label>
          <label>
            Kind
            <select name="kind">
              <option value="">any</option>
              {KINDS.map((k) => (
                <option value={k} selected={k === q.kind}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Filter</button>
          <a href={`${base}/ledger.csv${qs({ month: q.month })}`} download>
            Download CSV{q.month ? ` of ${q.month}` : ''}
          </a>
        </form>
        {res.ok ? (
          <>
            <EntryTable entries={res.data.entries} locale={camp.locale} />
            {res.data.entries.length === 0 && <p>No entries match.</p>}
            <p class="pager">
              {cursor && <a href={`${base}/ledger${qs(q)}`}>First page</a>}
              {res.data.nextCursor && (
                <a href={`${base}/ledger${qs({ ...q, cursor: res.data.nextCursor })}`}>Next page</a>
              )}
            </p>
          </>
        ) : null}
      </>,
      { flash: res.ok ? {} : { error: res.message }, status: res.ok ? 200 : 400 },
    )
  })

  // The CSV files stream straight from the admin API's export, with its headers.
  for (const file of ['ledger.csv', 'months.csv'] as const) {
    app.get(`/admin/campaigns/:slug/${file}`, async (c) => {
      const slug = encodeURIComponent(c.req.param('slug'))
      const month = file === 'ledger.csv' ? c.req.query('month') : undefined
      const res = await t.fetch(
        c,
        `/api/admin/campaigns/${encodeURIComponent(slug)}/${file}${qs({ month })}`,
      )
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null
        return t.page(c, 'Download', <p />, {
          flash: { error: body?.error?.message ?? `The export failed (HTTP ${res.status})` },
          status: 400,
        })
      }
      const headers = new Headers()
      for (const h of ['Content-Type', 'Content-Disposition', 'Cache-Control']) {
        const v = res.headers.get(h)
        if (v) headers.set(h, v)
      }
      return new Response(res.body, { status: 200, headers })
    })
  }
}
