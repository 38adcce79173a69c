import type { Mapped } from '../../ingest/facts.js'
import { currencyOf, idOf, minorOfMajor, monthOf, objectOf } from '../fields.js'
import { payment, refund, subscriptionState } from '../money.js'

/**
 * Buy Me a Coffee's events as neutral facts (pure). The envelope {type, live_mode, attempt,
 * created (unix), event_id, data{id, amount (major units), currency, status, refunded,
 * created_at}} as its "Send Test" posts it (help.buymeacoffee.com/en/articles/8210728; a captured
 * test: PremiereEcoute's BuyMeACoffeeControllerTest). A donation is `buymeacoffee:payment:<id>`
 * and its refund `buymeacoffee:refund:<id>`; a membership renews without an event, so it counts
 * one synthetic charge per member and month (`buymeacoffee:payment:membership-<id>:<YYYY-MM>`).
 * `live_mode: false` (a test) counts nothing.
 */

export const BMC_EVENTS = [
  'donation.created',
  'donation.refunded',
  'membership.started',
  'membership.updated',
  'membership.cancelled',
] as const

const NONE: Mapped = { money: [], facts: [] }

export interface BmcEnvelope {
  type?: unknown
  live_mode?: unknown
  created?: unknown
  event_id?: unknown
  data?: unknown
}

const unixOrNull = (v: unknown) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null

export function mapBmc(e: BmcEnvelope, created: number): Mapped {
  if (e.live_mode !== true || !(BMC_EVENTS as readonly unknown[]).includes(e.type)) return NONE
  const d = objectOf(e.data, `Buy Me a Coffee ${String(e.type)} data`)
  const id = idOf(d.id, `Buy Me a Coffee ${String(e.type)}`)
  const what = `Buy Me a Coffee ${String(e.type)} ${id}`
  const currency = currencyOf(d.currency, what)
  const amount = minorOfMajor(d.amount, currency, what)
  const at = unixOrNull(d.created_at) ?? created
  switch (e.type) {
    case 'donation.created':
      return {
        money:
          amount > 0
            ? [
                payment('buymeacoffee', {
                  id,
                  amount,
                  currency,
                  occurredAt: at,
                  campaign: null,
                  data: { type: e.type },
                }),
              ]
            : [],
        facts: [],
      }
    case 'donation.refunded':
      return {
        money: [refund('buymeacoffee', { id, paid: id, amount, currency, occurredAt: created })],
        facts: [],
      }
    default: {
      const member = `membership-${id}`
      const cancelled = e.type === 'membership.cancelled'
      const subscription = subscriptionState('buymeacoffee', {
        id: member,
        campaign: null,
        status: cancelled ? 'canceled' : 'active',
        monthly: amount,
        currency,
        at: created,
        step: cancelled ? 'cancelled' : e.type === 'membership.started' ? 'started' : 'updated',
      })
      const charge =
        e.type === 'membership.started' && amount > 0
          ? [
              payment('buymeacoffee', {
                id: `${member}:${monthOf(at)}`,
                amount,
                currency,
                occurredAt: at,
                campaign: null,
                data: { type: e.type, membership: id },
              }),
            ]
          : []
      return { money: charge, facts: [], subscription }
    }
  }
}
