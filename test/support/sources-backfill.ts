import type { Config } from '../../src/config.js'
import { runSourcesCheck } from '../../src/sources/backfill/check.js'
import type { Store } from '../../src/store/store.js'
import { stripeIngest } from '../../src/stripe/ingest.js'
import { type FakeOpenCollective, ocActivity } from './fake-opencollective.js'
import {
  bmcSubscription,
  bmcSupporter,
  type FakeSourceApis,
  ghCancelled,
  ghSponsorship,
} from './fake-source-apis.js'
import {
  bmcDelivery,
  bmcEvent,
  type Delivery,
  donorboxDelivery,
  donorboxDonation,
  githubDelivery,
  patreonDelivery,
  patreonMember,
  sponsorship,
} from './source-events.js'
import { unix } from './stripe-events.js'

/**
 * Two months (2026-11, 2026-12) of the platforms with an API, for the campaign `news`: what
 * their webhooks told (month 1 of a GitHub sponsor and of a Buy Me a Coffee member, a Donorbox
 * donation before its refund, one Open Collective contribution, a Patreon charge) and what only
 * their APIs show (each monthly renewal, missed gifts, refunds, a cancelled sponsor).
 */

export const NOW = '2026-12-20T12:00:00Z'
/** The hourly check that falls after both December renewals (14 December) within its 48 h. */
export const CHECK_AT = new Date('2026-12-15T00:10:00Z')
/** A check before them: it finds neither. */
export const EARLY_CHECK_AT = new Date('2026-12-14T00:10:00Z')

export const GH_A = 'MDExOlNwb25zb3JzaGlwQQ=='
export const GH_B = 'MDExOlNwb25zb3JzaGlwQg=='
export const GH_C = 'MDExOlNwb25zb3JzaGlwQw=='
const SPONSOR_B = 'MDQ6VXNlcjM='
export const MEMBER = 'd485d5ac-6c82-42c6-9c08-c50cf01b73d7'
export const CLAIMS = [
  'github',
  'buymeacoffee',
  'donorbox:4242',
  'patreon',
  'opencollective:webpack',
]

/** Fills the fakes with what each platform's API holds. */
export function fillApis(apis: FakeSourceApis, oc: FakeOpenCollective): void {
  // GitHub: A monthly since 14 Nov (active); B monthly since 5 Nov, cancelled 20 Nov (its
  // webhooks were missed); C a one-time gift on 2 Dec (missed).
  apis.sponsorships.push(
    ghSponsorship(GH_A, { createdAt: '2026-11-14T08:00:00Z', cents: 500 }),
    ghSponsorship(GH_B, {
      createdAt: '2026-11-05T10:00:00Z',
      cents: 1000,
      active: false,
      sponsor: SPONSOR_B,
    }),
    ghSponsorship(GH_C, { createdAt: '2026-12-02T00:00:00Z', cents: 2500, oneTime: true }),
  )
  // B's November charge refunded on 25 November (its activity names no charge: the latest).
  apis.activities.push(ghCancelled(SPONSOR_B, '2026-11-20T00:00:00Z'), {
    action: 'REFUND',
    timestamp: '2026-11-25T00:00:00Z',
    sponsorsTier: { monthlyPriceInCents: 1000 },
    sponsor: { id: SPONSOR_B },
  })
  // Buy Me a Coffee: member 7 (10 a month) renewed on 14 Dec; supporter 61 (3 coffees of 5)
  // missed by its webhook; supporter 62 told, then refunded.
  apis.subscriptions.push(
    bmcSubscription(7, { created: '2026-11-14 23:46:40', periodStart: '2026-12-14 23:46:40' }),
  )
  apis.supporters.push(
    bmcSupporter(61, { created: '2026-12-03 10:00:00', coffees: 3 }),
    bmcSupporter(62, {
      created: '2026-12-04 10:00:00',
      refunded: true,
      updated: '2026-12-05 09:00:00',
    }),
  )
  // Donorbox: donation 1 (40) now 10 refunded; donation 2 (20) missed.
  apis.donations.push(
    donorboxDonation(1, '40.0', {
      campaignId: 4242,
      refunded: '10.0',
      fee: 1.46,
      date: '2026-12-05T10:00:00.000Z',
    }),
    donorboxDonation(2, '20.0', { campaignId: 4242, fee: 0.88, date: '2026-12-06T10:00:00.000Z' }),
  )
  // Open Collective: 33 told; 3 missed and its refund missed.
  oc.contribution(7101, 3300, { createdAt: '2026-12-08T09:00:00.000Z' })
  oc.contribution(7102, 300, { createdAt: '2026-12-09T09:00:00.000Z' })
  oc.refund(7103, 7102, 300, { createdAt: '2026-12-10T09:00:00.000Z' })
  // Patreon: the member's November charge (told) and December's (not told).
  const member = patreonMember(MEMBER, { cents: 700, chargeDate: '2026-12-03T10:00:00+00:00' })
  apis.patreon.set('123456', {
    members: [
      {
        ...member.data,
        relationships: {
          ...member.data.relationships,
          pledge_history: {
            data: [
              { id: 'pledge_start:1', type: 'pledge-event' },
              { id: 'subscription:2', type: 'pledge-event' },
            ],
          },
        },
      },
    ],
    events: [
      pledgeEvent('pledge_start:1', 'pledge_start', '2026-11-03T10:00:00+00:00'),
      pledgeEvent('subscription:2', 'subscription', '2026-12-03T10:00:00+00:00'),
    ],
  })
}

