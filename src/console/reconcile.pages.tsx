import type { Hono } from 'hono'
import { Csrf, type Flash } from './layout.js'
import { money, REPAIRABLE, type Run, runCurrency, scopeText, when } from './reconcile.view.js'
import type { ConsoleContext, ConsoleEnv, ConsoleTools } from './tools.js'

/** Reconciliation runs against Stripe, their differences, a new run and the repair. */
export function reconcilePages(app: Hono<ConsoleEnv>, t: ConsoleTools) {
  async function list(c: ConsoleContext, flash: Flash = {}, status: 200 | 400 = 200) {
    const res = await t.api<{ runs: Run[] }>(c, 'GET', '/api/admin/reconciliations?limit=20')
    const runs = res.ok ? res.data.runs : []
    return t.page(
      c,
      'Reconciliation with Stripe',
      <>
        <p>
          Stripe's balance transactions of a payout, or of a time range, against the ledger: each
          difference named with its code (<a href="/docs">docs/reconciliation.md</a> says what each
          means and what to do).
        </p>
        <form method="post" action="/admin/reconciliations" class="stack">
          <Csrf token={c.var.session.csrf} />
          <label>
            Payout <small>po_…; or leave empty and give a time range</small>
            <input name="payout" maxlength={255} />
          </label>
          <label>
            From <small>ISO-8601, e.g. 2026-06-01T00:00:00Z</small>
            <input name="from" maxlength={40} />
          </label>
          <label>
            To
            <input name="to" maxlength={40} />
          </label>
          <label>
            Account{' '}
            <small>
              acct_… for a connected account (each is reconciled on its own); empty for the
              platform's own
            </small>
            <input name="account" maxlength={255} />
          </label>
          <button type="submit">Reconcile</button>
        </form>
        {runs.length === 0 && <p>No reconciliation has run yet.</p>}
        {runs.length > 0 && (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Scope</th>
                  <th>Status</th>
                  <th class="num">Stripe net</th>
                  <th class="num">Ledger net</th>
                  <th class="num">Open</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr>
                    <td>
                      <a href={`/admin/reconciliations/${encodeURIComponent(r.id)}`}>
                        {when(r.startedAt)}
                      </a>
                    </td>
                    <td>
                      {scopeText(r)}
                      {r.account ? ` · ${r.account}` : ''}
                    </td>
                    <td>{r.status}</td>
                    <td class="num">{money(r.stripe.net, runCurrency(r))}</td>
                    <td class="num">{money(r.ledger.net, runCurrency(r))}</td>
                    <td class="num">{r.open ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>,
      { flash: { ...t.flash(c), ...(res.ok ? {} : { error: res.message }), ...flash }, status },
    )
  }

  async function one(c: ConsoleContext, id: string, flash: Flash = {}) {
    const res = await t.api<Run>(c, 'GET', `/api/admin/reconciliations/${encodeURIComponent(id)}`)
    if (!res.ok) return list(c, { error: res.message }, 400)
    const r = res.data
    const open = (r.discrepancies ?? []).filter((d) => !d.repairedAt && REPAIRABLE.has(d.code))
    return t.page(
      c,
      `Reconciliation of ${scopeText(r)}`,
      <>
        <p>
          {r.status} · started {when(r.startedAt)}
          {r.account ? ` · ${r.account}` : ''}
          {r.error ? ` · ${r.error}` : ''}
        </p>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th />
                <th class="num">Transactions</th>
                <th class="num">Gross</th>
                <th class="num">Fees</th>
                <th class="num">Net</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['Stripe', r.stripe],
                  ['Ledger', r.ledger],
                ] as const
              ).map(([side, x]) => (
                <tr>
                  <th scope="row">{side}</th>
                  <td class="num">{x.count}</td>
                  <td class="num">{money(x.gross, runCurrency(r))}</td>
                  <td class="num">{money(x.fees, runCurrency(r))}</td>
                  <td class="num">{money(x.net, runCurrency(r))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {open.length > 0 && (
          <form
            method="post"
            action={`/admin/reconciliations/${encodeURIComponent(r.id)}/repair`}
            class="inline"
          >
            <Csrf token={c.var.session.csrf} />
            <button type="submit">Repair the {open.length} missing</button>
          </form>
        )}
        {(r.discrepancies ?? []).length === 0 && <p>No difference.</p>}
        {(r.discrepancies ?? []).length > 0 && (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Code</th>
                  <th>Object</th>
                  <th>Campaign</th>
                  <th>Month</th>
                  <th class="num">Stripe</th>
                  <th class="num">Ledger</th>
                  <th>Note</th>
                  <th>Repaired</th>
                </tr>
              </thead>
              <tbody>
                {(r.discrepancies ?? []).map((d) => (
                  <tr>
                    <td>
                      <code>{d.code}</code>
                    </td>
                    <td>{d.object ?? ''}</td>
                    <td>{d.campaign ?? ''}</td>
                    <td>{d.month ?? ''}</td>
                    <td class="num">{money(d.expected, d.currency)}</td>
                    <td class="num">{money(d.actual, d.currency)}</td>
                    <td>{d.note}</td>
                    <td>{d.repairedAt ? when(d.repairedAt) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>,
      { flash: { ...t.flash(c), ...flash } },
    )
  }

  app.get('/admin/reconciliations', (c) => list(c))
  app.post('/admin/reconciliations', async (c) => {
    const f = await t.form(c)
    const payout = f.payout?.trim()
    const account = f.account?.trim() || null
    const body = payout
      ? { payout, account }
      : { from: f.from?.trim() ?? '', to: f.to?.trim() ?? '', account }
    const res = await t.api<Run>(c, 'POST', '/api/admin/reconciliations', body)
    if (!res.ok) return list(c, { error: res.message }, 400)
    return c.redirect(`/admin/reconciliations/${encodeURIComponent(res.data.id)}`, 303)
  })
  app.get('/admin/reconciliations/:id', (c) => one(c, c.req.param('id')))
  app.post('/admin/reconciliations/:id/repair', async (c) => {
    const id = c.req.param('id')
    const res = await t.api<{ repaired: unknown[]; failed: { error: string }[] }>(
      c,
      'POST',
      `/api/admin/reconciliations/${encodeURIComponent(id)}/repair`,
    )
    if (!res.ok) return one(c, id, { error: res.message })
    const failed = res.data.failed.map((f) => f.error).join('; ')
    return one(
      c,
      id,
      failed
        ? { error: `Repaired ${res.data.repaired.length}; failed: ${failed}` }
        : { ok: `Repaired ${res.data.repaired.length}.` },
    )
  })
}
