import { describe, expect, it } from 'vitest'
import { MONEY_COMMANDS } from '../src/cli/money-commands.js'
import { anniversariesWithin, monthlyAnniversary } from '../src/sources/backfill/months.js'
import { bmcUnix, mapBmcSubscription, mapBmcSupporter } from '../src/sources/bmc/backfill.js'
import { mapBmc } from '../src/sources/bmc/map.js'
import {
  cancellations,
  mapGithubRefund,
  mapGithubSponsorship,
} from '../src/sources/github/backfill.js'
import { mapSponsorship } from '../src/sources/github/map.js'
import { mapPatreonMember } from '../src/sources/patreon/backfill.js'
import { mapPatreon } from '../src/sources/patreon/map.js'
import {
  bmcSubscription,
  bmcSupporter,
  ghCancelled,
  ghSponsorship,
} from './support/fake-source-apis.js'
import { bmcEvent, patreonMember, sponsorship } from './support/source-events.js'
import { unix } from './support/stripe-events.js'

/**
 * The pure mappings of the platforms' APIs (shapes: GitHub's GraphQL schema as
 * octokit/graphql-schema publishes it; Buy Me a Coffee's API collection,
 * api-evangelist/buymeacoffee; Patreon/platform-documentation _resources_v2.md): each gives the
 * key its webhook's mapping gives the same charge, so the two never count it twice.
 */

const keys = (m: { money: { entryKey: string }[] }) => m.money.map((e) => e.entryKey)
const NODE = 'MDExOlNwb25zb3JzaGlwMQ=='

describe('monthly anniversaries', () => {
  it("falls on the same day, or the month's last", () => {
    const jan31 = unix('2027-01-31T09:30:00Z')
    expect(new Date(monthlyAnniversary(jan31, 1) * 1000).toISOString()).toBe(
      '2027-02-28T09:30:00.000Z',
    )
    expect(new Date(monthlyAnniversary(jan31, 2) * 1000).toISOString()).toBe(
      '2027-03-31T09:30:00.000Z',
    )
    expect(new Date(monthlyAnniversary(jan31, 12) * 1000).toISOString()).toBe(
      '2028-01-31T09:30:00.000Z',
    )
    const start = unix('2026-11-14T08:00:00Z')
    expect(
      anniversariesWithin(start, unix('2026-12-01T00:00:00Z'), unix('2027-02-14T07:59:59Z')),
    ).toEqual([unix('2026-12-14T08:00:00Z'), unix('2027-01-14T08:00:00Z')])
  })
})

