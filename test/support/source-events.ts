import { createHmac } from 'node:crypto'
import type { TestApp } from './harness.js'

/**
 * The receive-only sources' deliveries as their platforms send them, signed here as they sign
 * them (the platforms' APIs are the only fakes). Shapes, each from its platform's published
 * examples:
 * - GitHub: octokit/webhooks payload-examples/api.github.com/sponsorship/created.payload.json
 *   and downgraded.payload.json (action pending_tier_change, changes.tier.from, effective_date).
 * - Ko-fi: ko-fi.com/manage/webhooks as quoted at meta.discourse.org/t/255047 (form field
 *   `data`), the example payload at docs.christinak.ca/docs/extensions/ko-fi, and
 *   antfu-collective/sponsorkit src/providers/kofi.test.ts (createBody).
 * - Donorbox: donorbox/donorbox-api README.md (a donation's fields), payload v1 an array of one
 *   donation, signed `Donorbox-Signature: <ts>,<hex HMAC-SHA256 of ts.body>`
 *   (donorbox.zendesk.com/hc/en-us/articles/17982194843028).
 * - Patreon: Patreon/platform-documentation source/includes/_webhooks_v2.md ("Webhook
 *   Responses": a JSON:API `member` document; X-Patreon-Signature the hex HMAC-MD5 of the body).
 * - Buy Me a Coffee: help.buymeacoffee.com/en/articles/15743173 (x-signature-sha256 over the raw
 *   body) and a captured "Send Test" envelope {type, live_mode, attempt, created, event_id,
 *   data{id, amount, object, status, currency, refunded, created_at}} (PremiereEcoute's
 *   BuyMeACoffeeControllerTest).
 */

export const SECRETS = {
  github: 'gh-webhook-secret-1',
  kofi: 'kofi-token-0b6a4e4c-1f4e',
  buymeacoffee: 'bmc-signing-secret-1',
  donorbox: 'donorbox-webhook-secret-1',
  patreon: 'hereisaverycomplexsecret',
}

/** The settings that turn every built source on. */
export const sourcesEnv = (): Record<string, string> => ({
  GITHUB_WEBHOOK_SECRET: SECRETS.github,
  KOFI_VERIFICATION_TOKEN: SECRETS.kofi,
  BMC_WEBHOOK_SECRET: SECRETS.buymeacoffee,
  DONORBOX_WEBHOOK_SECRET: SECRETS.donorbox,
  PATREON_WEBHOOK_SECRET: SECRETS.patreon,
})

const hmac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('hex')

/** One delivery: where it goes, its raw body and headers. */
export interface Delivery {
  path: string
  body: string
  headers: Record<string, string>
}

export function deliver(t: TestApp, d: Delivery) {
  return t.app.request(d.path, { method: 'POST', headers: d.headers, body: d.body })
}

// --- GitHub Sponsors -------------------------------------------------------------------------

const user = (login: string, id: number) => ({
  login,
  id,
  node_id: `MDQ6VXNlcj${id}`,
  type: 'User',
  site_admin: false,
})

const tier = (cents: number, oneTime = false) => ({
  node_id: `MDEyOlNwb25zb3JzVGllcj${cents}`,
  created_at: '2019-12-20T19:17:05Z',
  description: 'foo',
  monthly_price_in_cents: cents,
  monthly_price_in_dollars: cents / 100,
  name: oneTime ? `$${cents / 100} one time` : `$${cents / 100} a month`,
  is_one_time: oneTime,
  is_custom_amount: false,
})

/** A `sponsorship` event (octokit's created example with this sponsor, time and tier). */
export function sponsorship(
  action: string,
  node: string,
  o: { cents?: number; oneTime?: boolean; createdAt?: string; fromCents?: number } = {},
) {
  return {
    action,
    sponsorship: {
      node_id: node,
      created_at: o.createdAt ?? '2026-11-12T19:24:46+00:00',
      sponsorable: user('octocat', 5),
      sponsor: user('monalisa', 2),
      privacy_level: 'public',
      tier: tier(o.cents ?? 500, o.oneTime ?? false),
    },
    ...(o.fromCents !== undefined
      ? {
          changes: { tier: { from: tier(o.fromCents) } },
          effective_date: '2026-11-30T00:00:00+00:00',
        }
      : {}),
    sender: user('monalisa', 2),
  }
}

