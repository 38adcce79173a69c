import type { Hono } from 'hono'
import { formatMoney } from '../domain/money.js'
import type { CampaignView as Campaign } from '../routes/admin/campaigns.routes.js'
import type { EntryView } from '../routes/admin/ledger.routes.js'
import { qs } from './api.js'
import { Csrf, type Flash } from './layout.js'
import type { ConsoleContext, ConsoleEnv, ConsoleTools } from './tools.js'

interface WebhookEvent {
  id: string
  type: string
  status: string
  error: string | null
  attempts: number
  receivedAt: string
}

interface StripeSetup {
  mode: 'live' | 'test' | 'both'
  modeSource: 'setting' | 'key' | 'none'
  warning: string | null
  oldestApiVersion: string
  pinnedApiVersion: string
  notices: { kind: string; status: string; reason: string; count: number; lastAt: string }[]
  ignoredAccounts: { account: string; count: number; lastAt: string; campaigns: string[] }[]
}

const when = (iso: string) => iso.replace('T', ' ').slice(0, 19)

const NOTICE_TITLES: Record<string, string> = {
  other_mode: 'Other mode, ignored',
  unsupported_api_version: 'API version too old, refused',
  unknown_account: 'Connected account no campaign names, ignored',
}

/** Which Stripe mode counts, and events ignored or refused for their configuration. */
function SetupNotes({ setup }: { setup: StripeSetup }) {
  const from = { setting: 'STRIPE_LIVEMODE', key: 'the secret key', none: 'no setting' }
  // Connected accounts have their own table below, one row per account.
  const notices = setup.notices.filter((n) => n.kind !== 'unknown_account')
  return (
    <section aria-label="Stripe setup">
      <p>
        Counting <strong>{setup.mode === 'both' ? 'test and live' : setup.mode}</strong>-mode events
        (from {from[setup.modeSource]}). API versions from {setup.oldestApiVersion} are read; this
        service is built for {setup.pinnedApiVersion}.
      </p>
      {setup.warning && <p class="flash error">{setup.warning}</p>}
      {notices.length > 0 && (
        <table>
          <tbody>
            {notices.map((n) => (
              <tr>
                <td>{NOTICE_TITLES[n.kind] ?? n.kind}</td>
                <td>{n.reason}</td>
                <td>
                  {n.count} event(s), last {when(n.lastAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {setup.ignoredAccounts.length > 0 && <IgnoredAccounts accounts={setup.ignoredAccounts} />}
    </section>
  )
}

/** Connected accounts whose events no campaign took, and what to do about each. */
function IgnoredAccounts({ accounts }: { accounts: StripeSetup['ignoredAccounts'] }) {
  return (
    <>
      <h2>{NOTICE_TITLES.unknown_account}</h2>
      <p>
        Stripe Connect events from these accounts counted nothing: no campaign names the account.
        Set the campaign's Stripe account, then replay the account's{' '}
        <a href="/admin/events?status=ignored">ignored events</a>.
      </p>
      <table>
        <thead>
          <tr>
            <th>Account</th>
            <th class="num">Events</th>
            <th>Last seen</th>
            <th>Campaigns now</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr>
              <td>
                <code>{a.account}</code>
              </td>
              <td class="num">{a.count}</td>
              <td>{when(a.lastAt)}</td>
              <td>
                {a.campaigns.length > 0
                  ? `${a.campaigns.join(', ')}: replay its ignored events to count them`
                  : 'none'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** Money kept aside with its assignment form, and stored webhook events with replay. */
export function stripePages(app: Hono<ConsoleEnv>, t: ConsoleTools) {
  async function keptAside(c: ConsoleContext, flash: Flash = {}, status: 200 | 400 = 200) {
    const [aside, camps] = await Promise.all([
      t.api<{ entries: EntryView[] }>(c, 'GET', '/api/admin/stripe/unattributed'),
      t.api<{ campaigns: Campaign[] }>(c, 'GET', '/api/admin/campaigns'),
    ])
    const entries = aside.ok ? aside.data.entries : []
    const campaigns = camps.ok ? camps.data.campaigns : []
    return t.page(
      c,
      'Money kept aside',
      <>
        <p>
          Stripe payments the totals do not count: no campaign was named and there is no default
          campaign, or the money is in another currency than the campaign's. Assigning a payment
          moves it (with its refunds and disputes) to a campaign in that campaign's currency.
        </p>
        {entries.length === 0 && <p>Nothing is kept aside.</p>}
        {entries.map((e) => (
          <section class="card">
            <p>
              <strong>{formatMoney(e.amount, e.currency, { locale: 'en-US' })}</strong> · {e.kind} ·{' '}
              {e.paymentRef ?? e.sourceId} · {e.occurredAt.slice(0, 10)}
              {e.campaign ? ` · named campaign: ${e.campaign}` : ' · no campaign'}
            </p>
            {e.paymentRef && (
              <form method="post" action="/admin/kept-aside/assign" class="inline">
                <Csrf token={c.var.session.csrf} />
                <input type="hidden" name="paymentRef" value={e.paymentRef} />
                <label>
                  Campaign
                  <select name="campaign" required>
                    {campaigns.map((k) => (
                      <option value={k.slug} selected={k.slug === e.campaign}>
                        {`${k.name} (${k.currency})`}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit">Assign</button>
              </form>
            )}
          </section>
        ))}
      </>,
      {
        flash: { ...t.flash(c), ...(aside.ok ? {} : { error: aside.message }), ...flash },
        status,
      },
    )
  }

  app.get('/admin/kept-aside', (c) => keptAside(c))
  app.post('/admin/kept-aside/assign', async (c) => {
    const f = await t.form(c)
    const res = await t.api(c, 'POST', '/api/admin/stripe/unattributed/assign', {
      paymentRef: f.paymentRef,
      campaign: f.campaign,
    })
    if (!res.ok) return keptAside(c, { error: res.message }, 400)
    return t.done(c, '/admin/kept-aside', 'assigned')
  })

  async function events(c: ConsoleContext, flash: Flash = {}, status: 200 | 400 = 200) {
    const setup = await t.api<StripeSetup>(c, 'GET', '/api/admin/stripe/setup')
    const q = { status: c.req.query('status'), type: c.req.query('type') }
    const before = c.req.query('before')
    const res = await t.api<{ events: WebhookEvent[] }>(
      c,
      'GET',
      `/api/admin/stripe/events${qs({ ...q, before, limit: '50' })}`,
    )
    const list = res.ok ? res.data.events : []
    const last = list.at(-1)
    return t.page(
      c,
      'Webhook events',
      <>
        {setup.ok && <SetupNotes setup={setup.data} />}
        <form method="get" class="inline">
          <label>
            Status
            <select name="status">
              <option value="">any</option>
              {['processed', 'ignored', 'failed', 'rejected'].map((s) => (
                <option value={s} selected={s === q.status}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Type
            <input name="type" value={q.type} placeholder="payment_intent.succeeded" />
          </label>
          <button type="submit">Filter</button>
        </form>
        {list.length === 0 && <p>No stored events match.</p>}
        <div class="scroll">
          <table>
            <tbody>
              {list.map((e) => (
                <tr>
                  <td>
                    <code>{e.id}</code>
                    <br />
                    {e.type}
                  </td>
                  <td>
                    {e.status}
                    {e.error ? `: ${e.error}` : ''}
                    <br />
                    <small>
                      {e.receivedAt.replace('T', ' ').slice(0, 19)} · {e.attempts} attempt(s)
                    </small>
                  </td>
                  <td>
                    <form method="post" action={`/admin/events/${e.id}/replay`}>
                      <Csrf token={c.var.session.csrf} />
                      <button type="submit" class="quiet">
                        Replay
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {last && list.length === 50 && (
          <p class="pager">
            <a href={`/admin/events${qs({ ...q, before: last.receivedAt })}`}>Older events</a>
          </p>
        )}
      </>,
      { flash: { ...t.flash(c), ...(res.ok ? {} : { error: res.message }), ...flash }, status },
    )
  }

  app.get('/admin/events', (c) => events(c))
  app.post('/admin/events/:id/replay', async (c) => {
    const res = await t.api<WebhookEvent>(
      c,
      'POST',
      `/api/admin/stripe/events/${encodeURIComponent(c.req.param('id'))}/replay`,
    )
    if (!res.ok) return events(c, { error: res.message }, 400)
    return t.done(c, '/admin/events', 'replayed')
  })
}