describe("GitHub's sponsorships", () => {
  const since = unix('2026-11-01T00:00:00Z')
  const until = unix('2027-01-20T00:00:00Z')

  it("counts a monthly sponsor's months under the created webhook's key", () => {
    const webhook = mapSponsorship(
      sponsorship('created', NODE, { cents: 500, createdAt: '2026-11-14T08:00:00+00:00' }),
      unix('2026-11-14T08:00:01Z'),
    )
    const api = mapGithubSponsorship(
      ghSponsorship(NODE, { createdAt: '2026-11-14T08:00:00Z', cents: 500 }),
      new Map(),
      since,
      until,
    )
    expect(keys(api)).toEqual([
      `github:payment:${NODE}:2026-11`,
      `github:payment:${NODE}:2026-12`,
      `github:payment:${NODE}:2027-01`,
    ])
    expect(keys(api)[0]).toBe(keys(webhook)[0])
    expect(api.money.map((m) => m.amount)).toEqual([500, 500, 500])
    expect(api.subscription).toMatchObject({ status: 'active', monthly: 500, currency: 'USD' })
  })

  it('stops at a cancellation, and counts a one-time gift once under its own key', () => {
    const sponsor = 'MDQ6VXNlcjM='
    const cancelled = cancellations([
      ghCancelled(sponsor, '2026-12-20T00:00:00Z'),
      { action: 'NEW_SPONSORSHIP', timestamp: '2026-11-14T08:00:00Z', sponsor: { id: sponsor } },
    ])
    const s = ghSponsorship(NODE, { createdAt: '2026-11-14T08:00:00Z', active: false, sponsor })
    const api = mapGithubSponsorship(s, cancelled, since, until)
    expect(keys(api)).toEqual([`github:payment:${NODE}:2026-11`, `github:payment:${NODE}:2026-12`])
    expect(api.subscription).toMatchObject({ status: 'canceled' })
    // Inactive and no cancellation known: only the first month, which its payment proved.
    expect(keys(mapGithubSponsorship(s, new Map(), since, until))).toEqual([
      `github:payment:${NODE}:2026-11`,
    ])
    const once = ghSponsorship(NODE, {
      createdAt: '2026-12-02T00:00:00Z',
      cents: 2500,
      oneTime: true,
    })
    const webhook = mapSponsorship(
      sponsorship('created', NODE, {
        cents: 2500,
        oneTime: true,
        createdAt: '2026-12-02T00:00:00Z',
      }),
      unix('2026-12-02T00:00:01Z'),
    )
    expect(keys(mapGithubSponsorship(once, new Map(), since, until))).toEqual(keys(webhook))
    expect(mapGithubSponsorship(once, new Map(), since, until).subscription).toBeUndefined()
  })

  it('takes a REFUND back from the latest charge before it, of the activity tier', () => {
    const sponsor = 'MDQ6VXNlcjM='
    const monthly = ghSponsorship(NODE, { createdAt: '2026-11-14T08:00:00Z', cents: 500, sponsor })
    const refund = (timestamp: string, cents?: number) => ({
      action: 'REFUND',
      timestamp,
      sponsor: { id: sponsor },
      ...(cents === undefined ? {} : { sponsorsTier: { monthlyPriceInCents: cents } }),
    })
    const dec = mapGithubRefund(refund('2026-12-20T00:00:00Z', 700), [monthly])
    expect(dec?.money.map((m) => [m.entryKey, m.paymentRef, m.amount])).toEqual([
      [`github:refund:${NODE}:2026-12`, `github:${NODE}:2026-12`, -700],
    ])
    // Before the December anniversary: November's charge, at the sponsorship's price.
    const nov = mapGithubRefund(refund('2026-12-10T00:00:00Z'), [monthly])
    expect(nov?.money.map((m) => [m.entryKey, m.amount])).toEqual([
      [`github:refund:${NODE}:2026-11`, -500],
    ])
    const once = { ...monthly, isOneTimePayment: true }
    expect(mapGithubRefund(refund('2026-12-20T00:00:00Z'), [once])?.money[0]?.entryKey).toBe(
      `github:refund:${NODE}`,
    )
    // Another sponsor's, or one before the sponsorship: not this one's.
    expect(mapGithubRefund(refund('2026-11-01T00:00:00Z'), [monthly])).toBeNull()
    expect(
      mapGithubRefund({ ...refund('2026-12-20T00:00:00Z'), sponsor: { id: 'x' } }, [monthly]),
    ).toBeNull()
  })

  it('refuses a sponsorship without its tier', () => {
    const s = { ...ghSponsorship(NODE, { createdAt: '2026-11-14T08:00:00Z' }), tier: null }
    expect(() => mapGithubSponsorship(s, new Map(), since, until)).toThrow(/tier/)
  })
})