/** A GitHub delivery, signed `sha256=<hex>` (a secret of our own unless given). */
export function githubDelivery(
  event: unknown,
  delivery: string,
  o: { name?: string; secret?: string; signature?: string | null } = {},
): Delivery {
  const body = JSON.stringify(event)
  const sig =
    o.signature === undefined ? `sha256=${hmac(o.secret ?? SECRETS.github, body)}` : o.signature
  return {
    path: '/webhooks/github',
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-GitHub-Event': o.name ?? 'sponsorship',
      'X-GitHub-Delivery': delivery,
      ...(sig === null ? {} : { 'X-Hub-Signature-256': sig }),
    },
  }
}

/** GitHub's `ping` when a webhook is made (docs.github.com: webhook events, ping). */
export const githubPing = () => ({
  zen: 'Design for failure.',
  hook_id: 123456,
  hook: { type: 'SponsorsListing', id: 123456, active: true, events: ['sponsorship'] },
  sender: user('octocat', 5),
})

// --- Ko-fi -----------------------------------------------------------------------------------

/** Ko-fi's `data` (the documented example, with this message, transaction and amount). */
export function kofiData(
  message: string,
  txn: string,
  amount: string,
  o: {
    type?: string
    currency?: string
    timestamp?: string
    token?: string
    subscription?: boolean
  } = {},
) {
  return {
    verification_token: o.token ?? SECRETS.kofi,
    message_id: message,
    timestamp: o.timestamp ?? '2026-11-14T13:04:30Z',
    type: o.type ?? 'Donation',
    is_public: true,
    from_name: 'Ko-fi Team',
    message: 'Good luck with the integration!',
    amount,
    url: `https://ko-fi.com/Home/CoffeeShop?txid=${txn}`,
    email: 'someone@example.com',
    currency: o.currency ?? 'USD',
    is_subscription_payment: o.subscription ?? false,
    is_first_subscription_payment: o.subscription ?? false,
    kofi_transaction_id: txn,
    shop_items: null,
    tier_name: null,
    shipping: null,
  }
}

