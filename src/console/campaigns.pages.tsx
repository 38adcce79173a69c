import type { Hono } from 'hono'
import { currencyExponent, formatMoney, parseMajor, toMajorString } from '../domain/money.js'
import { monthOf } from '../domain/months.js'
import type { Campaign, MonthSummary } from '../store/campaigns.js'
import { HistoryChart } from './chart.js'
import type { ConsoleContext, ConsoleEnv, ConsoleTools } from './console.routes.js'
import { Csrf, type Flash } from './layout.js'

type Draft = Record<string, string>

/** An amount typed by a person, in major units by the currency's exponent ("13.60" -> 1360). */
export function amountInput(text: string | undefined, currency: string, what: string) {
  const minor = parseMajor((text ?? '').replaceAll(/[\s,]/g, ''), currency)
  if (minor === undefined) {
    const exp = currencyExponent(currency)
    const example = exp === 0 ? '5000' : `5000.${'0'.repeat(exp)}`
    return { error: `${what}: write an amount such as ${example} (in ${currency}).` }
  }
  return { minor }
}

const money = (c: Pick<Campaign, 'currency' | 'locale'>, minor: number) =>
  formatMoney(minor, c.currency, { locale: c.locale })

/**
 * The bar as readers see it, reloaded every few seconds by console.js. The URL carries a version
 * of what the bar shows, so a page after a change never shows the browser's cached old image.
 */
function Preview({ c, m }: { c: Campaign; m: MonthSummary | undefined }) {
  const seen = [c.updatedAt, m?.updatedAt, m?.pledged, m?.goal, m?.label].join('|')
  let h = 0x811c9dc5
  for (let i = 0; i < seen.length; i++) h = Math.imul(h ^ seen.charCodeAt(i), 0x01000193)
  const src = `/embed/${c.slug}.svg?v=${(h >>> 0).toString(36)}`
  return <img src={src} data-live={src} alt={`The Support bar of ${c.name}`} width="600" />
}

function Figures({ c, m }: { c: Campaign; m: MonthSummary | undefined }) {
  if (!m) return <p class="hint">No figures for this month yet.</p>
  return (
    <ul class="figures">
      <li>
        <strong>{money(c, m.pledged)}</strong> of {money(c, m.goal)}
      </li>
      <li>{m.donations} donations</li>
      <li>{m.donors} donors</li>
      <li>{m.label ?? m.month}</li>
    </ul>
  )
}

function CampaignFields({ d, isNew }: { d: Draft; isNew: boolean }) {
  return (
    <>
      {isNew && (
        <>
          <label>
            Slug <small>lower-case letters, digits and dashes; used in URLs, fixed</small>
            <input name="slug" value={d.slug} required pattern="[a-z0-9][a-z0-9\-]*" />
          </label>
          <label>
            Currency <small>ISO code such as USD or EUR; fixed once created</small>
            <input name="currency" value={d.currency ?? 'USD'} required maxlength={3} />
          </label>
        </>
      )}
      <label>
        Name
        <input name="name" value={d.name} required />
      </label>
      <label>
        Monthly goal <small>in major units, e.g. 5000 or 5000.00; each month can differ</small>
        <input name="goal" value={d.goal} required inputmode="decimal" />
      </label>
      <label>
        Locale <small>how amounts and months are written, e.g. en-US, fr-FR</small>
        <input name="locale" value={d.locale ?? 'en-US'} required />
      </label>
      <label>
        Timezone <small>months start at midnight here, e.g. Europe/Paris</small>
        <input name="timezone" value={d.timezone ?? 'UTC'} required />
      </label>
      <label>
        Donate page URL <small>where Support leads; empty for the built-in donate page</small>
        <input name="donateUrl" value={d.donateUrl} type="url" />
      </label>
      <label class="check">
        <input type="checkbox" name="isDefault" value="on" checked={d.isDefault === 'on'} />
        Default campaign (Stripe money without a campaign counts here)
      </label>
      {!isNew && (
        <label class="check">
          <input type="checkbox" name="archived" value="on" checked={d.archived === 'on'} />
          Archived (the bar says the campaign has ended)
        </label>
      )}
    </>
  )
}

const draftOf = (c: Campaign): Draft => ({
  name: c.name,
  goal: toMajorString(c.defaultGoal, c.currency),
  locale: c.locale,
  timezone: c.timezone,
  donateUrl: c.donateUrl ?? '',
  isDefault: c.isDefault ? 'on' : '',
  archived: c.archived ? 'on' : '',
})

