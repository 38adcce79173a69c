import type { Hono } from 'hono'
import type { CampaignView as Campaign } from '../routes/admin/campaigns.routes.js'
import { EntrySchema, type ListedEntryView } from '../routes/admin/ledger.routes.js'
import { qs } from './api.js'
import { LEDGER } from './catalog.js'
import { EntryTable } from './entry-table.js'
import type { ConsoleEnv, ConsoleTools } from './tools.js'

const KINDS = EntrySchema.shape.kind.options

/** The ledger with filters and paging, and the CSV downloads (the admin API's own exports). */
export function ledgerPages(app: Hono<ConsoleEnv>, t: ConsoleTools) {
  app.get('/admin/campaigns/:slug/ledger', async (c) => {
    const slug = c.req.param('slug')
    const got = await t.api<Campaign>(c, 'GET', `/api/admin/campaigns/${encodeURIComponent(slug)}`)
    if (!got.ok) return t.page(c, 'Ledger', <p />, { flash: { error: got.message }, status: 404 })
    const camp = got.data
    const q = { month: c.req.query('month'), kind: c.req.query('kind') }
    const cursor = c.req.query('cursor')
    const res = await t.api<{ entries: ListedEntryView[]; nextCursor: string | null }>(
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
                  {LEDGER.kinds[k]}
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
            <EntryTable
              entries={res.data.entries}
              locale={camp.locale}
              base={base}
              csrf={c.var.session.csrf}
            />
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
      {
        flash: res.ok ? t.flash(c) : { error: res.message },
        status: res.ok ? 200 : 400,
      },
    )
  })

  // Reversing an entry: the API appends the counter-entry once and audits it; a refusal (already
  // reversed, a reversal, no reason) comes back to the ledger in words.
  app.post('/admin/campaigns/:slug/ledger/:id/reverse', async (c) => {
    const slug = c.req.param('slug')
    const id = c.req.param('id')
    const f = await t.form(c)
    const res = await t.api<ListedEntryView>(
      c,
      'POST',
      `/api/admin/campaigns/${encodeURIComponent(slug)}/ledger/${encodeURIComponent(id)}/reverse`,
      { reason: f.reason ?? '' },
    )
    if (!res.ok) {
      const error = res.status === 422 ? LEDGER.reasonNeeded : res.message
      return t.page(
        c,
        LEDGER.refusedTitle,
        <p>
          <a href={`/admin/campaigns/${slug}/ledger`}>{LEDGER.back}</a>
        </p>,
        { flash: { error }, status: res.status === 404 ? 404 : res.status === 409 ? 409 : 400 },
      )
    }
    return t.done(c, `/admin/campaigns/${slug}/ledger?month=${res.data.month ?? ''}`, 'reversed')
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
