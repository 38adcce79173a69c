import type { Child } from 'hono/jsx'
import { amountProblem, amountText, parseAmount } from '../domain/amount-input.js'
import { CLAIMABLE, type Claimable, VERIFIED } from '../domain/keys.js'
import { formatMoney } from '../domain/money.js'
import { isStripeAccount, STRIPE_ACCOUNT_RULE } from '../domain/stripe-account.js'
import type {
  CampaignView as Campaign,
  MonthSummaryView as MonthSummary,
} from '../routes/admin/campaigns.routes.js'
import { HistoryChart } from './chart.js'
import { Csrf } from './layout.js'
import { count } from './words.js'

/** What was typed in a form, to show it again beside an error. */
export type Draft = Record<string, string>

/** The providers a campaign may claim, as the console names them. */
export const SOURCE_LABELS: Record<Claimable, string> = {
  paypal: 'PayPal',
  github: 'GitHub Sponsors',
  kofi: 'Ko-fi',
  buymeacoffee: 'Buy Me a Coffee',
  donorbox: 'Donorbox',
  patreon: 'Patreon',
  opencollective: 'Open Collective',
}

/** The claims a campaign form asks for: the boxes ticked, then the platform campaigns typed. */
export const claimsOf = (f: Draft): string[] => [
  ...CLAIMABLE.filter((p) => f[sourceField(p)] === 'on'),
  ...(f.sourceCampaigns ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
]

/** The form field of a claim: `sourcePaypal`, `sourceGithub`, ... */
export const sourceField = (p: Claimable) => `source${p[0]?.toUpperCase()}${p.slice(1)}`

/**
 * An amount typed by a person, in major units read by the campaign's locale (the one rule of
 * src/domain/amount-input.ts): `12,50` in an English campaign is refused with what to type.
 */
export function amountInput(
  text: string | undefined,
  c: Pick<Campaign, 'currency' | 'locale'>,
  what: string,
) {
  const r = parseAmount(text ?? '', c.currency, c.locale)
  if (!r.ok) return { error: `${what} ${amountProblem(r, c.currency)}.` }
  return { minor: r.minor }
}

/**
 * The Stripe account typed in a campaign's form: empty for the platform's own (null), else an
 * `acct_…` id by the one rule of src/domain/stripe-account.ts, said in the form's words.
 */
export function accountInput(text: string | undefined) {
  const v = (text ?? '').trim()
  if (v === '') return { account: null }
  if (!isStripeAccount(v)) {
    return { error: `Stripe account ${STRIPE_ACCOUNT_RULE}, or empty for the platform's own.` }
  }
  return { account: v }
}

/** An amount as the form shows it, so that saving it unchanged reads it back the same. */
export const amountDraft = (minor: number, c: Pick<Campaign, 'currency' | 'locale'>) =>
  amountText(minor, c.currency, c.locale)

const money = (c: Pick<Campaign, 'currency' | 'locale'>, minor: number) =>
  formatMoney(minor, c.currency, { locale: c.locale })

/**
 * The bar as readers see it, reloaded every few seconds by console.js. The URL carries a version
 * of what the bar shows, so a page after a change never shows the browser's cached old image.
 */
export function Preview({ c, m }: { c: Campaign; m: MonthSummary | undefined }) {
  const seen = [c.updatedAt, m?.updatedAt, m?.pledged, m?.goal, m?.label].join('|')
  let h = 0x811c9dc5
  for (let i = 0; i < seen.length; i++) h = Math.imul(h ^ seen.charCodeAt(i), 0x01000193)
  const src = `/embed/${c.slug}.svg?v=${(h >>> 0).toString(36)}`
  return <img src={src} data-live={src} alt={`The Support bar of ${c.name}`} width="600" />
}

export function Figures({ c, m }: { c: Campaign; m: MonthSummary | undefined }) {
  if (!m) return <p class="hint">No figures for this month yet.</p>
  return (
    <ul class="figures">
      <li>
        <strong>{money(c, c.barAmount === 'net' ? m.net : m.pledged)}</strong> of {money(c, m.goal)}
      </li>
      <li>
        {money(c, m.pledged)} gross, {money(c, m.fees)} fees, {money(c, m.net)} net
      </li>
      <li>{count('donations', m.donations)}</li>
      <li>{count('donors', m.donors)}</li>
      <li>{m.label ?? m.month}</li>
    </ul>
  )
}

/** A month's share of each provider: `bySource` of the progress JSON. */
export type SourceShares = Record<string, { pledged: number; donations: number; verified: boolean }>

/**
 * The month split by provider (those with money), each marked when it cannot be checked to the
 * cent, as `bySource` says: unverified money is shown, never passed off as exact.
 */
export function BySource({ c, shares }: { c: Campaign; shares: SourceShares | undefined }) {
  const rows = Object.entries(shares ?? {}).filter(([, s]) => s.pledged !== 0 || s.donations > 0)
  if (rows.length === 0) return null
  const label = (p: string) =>
    p === 'stripe' ? 'Stripe' : ((SOURCE_LABELS as Record<string, string>)[p] ?? p)
  return (
    <ul class="figures by-source">
      {rows.map(([p, s]) => (
        <li data-source={p}>
          {label(p)}: {money(c, s.pledged)} ({count('donations', s.donations)})
          {!s.verified && <small> unverified</small>}
        </li>
      ))}
    </ul>
  )
}

export function CampaignFields({ d, isNew }: { d: Draft; isNew: boolean }) {
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
        Monthly goal{' '}
        <small>
          in major units, written the way of the campaign's locale (5000.50 in en-US, 5000,50 in
          de-DE); each month can differ
        </small>
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
      <label>
        Stripe account{' '}
        <small>
          Stripe Connect: the connected account (acct_…) whose payments count here and on which the
          donate page takes gifts; empty for this platform's own Stripe account
        </small>
        <input name="stripeAccount" value={d.stripeAccount} maxlength={255} />
      </label>
      <label>
        The bar shows{' '}
        <small>gross: what donors gave; net: after Stripe's fees (as they become known)</small>
        <select name="barAmount">
          <option value="gross" selected={d.barAmount !== 'net'}>
            gross
          </option>
          <option value="net" selected={d.barAmount === 'net'}>
            net
          </option>
        </select>
      </label>
      <label class="check">
        <input type="checkbox" name="isDefault" value="on" checked={d.isDefault === 'on'} />
        Default campaign (Stripe money of its account without a campaign counts here)
      </label>
      {!isNew && (
        <>
          <label>
            Button text <small>empty for the default wording in the campaign's language</small>
            <input name="buttonLabel" value={d.buttonLabel} maxlength={40} />
          </label>
          <label>
            Tagline <small>one line under the name; empty for none</small>
            <input name="tagline" value={d.tagline} maxlength={120} />
          </label>
        </>
      )}
      {!isNew &&
        CLAIMABLE.map((p) => (
          <label class="check">
            <input
              type="checkbox"
              name={sourceField(p)}
              value="on"
              checked={d[sourceField(p)] === 'on'}
            />
            Takes {SOURCE_LABELS[p]} money that names no campaign (at most one campaign does)
            {!VERIFIED[p] && (
              <small> unverified: not exact to the cent (see docs/sources.md)</small>
            )}
          </label>
        ))}
      {!isNew && (
        <label>
          Platform campaigns{' '}
          <small>
            whose money counts here, comma-separated: donorbox:&lt;campaign id&gt;,
            patreon:&lt;campaign id&gt;, opencollective:&lt;collective slug&gt; (see
            docs/sources.md)
          </small>
          <input name="sourceCampaigns" value={d.sourceCampaigns} maxlength={1000} />
        </label>
      )}
      {!isNew && (
        <label class="check">
          <input type="checkbox" name="archived" value="on" checked={d.archived === 'on'} />
          Archived (the bar says the campaign has ended)
        </label>
      )}
    </>
  )
}