/** Campaign list, creation, and one campaign's page with its settings, goals and gifts. */
export function campaignPages(app: Hono<ConsoleEnv>, t: ConsoleTools) {
  const thisMonth = (c: Campaign) => monthOf(t.ctx.now(), c.timezone)

  app.get('/admin', async (c) => {
    const list = await t.api<{ campaigns: Campaign[] }>(c, 'GET', '/api/admin/campaigns')
    if (!list.ok) return t.page(c, 'Campaigns', <p />, { flash: { error: list.message } })
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
        {rows.length === 0 && <p>No campaign yet: create the first one.</p>}
        {rows.map(({ camp, m }) => (
          <section class="card">
            <h2>
              <a href={`/admin/campaigns/${camp.slug}`}>{camp.name}</a>{' '}
              <small>
                {camp.slug}
                {camp.isDefault ? ' · default' : ''}
                {camp.archived ? ' · archived' : ''}
              </small>
            </h2>
            <Preview c={camp} m={m} />
            <Figures c={camp} m={m} />
          </section>
        ))}
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
    const goal = amountInput(f.goal, currency, 'Monthly goal')
    if ('error' in goal) return newPage(c, f, { error: goal.error }, 400)
    const res = await t.api<Campaign>(c, 'POST', '/api/admin/campaigns', {
      slug: f.slug?.trim(),
      name: f.name,
      currency,
      defaultGoal: goal.minor,
      locale: f.locale?.trim(),
      timezone: f.timezone?.trim(),
      donateUrl: f.donateUrl?.trim() ? f.donateUrl.trim() : null,
      isDefault: f.isDefault === 'on',
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
    const md = drafts.month ?? {
      month: now,
      goal: toMajorString(current?.goal ?? camp.defaultGoal, camp.currency),
      label: current?.label ?? '',
    }
    const ad = drafts.adjust ?? { month: now, key: crypto.randomUUID() }
    const base = `/admin/campaigns/${camp.slug}`
    return t.page(
      c,
      camp.name,
      <>
        <p>
          <a href={`${base}/ledger`}>Ledger</a> ·{' '}
          <a href={`${base}/ledger.csv`} download>
            Ledger CSV
          </a>{' '}
          · <a href={`${base}/months.csv`}>Months CSV</a> · <a href={`/embed/${slug}`}>Embed</a>
        </p>
        <section class="card">
          <h2>This month ({now})</h2>
          <Preview c={camp} m={current} />
          <Figures c={camp} m={current} />
        </section>
        <section class="card">
          <h2>Set a month's goal and label</h2>
          <form method="post" action={`${base}/month`} class="stack">
            <Csrf token={c.var.session.csrf} />
            <label>
              Month
              <input name="month" type="month" value={md.month} required />
            </label>
            <label>
              Goal <small>in {camp.currency}</small>
              <input name="goal" value={md.goal} required inputmode="decimal" />
            </label>
            <label>
              Label <small>shown under the bar; empty for the month's name</small>
              <input name="label" value={md.label} maxlength={100} />
            </label>
            <button type="submit">Save month</button>
          </form>
        </section>
        <section class="card">
          <h2>Add an offline gift or a correction</h2>
          <form method="post" action={`${base}/adjust`} class="stack">
            <Csrf token={c.var.session.csrf} />
            <input type="hidden" name="key" value={ad.key} />
            <label>
              Month
              <input name="month" type="month" value={ad.month} required />
            </label>
            <label>
              Amount{' '}
              <small>in {camp.currency}; negative for a correction, e.g. 25.00 or -5.00</small>
              <input name="amount" value={ad.amount} required inputmode="decimal" />
            </label>
            <label>
              Reason <small>kept in the ledger and the audit trail</small>
              <input name="reason" value={ad.reason} required maxlength={500} />
            </label>
            <label>
              Donor <small>optional; a gift with a donor counts as a donation</small>
              <input name="donor" value={ad.donor} maxlength={200} />
            </label>
            <button type="submit">Add to the ledger</button>
          </form>
        </section>
        <section class="card">
          <h2>History</h2>
          <HistoryChart months={months} currency={camp.currency} locale={camp.locale} />
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Month</th>
                  <th>Label</th>
                  <th class="num">Raised</th>
                  <th class="num">Goal</th>
                  <th class="num">Donations</th>
                  <th class="num">Donors</th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => (
                  <tr>
                    <td>
                      <a href={`${base}/ledger?month=${m.month}`}>{m.month}</a>
                    </td>
                    <td>{m.label ?? ''}</td>
                    <td class="num">{money(camp, m.pledged)}</td>
                    <td class="num">{money(camp, m.goal)}</td>
                    <td class="num">{m.donations}</td>
                    <td class="num">{m.donors}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
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
      const parsed = amountInput(f[amount.field], got.data.currency, amount.what)
      if ('error' in parsed) return detail(c, slug, { [form]: f }, { error: parsed.error }, 400)
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
      },
    }),
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
