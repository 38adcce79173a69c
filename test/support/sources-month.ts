import { type FakeOpenCollective, ocActivity } from './fake-opencollective.js'
import type { FakePaypal } from './fake-paypal.js'
import { captureCompleted, captureRefund } from './paypal-events.js'
import {
  bmcDelivery,
  bmcEvent,
  type Delivery,
  donorboxDelivery,
  donorboxDonation,
  githubDelivery,
  kofiData,
  kofiDelivery,
  patreonDelivery,
  patreonMember,
  sponsorship,
} from './source-events.js'
import { donation, event, paymentIntent, refund, sign, unix } from './stripe-events.js'

/**
 * A month (2026-11) of money from Stripe, PayPal and every built receive-only source, all for
 * the campaign `news`: Stripe and PayPal name it (metadata.campaign, custom_id), the sources
 * reach it by its claim (`sources`). Each delivery signed as its platform signs it.
 */
export function sourcesMonth(paypal: FakePaypal, oc: FakeOpenCollective): Delivery[] {
  // Open Collective: the collective webpack (claimed by news) gets 33, then 3 of another back.
  oc.contribution(7001, 3300)
  oc.contribution(7002, 300)
  oc.refund(7003, 7002, 300)
  const d = donation({ amount: 2500, created: unix('2026-11-10T12:00:00Z'), campaign: 'news' })
  const stripe = (e: ReturnType<typeof event>): Delivery => {
    const body = JSON.stringify(e)
    return {
      path: '/webhooks/stripe',
      body,
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': sign(body) },
    }
  }
  const pp = (e: unknown): Delivery => {
    const body = JSON.stringify(e)
    return { path: '/webhooks/paypal', body, headers: paypal.sign(body) }
  }
  const a = 'MDExOlNwb25zb3JzaGlwMQ=='
  const b = 'MDExOlNwb25zb3JzaGlwMg=='
  return [
    stripe(event('payment_intent.succeeded', paymentIntent(d), d.created)),
    stripe(event('refund.created', refund(d, 1000, 'succeeded'), d.created + 3600)),
    pp(captureCompleted('C1000000000000001', '15.00', { customId: 'news', fee: '0.80' })),
    pp(captureRefund('R1000000000000001', 'C1000000000000001', '5.00')),
    pp(captureCompleted('C2000000000000002', '20.00')),
    githubDelivery(sponsorship('created', a, { cents: 500 }), 'gh-1'),
    githubDelivery(sponsorship('created', b, { cents: 2500, oneTime: true }), 'gh-2'),
    githubDelivery(sponsorship('pending_cancellation', a, { cents: 500 }), 'gh-3'),
    kofiDelivery(kofiData('kf-m-1', 'kf-1', '3.00')),
    kofiDelivery(kofiData('kf-m-2', 'kf-2', '5', { type: 'Subscription', subscription: true })),
    bmcDelivery(bmcEvent('donation.created', 1, 58, 5)),
    bmcDelivery(bmcEvent('donation.created', 2, 59, '15.00')),
    bmcDelivery(bmcEvent('donation.refunded', 3, 59, '15.00')),
    bmcDelivery(bmcEvent('membership.started', 4, 7, 10)),
    bmcDelivery(bmcEvent('donation.created', 5, 60, 50, { live: false })),
    // Donorbox's campaign 4242, claimed by news (`donorbox:4242`): 40, then 10 of it refunded.
    donorboxDelivery(donorboxDonation(1, '40.0', { campaignId: 4242, fee: 1.46 })),
    donorboxDelivery(
      donorboxDonation(1, '40.0', { campaignId: 4242, refunded: '10.0', fee: 1.46 }),
    ),
    // Patreon: a member's November charge, sent on pledge and on update (claimed: `patreon`).
    patreonDelivery(patreonMember(MEMBER, { cents: 700 }), 'members:pledge:create'),
    patreonDelivery(patreonMember(MEMBER, { cents: 700 }), 'members:update'),
    ocActivity(7001),
    ocActivity(7002),
    ocActivity(7003),
  ]
}

const MEMBER = 'd485d5ac-6c82-42c6-9c08-c50cf01b73d7'

/** What sourcesMonth() adds up to, by provider (minor units of USD). */
export const SOURCES_MONTH = {
  // 25 - 10 refunded, 15 - 5 refunded + 20, 5 a month + 25 once, 3 + 5, 5 + 15 - 15 + 10, 40 - 10, 7, 33 + 3 - 3
  bySource: {
    stripe: { pledged: 1500, donations: 1, verified: true },
    paypal: { pledged: 3000, donations: 2, verified: true },
    github: { pledged: 3000, donations: 2, verified: false },
    kofi: { pledged: 800, donations: 2, verified: false },
    buymeacoffee: { pledged: 1500, donations: 3, verified: false },
    donorbox: { pledged: 3000, donations: 1, verified: true },
    patreon: { pledged: 700, donations: 1, verified: false },
    opencollective: { pledged: 3300, donations: 2, verified: true },
  },
  pledged: 16800,
  donations: 14,
}
