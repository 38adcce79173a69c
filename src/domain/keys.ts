/**
 * The processors and platforms whose money the ledger counts; `admin` entries name none. Past
 * PayPal, the receive-only sources of src/sources (issue 23).
 */
export const PROVIDERS = [
  'stripe',
  'paypal',
  'github',
  'kofi',
  'buymeacoffee',
  'donorbox',
  'patreon',
  'opencollective',
] as const
export type Provider = (typeof PROVIDERS)[number]
/** Who wrote an entry: a provider's money, or an admin (adjustment, reversal). */
export type EntrySource = Provider | 'admin'

/** Providers a campaign may claim (events that name no campaign go to it): not Stripe. */
export const CLAIMABLE = PROVIDERS.filter((p): p is Exclude<Provider, 'stripe'> => p !== 'stripe')
export type Claimable = (typeof CLAIMABLE)[number]

/** Sources whose events name a campaign of their own (Donorbox's, Patreon's id, a collective). */
export const MAPPABLE = ['donorbox', 'patreon', 'opencollective'] as const

/**
 * A campaign's claim (`sources`): a provider (its money that names no campaign here), or
 * `provider:<its campaign id>` for a source whose events name a campaign of their own
 * (`donorbox:12345`): that campaign's money counts here.
 */
export const CLAIM_PATTERN = new RegExp(
  `^(?:${CLAIMABLE.join('|')}|(?:${MAPPABLE.join('|')}):[A-Za-z0-9_.-]{1,100})$`,
)
export type Claim = Claimable | `${(typeof MAPPABLE)[number]}:${string}`

/** The claim naming a source's own campaign id: `donorbox:12345`. */
export const claimOf = (provider: (typeof MAPPABLE)[number], campaignId: string) =>
  `${provider}:${campaignId}`

/**
 * Whether a provider's money is exact: signed per movement, refunds included, and reconcilable
 * with its API. False where the platform cannot tell us (no refund event, renewals inferred as
 * one synthetic charge per period): such money is shown as unverified (`bySource`, console),
 * never silently mixed with exact money. See docs/sources.md.
 */
export const VERIFIED: Record<Provider, boolean> = {
  stripe: true,
  paypal: true,
  // No renewal or refund webhook: monthly charges are synthesized, refunds are invisible.
  github: false,
  // A plaintext token, no refund or cancel event, no API.
  kofi: false,
  // Memberships renew without an event: their charges are synthesized.
  buymeacoffee: false,
  // Signed with a timestamp, refunds as a cumulative amount, an API to check against.
  donorbox: true,
  // No charge id and no refund amount: charges are synthesized per member and month.
  patreon: false,
  // Unsigned, but every transaction is confirmed by its API before it counts.
  opencollective: true,
}

/**
 * A payment ref split into its provider and natural id: Stripe's own ids (`pi_…`, `ch_…`,
 * `in_…`, `sub_…`) have no colon and stay as they were; every other provider's refs are
 * `provider:naturalId`, so no two providers' ids can meet.
 */
export function splitRef(paymentRef: string): { provider: string; id: string } {
  const at = paymentRef.indexOf(':')
  return at < 0
    ? { provider: 'stripe', id: paymentRef }
    : { provider: paymentRef.slice(0, at), id: paymentRef.slice(at + 1) }
}

/** The provider of a payment ref (see splitRef). */
export function providerOf(paymentRef: string): Provider {
  const p = splitRef(paymentRef).provider
  return (PROVIDERS as readonly string[]).includes(p) ? (p as Provider) : 'stripe'
}

/** A provider's own ref for one of its objects: `paypal:<id>` (Stripe's ids stay bare). */
export const providerRef = (provider: Provider, id: string) =>
  provider === 'stripe' ? id : `${provider}:${id}`

/** A key `provider:kind:naturalId` for money of a provider other than Stripe. */
export const providerKey = (provider: Provider, kind: string, naturalId: string) =>
  `${provider}:${kind}:${naturalId}`

/**
 * Natural keys of ledger entries, defined once. Each names the source of the money, so the
 * unique constraint on `entry_key` counts the same money once however often it arrives.
 */
export const ledgerKey = {
  /**
   * A payment: its PaymentIntent (`pi_…`), or a legacy Charge without one (`ch_…`); another
   * provider's payment ref is `provider:naturalId` (`paypal:5O190127TN364715T`), whose key is
   * `provider:payment:naturalId`.
   */
  payment: (paymentRef: string) => {
    const { provider, id } = splitRef(paymentRef)
    return `${provider}:payment:${id}`
  },
  /** A refund, counted when created (`re_…`). */
  refund: (refundId: string) => `stripe:refund:${refundId}`,
  /** The reversal of a refund that failed or was canceled. */
  refundReversal: (refundId: string) => `stripe:refund_reversal:${refundId}`,
  /** One balance transaction of a dispute (`txn_…`). */
  dispute: (balanceTransaction: string) => `stripe:dispute:${balanceTransaction}`,
  /**
   * The fee of a balance transaction (`txn_…`) that came after its money was entered
   * (asynchronous capture): one per balance transaction, whichever event brings it.
   */
  fee: (balanceTransaction: string) => `stripe:fee:${balanceTransaction}`,
  /** A manual adjustment: the campaign and the caller's idempotency key (or a fresh id). */
  adjustment: (campaign: string, idempotencyKey: string) =>
    `admin:adjustment:${campaign}:${idempotencyKey}`,
  /**
   * Money kept aside in another currency than its campaign's, counted once converted from
   * Stripe's balance transaction (which may come later: asynchronous capture). One per entry.
   */
  converted: (entryKey: string) => `convert:${entryKey}`,
  /** The two halves of moving an entry to another campaign: out of the old, into the new. */
  moveOut: (entryKey: string) => `move:${entryKey}:out`,
  moveIn: (entryKey: string) => `move:${entryKey}:in`,
  /**
   * The two halves of the `n`th change of a payment's donor (unknown when it landed, or known
   * by customer before the e-mail came): its donation out of the donor it had, into the new one.
   */
  donorOut: (entryKey: string, n: number) => `donor:${entryKey}:${n}:out`,
  donorIn: (entryKey: string, n: number) => `donor:${entryKey}:${n}:in`,
  /** An admin's counter-entry to one entry: at most one per entry, never one of a reversal. */
  reversal: (entryKey: string) => `reverse:${entryKey}`,
} as const

/** True for a reversal's key. */
export const isReversal = (entryKey: string) => entryKey.startsWith('reverse:')

/** LIKE pattern matching every `moveIn` key. */
export const MOVE_IN_LIKE = 'move:%:in'

/** True for a `moveIn` key. */
export const isMoveIn = (entryKey: string) =>
  entryKey.startsWith('move:') && entryKey.endsWith(':in')
