import type { Mapped, MoneyEffect } from '../../ingest/facts.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { currencyOf, idOf, minorOfMajor, monthOf, unixOf } from '../fields.js'
import { payment, refund, subscriptionState } from '../money.js'

/**
 * Buy Me a Coffee's REST API (developers.buymeacoffee.com/api/v1, Bearer token) as neutral
 * facts (pure), with the keys its webhook mapping gives (src/sources/bmc/map.ts). Its reference
 * sits behind the developer dashboard's login; the shapes here are those of the API's published
 * collection (api-evangelist/buymeacoffee collections/buymeacoffee-supporters-api and
 * -subscriptions-api .postman_collection.json) and of live answers quoted by its users: a
 * supporter {support_id, support_coffees, support_coffee_price ("5.0000"), support_currency,
 * support_created_on ("2025-03-31 10:18:36", UTC), support_updated_on, is_refunded (null)}; a
 * subscription {subscription_id, subscription_coffee_price, subscription_coffee_num,
 * subscription_currency, subscription_created_on, subscription_current_period_start,
 * subscription_cancelled_on, subscription_is_cancelled, subscription_duration_type}.
 *
 * A supporter is `buymeacoffee:payment:<support_id>`, its refund `buymeacoffee:refund:<id>`;
 * a membership counts one charge for the month it started and one for the month of each
 * current period's start, `buymeacoffee:payment:membership-<subscription_id>:<YYYY-MM>`
 * (assumed: the webhook's `data.id` of a membership is its subscription_id).
 */

export interface BmcSupporter {
  support_id?: unknown
  support_coffees?: unknown
  support_coffee_price?: unknown
  support_currency?: unknown
  support_created_on?: unknown
  support_updated_on?: unknown
  is_refunded?: unknown
}

export interface BmcSubscription {
  subscription_id?: unknown
  subscription_coffee_price?: unknown
  subscription_coffee_num?: unknown
  subscription_currency?: unknown
  subscription_created_on?: unknown
  subscription_updated_on?: unknown
  subscription_current_period_start?: unknown
  subscription_cancelled_on?: unknown
  subscription_is_cancelled?: unknown
  subscription_duration_type?: unknown
}

/** Unix seconds of Buy Me a Coffee's time: "YYYY-MM-DD HH:MM:SS" is UTC; ISO-8601 as written. */
export function bmcUnix(v: unknown, what: string): number {
  const plain = typeof v === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)
  return unixOf(plain ? `${v.replace(' ', 'T')}Z` : v, what)
}

const bmcUnixOrNull = (v: unknown, what: string) =>
  v === null || v === undefined || v === '' ? null : bmcUnix(v, what)

/** A count of coffees: a whole number from 1. */
function countOf(v: unknown, what: string): number {
  const n = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : v
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > 1e6) {
    throw new MalformedEvent(`${what} has no number of coffees`)
  }
  return n
}

/** The API's flags come as null, booleans, 0/1 or strings. */
const flag = (v: unknown) =>
  v !== null && v !== undefined && v !== false && v !== 0 && v !== '0' && v !== '' && v !== 'false'

/** A one-time supporter: its payment, and its refund when refunded. */
export function mapBmcSupporter(s: BmcSupporter): Mapped {
  const id = idOf(s.support_id, 'Buy Me a Coffee supporter')
  const what = `Buy Me a Coffee supporter ${id}`
  const currency = currencyOf(s.support_currency, what)
  const amount =
    minorOfMajor(s.support_coffee_price, currency, what) * countOf(s.support_coffees, what)
  const at = bmcUnix(s.support_created_on, what)
  if (amount <= 0) return { money: [], facts: [] }
  const money: MoneyEffect[] = [
    payment('buymeacoffee', {
      id,
      amount,
      currency,
      occurredAt: at,
      campaign: null,
      data: { type: 'api.supporter' },
    }),
  ]
  if (flag(s.is_refunded)) {
    const refundedAt = bmcUnixOrNull(s.support_updated_on, what) ?? at
    money.push(refund('buymeacoffee', { id, paid: id, amount, currency, occurredAt: refundedAt }))
  }
  return { money, facts: [] }
}

/**
 * A membership: the charge of the month it started and the one of its current period, each if
 * within [since, until]; and its state (cancelled, or active at its current amount).
 */
export function mapBmcSubscription(s: BmcSubscription, since: number, until: number): Mapped {
  const id = idOf(s.subscription_id, 'Buy Me a Coffee membership')
  const what = `Buy Me a Coffee membership ${id}`
  const member = `membership-${id}`
  const currency = currencyOf(s.subscription_currency, what)
  const amount =
    minorOfMajor(s.subscription_coffee_price, currency, what) *
    countOf(s.subscription_coffee_num ?? 1, what)
  const created = bmcUnix(s.subscription_created_on, what)
  const period = bmcUnixOrNull(s.subscription_current_period_start, what) ?? created
  const cancelledOn = bmcUnixOrNull(s.subscription_cancelled_on, what)
  const charges = new Map<string, number>()
  for (const at of [created, period]) {
    const paid = at === created || cancelledOn === null || cancelledOn >= at
    if (paid && at >= since && at <= until && !charges.has(monthOf(at))) {
      charges.set(monthOf(at), at)
    }
  }
  const money =
    amount > 0
      ? [...charges].map(([month, at]) =>
          payment('buymeacoffee', {
            id: `${member}:${month}`,
            amount,
            currency,
            occurredAt: at,
            campaign: null,
            data: { type: 'api.membership', membership: id },
          }),
        )
      : []
  const cancelled = flag(s.subscription_is_cancelled)
  // A yearly membership's monthly share, in whole minor units.
  const monthly = s.subscription_duration_type === 'year' ? Math.floor(amount / 12) : amount
  return {
    money,
    facts: [],
    subscription: subscriptionState('buymeacoffee', {
      id: member,
      campaign: null,
      status: cancelled ? 'canceled' : 'active',
      monthly,
      currency,
      at: cancelled ? (cancelledOn ?? period) : period,
      step: cancelled ? 'cancelled' : 'updated',
    }),
  }
}
