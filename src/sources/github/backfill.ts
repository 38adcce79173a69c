import type { Mapped, MoneyEffect } from '../../ingest/facts.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { anniversariesWithin } from '../backfill/months.js'
import { idOf, idOrNull, minorOfInt, monthOf, unixOf } from '../fields.js'
import { payment, refund, subscriptionState } from '../money.js'

/**
 * GitHub Sponsors' GraphQL API as neutral facts (pure), with the keys the `sponsorship` webhook
 * gives (src/sources/github/map.ts): a sponsorship's node id is its GraphQL `id`. Shapes from
 * GitHub's GraphQL schema (octokit/graphql-schema schema.graphql, as docs.github.com/graphql
 * renders it): `Sponsorship` {id, createdAt, isActive, isOneTimePayment, tierSelectedAt,
 * tier: SponsorsTier {monthlyPriceInCents, isOneTime}, sponsorEntity: Sponsor (User |
 * Organization) {id}}; `SponsorsActivity` {action: SponsorsActivityAction (CANCELLED_SPONSORSHIP,
 * NEW_SPONSORSHIP, PENDING_CHANGE, REFUND, SPONSOR_MATCH_DISABLED, TIER_CHANGE), timestamp,
 * sponsor {id}}.
 *
 * GitHub tells no renewal: a monthly sponsorship counts one charge at each monthly anniversary
 * of its start at which it was active, `github:payment:<id>:<YYYY-MM>` (the first is the one
 * the `created` webhook counts); a one-time one is `github:payment:<id>`. Active at a time: the
 * sponsorship is active now and no cancellation of its sponsor followed its start, or a
 * cancellation (CANCELLED_SPONSORSHIP, its time) came after that time. A REFUND activity takes
 * back the charge it most likely refunded (mapGithubRefund).
 */

export interface GithubSponsorship {
  id?: unknown
  createdAt?: unknown
  isActive?: unknown
  isOneTimePayment?: unknown
  tierSelectedAt?: unknown
  tier?: { monthlyPriceInCents?: unknown; isOneTime?: unknown } | null
  sponsorEntity?: { id?: unknown } | null
}

export interface GithubActivity {
  action?: unknown
  timestamp?: unknown
  sponsor?: { id?: unknown } | null
}

/** When each sponsor's sponsorship was cancelled, from the activities (earliest per sponsor). */
export function cancellations(activities: readonly GithubActivity[]): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const a of activities) {
    if (a.action !== 'CANCELLED_SPONSORSHIP') continue
    const sponsor = idOrNull(a.sponsor?.id)
    if (!sponsor || typeof a.timestamp !== 'string') continue
    const at = unixOf(a.timestamp, 'GitHub Sponsors activity')
    out.set(
      sponsor,
      [...(out.get(sponsor) ?? []), at].sort((x, y) => x - y),
    )
  }
  return out
}

/** One sponsorship's charges within [since, until] and its state, as facts. */
export function mapGithubSponsorship(
  s: GithubSponsorship,
  cancelled: Map<string, number[]>,
  since: number,
  until: number,
): Mapped {
  const id = idOf(s.id, 'GitHub sponsorship')
  const what = `GitHub sponsorship ${id}`
  if (typeof s.isOneTimePayment !== 'boolean' || typeof s.isActive !== 'boolean') {
    throw new MalformedEvent(`${what} has no isOneTimePayment or isActive`)
  }
  const cents = minorOfInt(s.tier?.monthlyPriceInCents, `${what} tier`)
  const created = unixOf(s.createdAt, what)
  const charge = (key: string, at: number): MoneyEffect =>
    payment('github', {
      id: key,
      amount: cents,
      currency: 'USD',
      occurredAt: at,
      campaign: null,
      data: { action: 'api', oneTime: s.isOneTimePayment },
    })
  if (s.isOneTimePayment) {
    const inWindow = created >= since && created <= until && cents > 0
    return { money: inWindow ? [charge(id, created)] : [], facts: [] }
  }
  const sponsor = idOrNull(s.sponsorEntity?.id)
  const cancelAt = (sponsor ? (cancelled.get(sponsor) ?? []) : []).find((t) => t > created)
  const activeAt = (t: number) => (cancelAt !== undefined ? t < cancelAt : s.isActive === true)
  const money =
    cents > 0
      ? anniversariesWithin(created, since, until)
          .filter((t) => t === created || activeAt(t))
          .map((t) => charge(`${id}:${monthOf(t)}`, t))
      : []
  const ended = cancelAt !== undefined || !s.isActive
  const selected = typeof s.tierSelectedAt === 'string' ? unixOf(s.tierSelectedAt, what) : created
  return {
    money,
    facts: [],
    subscription: subscriptionState('github', {
      id,
      campaign: null,
      status: ended ? 'canceled' : 'active',
      monthly: cents,
      currency: 'USD',
      at: cancelAt ?? Math.max(selected, created),
      step: ended ? 'cancelled' : 'updated',
    }),
  }
}

/**
 * A REFUND activity as the refund of the charge it most likely took back (pure): the
 * sponsor's sponsorship started last before it; for a one-time one its payment, for a monthly
 * one the charge of its latest anniversary before the refund, `github:refund:<id>[:<YYYY-MM>]`,
 * of the activity's tier price (else the sponsorship's). GitHub's activity names no
 * sponsorship, charge or amount of its own: the month is inferred. Null when no sponsorship
 * of that sponsor is known.
 */
export function mapGithubRefund(
  a: GithubActivity & { sponsorsTier?: { monthlyPriceInCents?: unknown } | null },
  sponsorships: readonly GithubSponsorship[],
): Mapped | null {
  if (a.action !== 'REFUND') return null
  const sponsor = idOrNull(a.sponsor?.id)
  const at = unixOf(a.timestamp, 'GitHub Sponsors refund')
  const s = sponsorships
    .filter((x) => sponsor !== null && idOrNull(x.sponsorEntity?.id) === sponsor)
    .map((x) => ({ x, created: unixOf(x.createdAt, 'GitHub sponsorship') }))
    .filter((x) => x.created <= at)
    .sort((p, q) => q.created - p.created)[0]
  if (!s) return null
  const id = idOf(s.x.id, 'GitHub sponsorship')
  const cents = minorOfInt(
    a.sponsorsTier?.monthlyPriceInCents ?? s.x.tier?.monthlyPriceInCents,
    `GitHub refund of ${id}`,
  )
  const charged = anniversariesWithin(s.created, s.created, at).at(-1) ?? s.created
  const paid = s.x.isOneTimePayment === true ? id : `${id}:${monthOf(charged)}`
  return {
    money:
      cents > 0
        ? [refund('github', { id: paid, paid, amount: cents, currency: 'USD', occurredAt: at })]
        : [],
    facts: [],
  }
}
