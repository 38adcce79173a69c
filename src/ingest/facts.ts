import type { Provider } from '../domain/keys.js'
import type { SubscriptionRow } from '../store/subscriptions.js'
import type { EntryKind } from '../store/tables.js'

/**
 * The ingest's input language: what a provider event proves, already mapped (src/stripe/map)
 * and free of any provider type. A new kind of event adds a mapping that yields these facts;
 * the ingest then places, parks and writes it like any other.
 */

/** Who gave: a provider customer id, or an e-mail (hashed with a server key before storing). */
export interface DonorHint {
  customer: string | null
  email: string | null
}

/** A money movement that an event proves, keyed by its source object so it counts once. */
export interface MoneyEffect {
  /** Natural key of the ledger entry (src/domain/keys.ts). */
  entryKey: string
  kind: EntryKind
  /** The payment this money belongs to: `pi_…`, or `ch_…` for a legacy charge. */
  paymentRef: string
  /** Signed, minor units of `currency` (upper-case). */
  amount: number
  currency: string
  /** Unix seconds of the movement itself. */
  occurredAt: number
  sourceId: string
  /** `metadata.campaign` carried by the object itself, if any. */
  campaign: string | null
  donor: DonorHint | null
  /** Unix seconds of the original payment, when the object carries it (payment, expanded charge). */
  paymentCreated: number | null
  /** Balance transaction (`txn_…`) in the account's currency, for conversion and its fee. */
  balanceTransaction: string | null
  /** The balance transaction's figures when the event carries them (a dispute's). */
  balance?: BalanceFigures | null
  data: Record<string, unknown>
  /**
   * A refund whose amount is the payment's refunds so far, not one refund (Donorbox's
   * `amount_refunded`): counted as the difference from the refunds of this key entered before,
   * under `<entryKey>:<level>` (src/ingest/cumulative.ts). Absent: an amount of its own.
   */
  cumulative?: boolean
}

/**
 * A processor's balance transaction as it books money (Stripe's `balance_transaction`): signed
 * minor units of its own (settlement) currency, net = amount - fee.
 */
export interface BalanceFigures {
  id: string
  amount: number
  /** Null when the processor gave no integer fee. */
  fee: number | null
  net: number | null
  /** Upper-case. */
  currency: string
  /** Presentment amount times the rate is the settlement amount (major units); null: none. */
  exchangeRate: number | null
  /** What the fee is made of (Stripe's `fee_details`: type and amount). */
  feeDetails: { type: string; amount: number }[]
}

/**
 * What an enriching event says about a payment; never money. `source` orders facts (a charge
 * first: its metadata is the PaymentIntent's own); an invoice's link to its PaymentIntent
 * (`invoice_payment.paid`) is one more fact of source `invoice`.
 */
export interface PaymentFact {
  paymentRef: string
  source: FactSource
  campaign: string | null
  donor: DonorHint | null
  chargeCreated: number | null
  /**
   * The next object on the way to a campaign, whose facts this one inherits: a PaymentIntent's
   * invoice (`invoice_payment.paid`), an invoice's subscription. Null for none.
   */
  link: string | null
  /** A display name the donor agreed to show on the campaign's wall (Checkout only). */
  wallName?: string | null
  /**
   * A charge's balance transaction (`txn_…`), in the account's currency: under asynchronous
   * capture it arrives with `charge.updated`, after the payment, and converts it then.
   */
  balanceTransaction?: string | null
}

/**
 * Where a fact comes from. `paymentRef` is then a `pi_…`/`ch_…` (charge, checkout in payment
 * mode, invoice_payment), an `in_…` (invoice, checkout in subscription mode) or a `sub_…`
 * (subscription, checkout without invoice).
 */
export type FactSource = 'charge' | 'checkout' | 'invoice' | 'invoice_payment' | 'subscription'

/** Precedence of fact sources when they disagree: lower first. */
export const FACT_ORDER: Record<string, number> = {
  charge: 0,
  checkout: 1,
  invoice: 2,
  invoice_payment: 3,
  subscription: 4,
}

/**
 * A subscription's state as a `customer.subscription.*` event shows it; `campaign` is its
 * `metadata.campaign` (the ingest stores the campaign that takes it).
 */
export type SubscriptionFact = SubscriptionRow

export interface Mapped {
  money: MoneyEffect[]
  facts: PaymentFact[]
  /** A subscription's new state, for monthly supporters (customer.subscription.*). */
  subscription?: SubscriptionFact
}

/** A verified event as the ingest takes it: its envelope, its body (to store) and its facts. */
export interface IncomingEvent extends Mapped {
  /** Stored under this id: Stripe's `evt_…`, another provider's `provider:<its id>`. */
  id: string
  /** Who sent it; absent: Stripe (whose mode filter, STRIPE_LIVEMODE, applies only to its own). */
  provider?: Provider
  type: string
  /** Unix seconds. */
  created: number
  livemode: boolean
  /** The connected account the event comes from (Connect's `account`); null: the platform's own. */
  account?: string | null
  /** The API version its objects are rendered in (`api_version`). */
  apiVersion?: string | null
  /** The event as received; personal fields are removed before it is stored. */
  body: unknown
  /**
   * The platform's own campaign as a claim (`patreon:123456`), for a receive-only source whose
   * events name one: its receiver places the event's money and subscription in the campaign
   * holding that claim (src/sources/receive.ts). Absent: none.
   */
  origin?: string | null
}

/** The payments an event is about: the keys its work is serialized on. */
export const paymentRefs = (m: Mapped): string[] => [
  ...new Set([...m.money.map((e) => e.paymentRef), ...m.facts.map((f) => f.paymentRef)]),
]