const pledgeEvent = (id: string, type: string, date: string) => ({
  id,
  type: 'pledge-event',
  attributes: {
    amount_cents: 700,
    currency_code: 'USD',
    date,
    payment_status: 'Paid',
    tier_id: '9512023',
    tier_title: 'Reader',
    type,
  },
})

/** What the webhooks delivered (month 1 of each monthly supporter, and some gifts). */
export function webhooks(): Delivery[] {
  return [
    githubDelivery(
      sponsorship('created', GH_A, { cents: 500, createdAt: '2026-11-14T08:00:00+00:00' }),
      'gh-a',
    ),
    bmcDelivery(bmcEvent('membership.started', 4, 7, 10)),
    bmcDelivery(bmcEvent('donation.created', 20, 62, 5, { created: unix('2026-12-04T10:00:00Z') })),
    donorboxDelivery(
      donorboxDonation(1, '40.0', {
        campaignId: 4242,
        fee: 1.46,
        date: '2026-12-05T10:00:00.000Z',
      }),
    ),
    ocActivity(7101),
    patreonDelivery(
      patreonMember(MEMBER, { cents: 700, chargeDate: '2026-11-03T10:00:00+00:00' }),
      'members:update',
    ),
  ]
}

/** Minor units of USD each source adds to news, by month. */
export const EXPECTED = {
  // A's first month (B's is refunded), the member's first month, the patron's November.
  '2026-11': { github: 500, buymeacoffee: 1000, patreon: 700 },
  '2026-12': {
    // A's renewal and C's gift; the member's renewal, 15 from 61, 5 from 62 refunded;
    // 40 - 10 + 20; 33 + 3 - 3; the member's December charge.
    github: 3000,
    buymeacoffee: 2500,
    donorbox: 5000,
    opencollective: 3300,
    patreon: 700,
  },
}

/** The scheduled check as the Node timer and the Workers cron run it, at a given time. */
export function check(store: Store, config: Config, at: Date) {
  return runSourcesCheck(
    { apis: config.sourceApis, store, ingest: stripeIngest({ store, config }) },
    at,
  )
}

/** The synthetic monthly charges of a sponsorship or membership in the ledger, by key. */
export async function chargeKeys(store: Store, like: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('ledger_entries')
    .select('entry_key')
    .where('entry_key', 'like', like)
    .orderBy('entry_key')
    .execute()
  return rows.map((r) => r.entry_key)
}
