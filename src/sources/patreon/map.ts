import { claimOf, providerKey, providerRef } from '../../domain/keys.js'
import type { Mapped, MoneyEffect } from '../../ingest/facts.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { currencyOf, idOf, idOrNull, minorOfInt, monthOf, objectOf, unixOf } from '../fields.js'
import { payment, subscriptionState } from '../money.js'

/**
 * Patreon's member events (webhooks v2: members:create/update/delete, members:pledge:create/
 * update/delete) as neutral facts (pure). The body is a JSON:API document whose `data` is the
 * `member` (Patreon/platform-documentation source/includes/_resources_v2.md): attributes
 * currently_entitled_amount_cents, last_charge_date, last_charge_status (Paid, Declined,
 * Refunded, …), patron_status (active_patron, declined_patron, former_patron); relationships
 * campaign. Patreon gives no charge id: a Paid charge is one synthetic charge per member and
 * month of `last_charge_date` (`patreon:payment:<member>:<YYYY-MM>`); a Refunded one takes that
 * charge back whole (`patreon:refund:<member>:<YYYY-MM>`). Amounts are the campaign's currency,
 * which the member does not name: PATREON_CURRENCY (default USD).
 */

export const PATREON_EVENTS = [
  'members:create',
  'members:update',
  'members:delete',
  'members:pledge:create',
  'members:pledge:update',
  'members:pledge:delete',
] as const

interface MemberAttributes {
  pledge_relationship_start?: unknown
  currently_entitled_amount_cents?: unknown
  last_charge_date?: unknown
  last_charge_status?: unknown
  patron_status?: unknown
}

/** Unix seconds a member's state is as of: its last charge, else its pledge's start, else 0. */
function stateTime(a: MemberAttributes): number {
  for (const v of [a.last_charge_date, a.pledge_relationship_start]) {
    const t = typeof v === 'string' ? Date.parse(v) : Number.NaN
    if (Number.isFinite(t)) return Math.floor(t / 1000)
  }
  return 0
}

/** The Patreon campaign a member document names, as a claim (`patreon:<id>`), or null. */
export function patreonOrigin(body: Record<string, unknown>): string | null {
  const data = (body.data ?? {}) as { relationships?: { campaign?: { data?: { id?: unknown } } } }
  const id = idOrNull(data.relationships?.campaign?.data?.id)
  return id ? claimOf('patreon', id) : null
}

export function mapPatreon(
  body: Record<string, unknown>,
  trigger: string,
  _received: number,
  currency: string,
): Mapped {
  if (!(PATREON_EVENTS as readonly string[]).includes(trigger)) return { money: [], facts: [] }
  const data = objectOf(body.data, 'Patreon document data')
  if (data.type !== 'member') throw new MalformedEvent('Patreon document data is not a member')
  const member = idOf(data.id, 'Patreon member')
  const what = `Patreon member ${member}`
  const a = objectOf(data.attributes, `${what} attributes`) as MemberAttributes
  const cents = minorOfInt(a.currently_entitled_amount_cents ?? 0, what)
  const rel = (data.relationships ?? {}) as { campaign?: { data?: { id?: unknown } } }
  const campaignId = idOrNull(rel.campaign?.data?.id)
  const origin = campaignId ? claimOf('patreon', campaignId) : null
  const code = currencyOf(currency, what)
  const gone =
    trigger.endsWith(':delete') ||
    a.patron_status === 'former_patron' ||
    a.patron_status === 'declined_patron'
  const subscription = subscriptionState('patreon', {
    id: member,
    campaign: null,
    status: gone || a.patron_status !== 'active_patron' ? 'canceled' : 'active',
    monthly: cents,
    currency: code,
    // Patreon's events carry no time of their own: states are ordered by the member's latest
    // charge (else its pledge's start), never by arrival, so shuffled deliveries end the same.
    at: stateTime(a),
    step: gone ? 'cancelled' : trigger.endsWith(':create') ? 'started' : 'updated',
  })
  const money: MoneyEffect[] = []
  const status = a.last_charge_status
  if ((status === 'Paid' || status === 'Refunded') && a.last_charge_date && cents > 0) {
    const at = unixOf(a.last_charge_date, `${what} last charge`)
    const period = `${member}:${monthOf(at)}`
    money.push(...chargeOf(period, cents, code, at, { origin, trigger }, status === 'Refunded'))
  }
  return { money, facts: [], subscription }
}

/**
 * A member's charge of one month (`period` = `<member>:<YYYY-MM>`), and its refund when the
 * charge is refunded: the same keys whether a delivery or the members API tells it.
 */
export function chargeOf(
  period: string,
  cents: number,
  currency: string,
  at: number,
  data: Record<string, unknown>,
  refunded: boolean,
): MoneyEffect[] {
  const paid = payment('patreon', {
    id: period,
    amount: cents,
    currency,
    occurredAt: at,
    campaign: null,
    data,
  })
  if (!refunded) return [paid]
  return [
    paid,
    {
      ...paid,
      entryKey: providerKey('patreon', 'refund', period),
      kind: 'refund',
      paymentRef: providerRef('patreon', period),
      amount: -cents,
      paymentCreated: null,
      data: { provider: 'patreon', reverses: period },
    },
  ]
}