/** Ko-fi's delivery: application/x-www-form-urlencoded, one field `data`. */
export function kofiDelivery(data: unknown): Delivery {
  return {
    path: '/webhooks/kofi',
    body: new URLSearchParams({ data: JSON.stringify(data) }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  }
}

// --- Buy Me a Coffee -------------------------------------------------------------------------

/** A Buy Me a Coffee event (the captured envelope with this type, id and amount). */
export function bmcEvent(
  type: string,
  eventId: number,
  id: number,
  amount: number | string,
  o: { live?: boolean; created?: number; currency?: string } = {},
) {
  const created = o.created ?? 1794700000 // 2026-11-14T...Z
  return {
    type,
    live_mode: o.live ?? true,
    attempt: 1,
    created,
    event_id: eventId,
    data: {
      id,
      amount,
      object: type.startsWith('membership') ? 'membership' : 'payment',
      status: type.endsWith('refunded') ? 'refunded' : 'succeeded',
      message: 'John bought you a coffee',
      currency: o.currency ?? 'USD',
      refunded: type.endsWith('refunded') ? 'true' : 'false',
      created_at: created,
      supporter_name: 'John',
      supporter_email: 'john@example.com',
    },
  }
}

/** A Buy Me a Coffee delivery, signed with `x-signature-sha256` (hex HMAC of the raw body). */
export function bmcDelivery(
  event: unknown,
  o: { secret?: string; signature?: string | null } = {},
): Delivery {
  const body = JSON.stringify(event)
  const sig = o.signature === undefined ? hmac(o.secret ?? SECRETS.buymeacoffee, body) : o.signature
  return {
    path: '/webhooks/buymeacoffee',
    body,
    headers: {
      'Content-Type': 'application/json',
      ...(sig === null ? {} : { 'x-signature-sha256': sig }),
    },
  }
}

// --- Donorbox --------------------------------------------------------------------------------

/** A Donorbox donation (the README's example with this id, campaign, amount and refunds). */
export function donorboxDonation(
  id: number,
  amount: string,
  o: {
    campaignId?: number
    refunded?: string
    currency?: string
    date?: string
    fee?: number
  } = {},
) {
  return {
    campaign: { id: o.campaignId ?? 1, name: 'Donorbox Campaign' },
    donor: {
      id: 59,
      name: 'John Doe',
      first_name: 'John',
      last_name: 'Doe',
      email: 'johndoeemail@hotmail.com',
      address: '123 6th St. Melbourne, FL 32904',
    },
    amount,
    formatted_amount: `$${amount}`,
    converted_amount: amount,
    recurring: false,
    first_recurring_donation: false,
    amount_refunded: o.refunded ?? '0.0',
    stripe_charge_id: `ch_donorbox_${id}`,
    id,
    status: o.refunded && o.refunded !== '0.0' ? 'refunded' : 'paid',
    donation_type: 'stripe',
    donation_date: o.date ?? '2026-11-16T17:54:13.432Z',
    anonymous_donation: false,
    comment: 'thanks',
    currency: o.currency ?? 'USD',
    converted_currency: o.currency ?? 'USD',
    processing_fee: o.fee ?? 0.59,
  }
}

/** A Donorbox delivery (v1: an array of one donation), signed `<ts>,<hex of ts.body>`. */
export function donorboxDelivery(
  donation: unknown,
  o: { secret?: string; ts?: number; signature?: string | null } = {},
): Delivery {
  const body = JSON.stringify([donation])
  const ts = o.ts ?? Math.floor(Date.now() / 1000)
  const sig =
    o.signature === undefined
      ? `${ts},${hmac(o.secret ?? SECRETS.donorbox, `${ts}.${body}`)}`
      : o.signature
  return {
    path: '/webhooks/donorbox',
    body,
    headers: {
      'Content-Type': 'application/json',
      ...(sig === null ? {} : { 'Donorbox-Signature': sig }),
    },
  }
}

// --- Patreon ---------------------------------------------------------------------------------

/** Patreon's member document (the documented webhook response, with this member's state). */
export function patreonMember(
  id: string,
  o: {
    cents?: number | null
    chargeDate?: string | null
    status?: string | null
    patron?: string | null
    campaignId?: string
  } = {},
) {
  return {
    data: {
      attributes: {
        currently_entitled_amount_cents: o.cents === undefined ? 500 : o.cents,
        full_name: 'Platform',
        is_follower: false,
        last_charge_date: o.chargeDate === undefined ? '2026-11-03T10:00:00+00:00' : o.chargeDate,
        last_charge_status: o.status === undefined ? 'Paid' : o.status,
        lifetime_support_cents: 500,
        note: '',
        patron_status: o.patron === undefined ? 'active_patron' : o.patron,
        pledge_relationship_start: '2026-11-03T10:00:00+00:00',
      },
      id,
      relationships: {
        address: { data: null },
        campaign: {
          data: { id: o.campaignId ?? '123456', type: 'campaign' },
          links: { related: `https://www.patreon.com/api/campaigns/${o.campaignId ?? '123456'}` },
        },
        currently_entitled_rewards: { data: [] },
        user: { data: { id: '987654321', type: 'user' } },
      },
      type: 'member',
    },
    included: [],
    links: { self: `https://www.patreon.com/api/members/${id}` },
  }
}

/** A Patreon delivery: X-Patreon-Event and X-Patreon-Signature (hex HMAC-MD5 of the body). */
export function patreonDelivery(
  doc: unknown,
  trigger: string,
  o: { secret?: string; signature?: string | null } = {},
): Delivery {
  const body = JSON.stringify(doc)
  const sig =
    o.signature === undefined
      ? createHmac('md5', o.secret ?? SECRETS.patreon)
          .update(body)
          .digest('hex')
      : o.signature
  return {
    path: '/webhooks/patreon',
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Patreon-Event': trigger,
      ...(sig === null ? {} : { 'X-Patreon-Signature': sig }),
    },
  }
}
