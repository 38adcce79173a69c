import { claimOf } from '../../domain/keys.js'
import { type ApiBase, MAX_PAGES, requestJson, SourceApiError } from '../backfill/api.js'
import { apiEvents, type Listed, mapEach } from '../backfill/events.js'
import { idOrNull } from '../fields.js'
import { mapPatreonMember, type PatreonMember, type PledgeEvent } from './backfill.js'

/** PATREON_ACCESS_TOKEN (the creator's access token), PATREON_API_URL, PATREON_CURRENCY. */
export interface PatreonApiSettings extends ApiBase {
  token: string
  currency: string
}

interface JsonApiPage {
  data?: unknown
  included?: unknown
  meta?: { pagination?: { cursors?: { next?: unknown } } }
}

const MEMBER_FIELDS =
  'patron_status,currently_entitled_amount_cents,last_charge_date,last_charge_status,pledge_relationship_start'
const EVENT_FIELDS = 'type,date,amount_cents,currency_code,payment_status,tier_id'

async function get(s: PatreonApiSettings, path: string): Promise<JsonApiPage> {
  const answer = (await requestJson('Patreon', s, `${s.apiUrl}${path}`, {
    headers: { Authorization: `Bearer ${s.token}`, Accept: 'application/json' },
  })) as JsonApiPage | null
  if (!answer || !Array.isArray(answer.data)) {
    throw new SourceApiError('Patreon', `Patreon's ${path.split('?')[0]} answered no data`)
  }
  return answer
}

/**
 * The token's campaigns (`GET /api/oauth2/v2/campaigns`) and, for each, every member with its
 * pledge history (`/campaigns/{id}/members?include=pledge_history`, `page[count]` and the
 * cursor in `meta.pagination.cursors.next`), as events: each charge since `since`, each state.
 */
export async function patreonApiEvents(
  s: PatreonApiSettings,
  w: { since: Date; now: Date },
): Promise<Listed> {
  const from = Math.floor(w.since.getTime() / 1000)
  const until = Math.floor(w.now.getTime() / 1000)
  const campaigns = ((await get(s, '/api/oauth2/v2/campaigns')).data as { id?: unknown }[])
    .map((c) => idOrNull(c.id))
    .filter((id): id is string => id !== null)
  const out: Listed = { events: [], failed: [] }
  for (const campaign of campaigns) {
    let cursor: string | null = null
    for (let page = 0; page < MAX_PAGES; page++) {
      const q = new URLSearchParams({
        include: 'pledge_history',
        'fields[member]': MEMBER_FIELDS,
        'fields[pledge-event]': EVENT_FIELDS,
        'page[count]': '100',
      })
      if (cursor) q.set('page[cursor]', cursor)
      const answer = await get(
        s,
        `/api/oauth2/v2/campaigns/${encodeURIComponent(campaign)}/members?${q}`,
      )
      const events = new Map<string, PledgeEvent>()
      for (const inc of Array.isArray(answer.included) ? (answer.included as PledgeEvent[]) : []) {
        if (inc?.type === 'pledge-event') events.set(String(inc.id), inc)
      }
      const listed = mapEach(
        'patreon',
        answer.data as PatreonMember[],
        (m) => String(m.id),
        (m) =>
          apiEvents(
            'patreon',
            { endpoint: 'members', id: String(m.id) },
            mapPatreonMember(m, events, campaign, s.currency, from, until),
            w.now,
            claimOf('patreon', campaign),
          ),
      )
      out.events.push(...listed.events)
      out.failed.push(...listed.failed)
      const next = answer.meta?.pagination?.cursors?.next
      if (typeof next !== 'string' || next === '') break
      cursor = next
    }
  }
  return out
}
