import type { Hono } from 'hono'
import { monthOf } from '../domain/months.js'
import type {
  CampaignView as Campaign,
  MonthSummaryView as MonthSummary,
} from '../routes/admin/campaigns.routes.js'
import { reconciledLine, reconciledThrough } from '../store/reconciled-through.js'
import {
  accountInput,
  amountDraft,
  amountInput,
  BySource,
  CampaignFields,
  claimsOf,
  type Draft,
  draftOf,
  Figures,
  MonthForms,
  Preview,
  type SourceShares,
} from './campaign.views.js'
import { Csrf, type Flash } from './layout.js'
import type { ConsoleContext, ConsoleEnv, ConsoleTools } from './tools.js'

/** Campaigns on one page of the console's list. */
const CONSOLE_PAGE = 20

/** Campaign list, creation, and one campaign's page with its settings, goals and gifts. */
export function campaignPages(app: Hono<ConsoleEnv>, t: ConsoleTools) {
  const thisMonth = (c: Campaign) => monthOf(t.ctx.now(), c.timezone)

  app.get('/admin', async (c) => {
    // A page at a time, with search: a platform may host thousands of campaigns.
    const q = c.req.query('q')?.trim() ?? ''
    const cursor = c.req.query('cursor') ?? ''
    const query = new URLSearchParams({ limit: String(CONSOLE_PAGE) })
    if (q) query.set('q', q)
    if (cursor) query.set('cursor', cursor)
    const list = await t.api<{ campaigns: Campaign[]; nextCursor: string | null }>(
      c,
      'GET',
      `/api/admin/campaigns?${query}`,
    )
    if (!list.ok) return t.page(c, 'Campaigns', <p />, { flash: { error: list.message } })
    const next = list.data.nextCursor
      ? `/admin?${new URLSearchParams({ ...(q ? { q } : {}), cursor: list.data.nextCursor })}`
      : undefined
    const rows = await Promise.all(
      list.data.campaigns.map(async (camp) => {
        const months = await t.api<{ months: MonthSummary[] }>(
          c,
          'GET',
          `/api/admin/campaigns/${camp.slug}/months`,
        )
        const now = thisMonth(camp)
        return { camp, m: months.ok ? months.data.months.find((x) => x.month === now) : undefined }
      }),
    )
    return t.page(
      c,
      'Campaigns',
      <>
        <p>
          <a href="/admin/campaigns/new">New campaign</a>
        </p>
        <form method="get" action="/admin">
          <label>
            Find a campaign (slug or name){' '}
            <input type="search" name="q" value={q} maxlength={100} />
          </label>{' '}
          <button type="submit">Search</button>
        </form>
        {rows.length === 0 &&
          (q || cursor ? (
            <p>No campaign matches.</p>
          ) : (
            <p>No campaign yet: create the first one.</p>
          ))}
        {rows.map(({ camp, m }) => (
          <section class="card">
            <h2>
              <a href={`/admin/campaigns/${camp.slug}`}>{camp.name}</a>{' '}
              <small>
                {camp.slug}
                {camp.stripeAccount ? ` · ${camp.stripeAccount}` : ''}
                {camp.isDefault ? ' · default' : ''}
                {camp.archived ? ' · archived' : ''}
              </small>
            </h2>
            <Preview c={camp} m={m} />
            <Figures c={camp} m={m} />
          </section>
        ))}
        {next && (
          <p>
            <a href={next} rel="next">
              Next campaigns
            </a>
          </p>
        )}
      </>,
      { flash: t.flash(c) },
    )
  })

  const newPage = (c: ConsoleContext, d: Draft, flash: Flash = {}, status: 200 | 400 = 200) =>
    t.page(
      c,
      'New campaign',
      <form method="post" action="/admin/campaigns" class="stack">
        <Csrf token={c.var.session.csrf} />
        <CampaignFields d={d} isNew />
        <button type="submit">Create</button>
      </form>,
      { flash, status },
    )

  app.get('/admin/campaigns/new', (c) => newPage(c, {}))

  app.post('/admin/campaigns', async (c) => {
    const f = await t.form(c)
    const currency = (f.currency ?? '').trim().toUpperCase()
    const locale = f.locale?.trim() || 'en-US'
    const goal = amountInput(f.goal, { currency, locale }, 'Monthly goal')
    if ('error' in goal) return newPage(c, f, { error: goal.error }, 400)
    const account = accountInput(f.stripeAccount)
    if ('error' in account) return newPage(c, f, { error: account.error }, 400)
    const res = await t.api<Campaign>(c, 'POST', '/api/admin/campaigns', {
      slug: f.slug?.trim(),
      name: f.name,
      currency,
      defaultGoal: goal.minor,
      locale: f.locale?.trim(),
      timezone: f.timezone?.trim(),
      donateUrl: f.donateUrl?.trim() ? f.donateUrl.trim() : null,
      isDefault: f.isDefault === 'on',
      stripeAccount: account.account,
      ...(f.barAmount ? { barAmount: f.barAmount } : {}),
    })
    if (!res.ok) return newPage(c, f, { error: res.message }, 400)
    return t.done(c, `/admin/campaigns/${res.data.slug}`, 'created')
  })

  /** One campaign: preview, figures, settings, a month's goal, a gift or correction, history. */
  async function detail(
    c: ConsoleContext,
    slug: string,
    drafts: { edit?: Draft; month?: Draft; adjust?: Draft } = {},
    flash: Flash = {},
    status: 200 | 400 | 404 | 409 = 200,
  ) {
    const got = await t.api<Campaign>(c, 'GET', `/api/admin/campaigns/${encodeURIComponent(slug)}`)
    if (!got.ok) return t.page(c, 'Campaign', <p />, { flash: { error: got.message }, status: 404 })
    const camp = got.data
    const hist = await t.api<{ months: MonthSummary[] }>(
      c,
      'GET',
      `/api/admin/campaigns/${encodeURIComponent(slug)}/months`,
    )
    const months = hist.ok ? hist.data.months : []
    const now = thisMonth(camp)
    const current = months.find((m) => m.month === now)
    const progress = await t.api<{ bySource: SourceShares }>(
      c,
      'GET',
      `/api/campaigns/${encodeURIComponent(slug)}/progress?month=${now}`,
    )
    const md = drafts.month ?? {
      month: now,
      goal: amountDraft(current?.goal ?? camp.defaultGoal, camp),
      label: current?.label ?? '',
    }
    const ad = drafts.adjust ?? { month: now, key: crypto.randomUUID() }
    const base = `/admin/campaigns/${camp.slug}`
    const through = await reconciledThrough(t.ctx.store, camp.stripeAccount ?? null)
    return t.page(
      c,
      camp.name,
      <>
        <p>
          <a href={`${base}/ledger`}>Ledger</a> · <a href={`${base}/checkout`}>Checkout</a> ·{' '}
          <a href={`${base}/bar`}>Bar</a> · <a href={`${base}/page`}>Donate page</a> ·{' '}
          <a href={`${base}/logo`}>Logo</a> ·{' '}
          <a href={`${base}/ledger.csv`} download>
            Ledger CSV
          </a>{' '}
          · <a href={`${base}/months.csv`}>Months CSV</a> · <a href={`/embed/${slug}`}>Embed</a>
        </p>
        <section class="card">
          <h2>This month ({now})</h2>
          <Preview c={camp} m={current} />
          <Figures c={camp} m={current} />
          <BySource c={camp} shares={progress.ok ? progress.data.bySource : undefined} />
          <p class="reconciled">
            <a href="/admin/reconciliations">{reconciledLine(through)}</a>
            {camp.stripeAccount ? ` (${camp.stripeAccount})` : ''}
          </p>
        </section>
        <MonthForms
          camp={camp}
          base={base}
          csrf={c.var.session.csrf}
          md={md}
          ad={ad}
          months={months}
        />
        <section class="card">
          <h2>Settings</h2>
          <form method="post" action={base} class="stack">
            <Csrf token={c.var.session.csrf} />
            <CampaignFields d={drafts.edit ?? draftOf(camp)} isNew={false} />
            <button type="submit">Save settings</button>
          </form>
        </section>
      </>,
      { flash: { ...t.flash(c), ...flash }, status },
    )
  }

  app.get('/admin/campaigns/:slug', (c) => detail(c, c.req.param('slug')))

  /**
   * A form of one campaign's page: its amount field read in the campaign's currency, then one
   * admin API call; any refusal shows the page again with the message and what was typed.
   */
  function campaignForm(
    path: string,
    form: 'edit' | 'month' | 'adjust',
    amount: { field: string; what: string },
    ok: 'saved' | 'month' | 'adjusted',
    request: (
      slug: string,
      f: Draft,
      minor: number,
    ) => { method: string; path: string; body: unknown; headers?: Record<string, string> },
    /** A field besides the amount read by the console's own rule: the error in its words. */
    check: (f: Draft) => string | undefined = () => undefined,
  ) {
    app.post(path, async (c) => {
      const slug = c.req.param('slug') ?? ''
      const f = await t.form(c)
      const got = await t.api<Campaign>(
        c,
        'GET',
        `/api/admin/campaigns/${encodeURIComponent(slug)}`,
      )
      if (!got.ok) return detail(c, slug)
      const parsed = amountInput(f[amount.field], got.data, amount.what)
      if ('error' in parsed) return detail(c, slug, { [form]: f }, { error: parsed.error }, 400)
      const problem = check(f)
      if (problem) return detail(c, slug, { [form]: f }, { error: problem }, 400)
      const r = request(encodeURIComponent(slug), f, parsed.minor)
      const res = await t.api(c, r.method, r.path, r.body, r.headers)
      if (!res.ok) {
        return detail(
          c,
          slug,
          { [form]: f },
          { error: res.message },
          res.status === 409 ? 409 : 400,
        )
      }
      return t.done(c, `/admin/campaigns/${slug}`, ok)
    })
  }

  campaignForm(
    '/admin/campaigns/:slug',
    'edit',
    { field: 'goal', what: 'Monthly goal' },
    'saved',
    (slug, f, minor) => ({
      method: 'PATCH',
      path: `/api/admin/campaigns/${slug}`,
      body: {
        name: f.name,
        defaultGoal: minor,
        locale: f.locale?.trim(),
        timezone: f.timezone?.trim(),
        donateUrl: f.donateUrl?.trim() ? f.donateUrl.trim() : null,
        isDefault: f.isDefault === 'on',
        archived: f.archived === 'on',
        stripeAccount: f.stripeAccount?.trim() || null,
        ...(f.barAmount ? { barAmount: f.barAmount } : {}),
        sources: claimsOf(f),
        // An empty text goes back to the default wording (null in the API).
        bar: { buttonLabel: f.buttonLabel?.trim() || null, tagline: f.tagline?.trim() || null },
      },
    }),
    (f) => {
      const account = accountInput(f.stripeAccount)
      return 'error' in account ? account.error : undefined
    },
  )

  campaignForm(
    '/admin/campaigns/:slug/month',
    'month',
    { field: 'goal', what: 'Goal' },
    'month',
    (slug, f, minor) => ({
      method: 'PUT',
      path: `/api/admin/campaigns/${slug}/months/${encodeURIComponent(f.month ?? '')}`,
      body: { goal: minor, label: f.label?.trim() ? f.label.trim() : null },
    }),
  )

  campaignForm(
    '/admin/campaigns/:slug/adjust',
    'adjust',
    { field: 'amount', what: 'Amount' },
    'adjusted',
    (slug, f, minor) => ({
      method: 'POST',
      path: `/api/admin/campaigns/${slug}/adjustments`,
      body: {
        month: f.month,
        amount: minor,
        reason: f.reason,
        ...(f.donor?.trim() ? { donor: f.donor.trim() } : {}),
      },
      // The form's own key: sending it twice (a double click, a reload) records it once.
      ...(f.key ? { headers: { 'Idempotency-Key': f.key } } : {}),
    }),
  )
}