describe("Buy Me a Coffee's supporters and memberships", () => {
  it('reads its times as UTC', () => {
    expect(bmcUnix('2026-11-14 23:46:40', 'x')).toBe(1794700000)
    expect(bmcUnix('2026-11-14T23:46:40Z', 'x')).toBe(1794700000)
  })

  it("counts a membership's first and current months under the webhook's key", () => {
    const webhook = mapBmc(bmcEvent('membership.started', 4, 7, 10), 1794700000)
    const sub = bmcSubscription(7, {
      created: '2026-11-14 23:46:40',
      periodStart: '2026-12-14 23:46:40',
    })
    const api = mapBmcSubscription(sub, unix('2026-11-01T00:00:00Z'), unix('2026-12-20T00:00:00Z'))
    expect(keys(api)).toEqual([
      'buymeacoffee:payment:membership-7:2026-11',
      'buymeacoffee:payment:membership-7:2026-12',
    ])
    expect(keys(api)[0]).toBe(keys(webhook)[0])
    expect(api.money.map((m) => m.amount)).toEqual([1000, 1000])
    // Within the last two days only the renewal; a membership cancelled before it has none.
    const recent = [unix('2026-12-13T00:00:00Z'), unix('2026-12-15T00:00:00Z')] as const
    expect(keys(mapBmcSubscription(sub, ...recent))).toEqual([
      'buymeacoffee:payment:membership-7:2026-12',
    ])
    const ended = {
      ...sub,
      subscription_cancelled_on: '2026-12-01 00:00:00',
      subscription_is_cancelled: true,
    }
    const none = mapBmcSubscription(ended, ...recent)
    expect(keys(none)).toEqual([])
    expect(none.subscription).toMatchObject({ status: 'canceled' })
  })

  it("counts a supporter's coffees and its refund under the webhook's keys", () => {
    const s = bmcSupporter(62, { created: '2026-12-04 10:00:00', coffees: 3, refunded: true })
    const api = mapBmcSupporter(s)
    const webhook = [
      ...mapBmc(bmcEvent('donation.created', 1, 62, 15), 1).money,
      ...mapBmc(bmcEvent('donation.refunded', 2, 62, 15), 2).money,
    ]
    expect(keys(api)).toEqual(webhook.map((m) => m.entryKey))
    expect(api.money.map((m) => m.amount)).toEqual([1500, -1500])
    expect(() => mapBmcSupporter({ ...s, support_coffee_price: '5.001' })).toThrow(/not exact/)
  })
})

describe("Patreon's pledge history", () => {
  it("counts each Paid month under the webhook's key, a Refunded one back whole", () => {
    const member = 'd485d5ac-6c82-42c6-9c08-c50cf01b73d7'
    const doc = patreonMember(member, { cents: 700, chargeDate: '2026-12-03T10:00:00+00:00' })
    const ev = (id: string, type: string, date: string, status = 'Paid') => ({
      id,
      type: 'pledge-event',
      attributes: { type, date, amount_cents: 700, currency_code: 'USD', payment_status: status },
    })
    const events = new Map(
      [
        ev('a', 'pledge_start', '2026-11-03T10:00:00+00:00'),
        ev('b', 'subscription', '2026-12-03T10:00:00+00:00', 'Refunded'),
        ev('c', 'pledge_upgrade', '2026-12-05T10:00:00+00:00'),
        ev('d', 'subscription', '2027-01-03T10:00:00+00:00', 'Declined'),
      ].map((e) => [e.id, e]),
    )
    const m = {
      ...doc.data,
      relationships: { pledge_history: { data: [...events.keys()].map((id) => ({ id })) } },
    }
    const api = mapPatreonMember(m, events, '123456', 'USD', 0, unix('2027-02-01T00:00:00Z'))
    expect(keys(api)).toEqual([
      `patreon:payment:${member}:2026-11`,
      `patreon:payment:${member}:2026-12`,
      `patreon:refund:${member}:2026-12`,
    ])
    const webhook = mapPatreon(
      patreonMember(member, {
        cents: 700,
        chargeDate: '2026-12-03T10:00:00+00:00',
        status: 'Refunded',
      }),
      'members:update',
      0,
      'USD',
    )
    expect(keys(webhook)).toEqual(keys(api).slice(1))
    expect(api.subscription).toEqual(webhook.subscription)
  })
})

describe('the CLI', () => {
  it('posts `sources backfill SOURCE --since` to the admin route', async () => {
    const call = MONEY_COMMANDS['sources backfill']?.call
    const helpers = {
      amountRulesOf: () => Promise.reject(new Error('not used')),
      readFile: () => Promise.reject(new Error('not used')),
    }
    expect(await call?.(['github'], { since: '2026-11-01T00:00:00Z' }, helpers)).toEqual({
      method: 'POST',
      path: '/api/admin/sources/github/backfill',
      body: { since: '2026-11-01T00:00:00Z' },
    })
  })
})
