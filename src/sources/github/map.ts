import type { Mapped } from '../../ingest/facts.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { idOf, minorOfInt, monthOf, objectOf, unixOf } from '../fields.js'
import { payment, subscriptionState } from '../money.js'

/**
 * GitHub Sponsors' `sponsorship` event as neutral facts (pure). Shapes: octokit/webhooks
 * payload-examples/api.github.com/sponsorship/*.payload.json (docs/sources.md). GitHub sends no
 * renewal and no refund: a sponsorship's money is one synthetic charge per sponsor and month
 * (`github:payment:<node_id>:<YYYY-MM>`), or one for a one-time tier (`github:payment:<node_id>`),
 * so a re-sent event never counts twice. Always US dollars.
 */

const NONE: Mapped = { money: [], facts: [] }

/** The actions money or state is read from; the others (edited, pending_*) are ignored. */
export const GITHUB_ACTIONS = ['created', 'tier_changed', 'cancelled'] as const

interface Tier {
  monthly_price_in_cents?: unknown
  is_one_time?: unknown
}

export function mapSponsorship(body: Record<string, unknown>, received: number): Mapped {
  const action = body.action
  if (action !== 'created' && action !== 'tier_changed' && action !== 'cancelled') return NONE
  const s = objectOf(body.sponsorship, 'GitHub sponsorship')
  const node = idOf(s.node_id, 'GitHub sponsorship')
  const tier = objectOf(s.tier, `GitHub sponsorship ${node} tier`) as Tier
  const cents = minorOfInt(tier.monthly_price_in_cents, `GitHub sponsorship ${node} tier`)
  if (typeof tier.is_one_time !== 'boolean') {
    throw new MalformedEvent(`GitHub sponsorship ${node} tier has no is_one_time`)
  }
  const oneTime = tier.is_one_time
  const created = unixOf(s.created_at, `GitHub sponsorship ${node}`)
  const sub = (status: 'active' | 'canceled', step: 'started' | 'updated' | 'cancelled') =>
    oneTime
      ? undefined
      : subscriptionState('github', {
          id: node,
          campaign: null,
          status,
          monthly: cents,
          currency: 'USD',
          at: step === 'started' ? created : received,
          step,
        })
  if (action === 'cancelled') {
    const state = sub('canceled', 'cancelled')
    return state ? { money: [], facts: [], subscription: state } : NONE
  }
  // `created` is sent "once the payment is successfully processed": the month it was created in.
  // `tier_changed` takes effect with a charge at the new tier: the month it arrives in, unless
  // that month's charge is already counted (same key: the first one stands).
  const at = action === 'created' ? created : received
  const id = oneTime ? node : `${node}:${monthOf(at)}`
  const money = payment('github', {
    id,
    amount: cents,
    currency: 'USD',
    occurredAt: at,
    campaign: null,
    data: {
      action,
      oneTime,
      privacy: typeof s.privacy_level === 'string' ? s.privacy_level : null,
    },
  })
  const state = sub('active', action === 'created' ? 'started' : 'updated')
  return { money: cents > 0 ? [money] : [], facts: [], ...(state ? { subscription: state } : {}) }
}
