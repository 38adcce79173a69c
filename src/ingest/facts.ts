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
  /** Balance transaction (`txn_…`) in the account's currency, for conversion. */
  balanceTransaction: string | null
  data: Record<string, unknown>
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
}

export type FactSource = 'charge' | 'checkout' | 'invoice'

/** Precedence of fact sources when they disagree: lower first. */
export const FACT_ORDER: Record<string, number> = { charge: 0, checkout: 1, invoice: 2 }

export interface Mapped {
  money: MoneyEffect[]
  facts: PaymentFact[]
}

/** A verified event as the ingest takes it: its envelope, its body (to store) and its facts. */
export interface IncomingEvent extends Mapped {
  id: string
  type: string
  /** Unix seconds. */
  created: number
  livemode: boolean
  /** The event as received; personal fields are removed before it is stored. */
  body: unknown
}

/** The payments an event is about: the keys its work is serialized on. */
export const paymentRefs = (m: Mapped): string[] => [
  ...new Set([...m.money.map((e) => e.paymentRef), ...m.facts.map((f) => f.paymentRef)]),
]
