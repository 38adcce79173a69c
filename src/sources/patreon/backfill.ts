import type { Mapped, MoneyEffect } from '../../ingest/facts.js'
import { currencyOf, idOf, minorOfInt, monthOf, objectOf, unixOf } from '../fields.js'
import { chargeOf, mapPatreon } from './map.js'

/**
 * Patreon's members API (`GET /api/oauth2/v2/campaigns/{id}/members?include=pledge_history`,
 * Patreon/platform-documentation source/includes/_resources_v2.md) as neutral facts (pure), with
 * the keys its webhook mapping gives (src/sources/patreon/map.ts). A JSON:API page: `data`
 * members (attributes patron_status, currently_entitled_amount_cents, last_charge_date,
 * last_charge_status, pledge_relationship_start; relationships.pledge_history.data [{id, type
 * "pledge-event"}]) and `included` pledge-events (attributes type: pledge_start,
 * pledge_upgrade, pledge_downgrade, pledge_delete, subscription; date; amount_cents (in the
 * currency the patron paid); currency_code; payment_status: Paid, Declined, Pending, Refunded,
 * Fraud, Other).
 *
 * Each Paid charge (a `subscription` event, or the `pledge_start` that charged at once) is one
 * charge per member and month, `patreon:payment:<member>:<YYYY-MM>`; a Refunded one takes it
 * back whole, `patreon:refund:<member>:<YYYY-MM>`; the member's state as its webhook says it.
 */

export interface PledgeEvent {
  id?: unknown
  type?: unknown
  attributes?: {
    type?: unknown
    date?: unknown
    amount_cents?: unknown
    currency_code?: unknown
    payment_status?: unknown
  }
}

export interface PatreonMember {
  id?: unknown
  type?: unknown
  attributes?: Record<string, unknown>
  relationships?: { pledge_history?: { data?: { id?: unknown; type?: unknown }[] | null } }
}

const CHARGES = new Set(['subscription', 'pledge_start'])

/** One member's charges within [since, until] (from its pledge history) and its state. */
export function mapPatreonMember(
  m: PatreonMember,
  events: ReadonlyMap<string, PledgeEvent>,
  campaignId: string,
  currency: string,
  since: number,
  until: number,
): Mapped {
  const member = idOf(m.id, 'Patreon member')
  const what = `Patreon member ${member}`
  const months = new Set<string>()
  const money: MoneyEffect[] = []
  const history = [...(m.relationships?.pledge_history?.data ?? [])]
    .map((ref) => events.get(String(ref.id)))
    .filter((e): e is PledgeEvent => e !== undefined)
    .map(
      (e) =>
        objectOf(e.attributes, `${what} pledge event`) as NonNullable<PledgeEvent['attributes']>,
    )
    .filter((a) => CHARGES.has(String(a.type)))
    .map((a) => ({ a, at: unixOf(a.date, `${what} pledge event`) }))
    .sort((x, y) => x.at - y.at)
  for (const { a, at } of history) {
    const status = a.payment_status
    if ((status !== 'Paid' && status !== 'Refunded') || at < since || at > until) continue
    const cents = minorOfInt(a.amount_cents, `${what} pledge event`)
    const period = `${member}:${monthOf(at)}`
    if (cents === 0 || months.has(period)) continue
    months.add(period)
    const code = currencyOf(a.currency_code, `${what} pledge event`)
    money.push(
      ...chargeOf(
        period,
        cents,
        code,
        at,
        { origin: `patreon:${campaignId}`, trigger: 'api' },
        status === 'Refunded',
      ),
    )
  }
  // The state as a `members:update` delivery of this member would set it.
  const doc = {
    data: {
      type: 'member',
      id: member,
      attributes: m.attributes ?? {},
      relationships: { campaign: { data: { type: 'campaign', id: campaignId } } },
    },
  }
  const state = mapPatreon(doc, 'members:update', 0, currency).subscription
  return { money, facts: [], ...(state ? { subscription: state } : {}) }
}