export const draftOf = (c: Campaign): Draft => ({
  name: c.name,
  goal: amountDraft(c.defaultGoal, c),
  locale: c.locale,
  timezone: c.timezone,
  donateUrl: c.donateUrl ?? '',
  stripeAccount: c.stripeAccount ?? '',
  barAmount: c.barAmount,
  isDefault: c.isDefault ? 'on' : '',
  archived: c.archived ? 'on' : '',
  ...Object.fromEntries(CLAIMABLE.map((p) => [sourceField(p), c.sources.includes(p) ? 'on' : ''])),
  buttonLabel: c.bar?.buttonLabel ?? '',
  tagline: c.bar?.tagline ?? '',
})

/** A campaign page's forms for a month's goal, a gift or correction, and its month history. */
export function MonthForms(props: {
  camp: Campaign
  base: string
  csrf: string
  md: Draft
  ad: Draft
  months: MonthSummary[]
}): Child {
  const { camp, base, md, ad, months } = props
  return (
    <>
      <section class="card">
        <h2>Set a month's goal and label</h2>
        <form method="post" action={`${base}/month`} class="stack">
          <Csrf token={props.csrf} />
          <label>
            Month
            <input name="month" type="month" value={md.month} required />
          </label>
          <label>
            Goal{' '}
            <small>
              in {camp.currency}, e.g. {amountDraft(500050, camp)}
            </small>
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
          <Csrf token={props.csrf} />
          <input type="hidden" name="key" value={ad.key} />
          <label>
            Month
            <input name="month" type="month" value={ad.month} required />
          </label>
          <label>
            Amount{' '}
            <small>
              in {camp.currency}; negative for a correction, e.g. {amountDraft(2500, camp)} or{' '}
              {amountDraft(-500, camp)}
            </small>
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
                <th class="num">Gross</th>
                <th class="num">Fees</th>
                <th class="num">Net</th>
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
                  <td class="num">{money(camp, m.fees)}</td>
                  <td class="num">{money(camp, m.net)}</td>
                  <td class="num">{money(camp, m.goal)}</td>
                  <td class="num">{m.donations}</td>
                  <td class="num">{m.donors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
