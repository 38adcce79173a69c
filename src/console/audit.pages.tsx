import type { Hono } from 'hono'
import { AuditActions } from '../routes/admin/audit.routes.js'
import type { CampaignView as Campaign } from '../routes/admin/campaigns.routes.js'
import { qs } from './api.js'
import { fieldChanges, type Money } from './audit-diff.js'
import { AUDIT } from './catalog.js'
import type { ConsoleEnv, ConsoleTools } from './tools.js'

interface AuditRecord {
  id: string
  at: string
  actor: string
  action: string
  campaign: string | null
  target: string | null
  before: unknown
  after: unknown
}

/** The raw record, for the rare reader who needs every byte of it. */
const raw = (r: AuditRecord) => JSON.stringify({ before: r.before, after: r.after }, null, 2)

function Changes({ r, money }: { r: AuditRecord; money: Money | undefined }) {
  const changes = fieldChanges(r.before, r.after, money)
  return (
    <>
      {changes.length === 0 ? (
        <small>{AUDIT.noChange}</small>
      ) : (
        <ul class="changes">
          {changes.map((ch) => (
            <li>
              <strong>{ch.field}</strong>: {r.before !== null ? `${ch.before} → ` : ''}
              {ch.after}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>{AUDIT.raw}</summary>
        <pre>{raw(r)}</pre>
      </details>
    </>
  )
}

/** The audit trail: who changed what and when, with before and after, filtered and paged. */
export function auditPages(app: Hono<ConsoleEnv>, t: ConsoleTools) {
  app.get('/admin/audit', async (c) => {
    const q = {
      campaign: c.req.query('campaign'),
      action: c.req.query('action'),
      actor: c.req.query('actor'),
    }
    const cursor = c.req.query('cursor')
    const res = await t.api<{ records: AuditRecord[]; nextCursor: string | null }>(
      c,
      'GET',
      `/api/admin/audit${qs({ ...q, cursor, limit: '50' })}`,
    )
    // Each campaign's currency and locale, so amounts read in major units as its pages show them.
    const list = await t.api<{ campaigns: Campaign[] }>(c, 'GET', '/api/admin/campaigns')
    const moneyOf = new Map(
      (list.ok ? list.data.campaigns : []).map((x) => [
        x.slug,
        { currency: x.currency, locale: x.locale },
      ]),
    )
    return t.page(
      c,
      'Audit trail',
      <>
        <form method="get" class="inline">
          <label>
            Campaign
            <input name="campaign" value={q.campaign} />
          </label>
          <label>
            Action
            <select name="action">
              <option value="">any</option>
              {AuditActions.options.map((a) => (
                <option value={a} selected={a === q.action}>
                  {AUDIT.actions[a]}
                </option>
              ))}
            </select>
          </label>
          <label>
            By
            <input name="actor" value={q.actor} />
          </label>
          <button type="submit">Filter</button>
        </form>
        {res.ok && res.data.records.length === 0 && <p>No records match.</p>}
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>By</th>
                <th>Action</th>
                <th>Campaign · target</th>
                <th>Before → after</th>
              </tr>
            </thead>
            <tbody>
              {(res.ok ? res.data.records : []).map((r) => (
                <tr>
                  <td>{r.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{r.actor}</td>
                  <td>{actionWords(r.action)}</td>
                  <td>{[r.campaign, r.target].filter(Boolean).join(' · ')}</td>
                  <td>
                    <Changes r={r} money={r.campaign ? moneyOf.get(r.campaign) : undefined} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {res.ok && res.data.nextCursor && (
          <p class="pager">
            <a href={`/admin/audit${qs({ ...q, cursor: res.data.nextCursor })}`}>Older records</a>
          </p>
        )}
      </>,
      { flash: res.ok ? {} : { error: res.message }, status: res.ok ? 200 : 400 },
    )
  })
}

const actionWords = (a: string) =>
  Object.hasOwn(AUDIT.actions, a) ? AUDIT.actions[a as keyof typeof AUDIT.actions] : a
