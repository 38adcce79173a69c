import type { Mapped } from '../../ingest/facts.js'
import { currencyOf, idOf, minorOfMajor, unixOf } from '../fields.js'
import { payment } from '../money.js'

/**
 * Ko-fi's `data` JSON as neutral facts (pure). Fields as Ko-fi's webhook page documents them
 * (ko-fi.com/manage/webhooks, quoted at meta.discourse.org/t/255047): message_id, timestamp,
 * type (Donation, Subscription, Commission, Shop Order), is_public, amount ("3.00"), currency,
 * is_subscription_payment, kofi_transaction_id. Each payment is `kofi:payment:<transaction id>`;
 * Ko-fi sends no refund, dispute or cancellation, and has no API to check against.
 */

/** The types that are money paid to the page. */
export const KOFI_TYPES = ['Donation', 'Subscription', 'Commission', 'Shop Order'] as const

/**
 * The ids of the example Ko-fi's "Send Test" buttons post (the documented example payload, as
 * docs.christinak.ca/docs/extensions/ko-fi shows it): kept as ignored, never money.
 */
export const KOFI_TEST_IDS = new Set([
  '3a1fac0c-f960-4506-a60e-824979a74e74',
  '0a1fac0c-f960-4506-a60e-824979a74e71',
])

export interface KofiData {
  message_id?: unknown
  timestamp?: unknown
  type?: unknown
  is_public?: unknown
  amount?: unknown
  currency?: unknown
  is_subscription_payment?: unknown
  is_first_subscription_payment?: unknown
  kofi_transaction_id?: unknown
  tier_name?: unknown
}

/** True for Ko-fi's own test delivery. */
export const isKofiTest = (d: KofiData) =>
  KOFI_TEST_IDS.has(String(d.message_id)) || KOFI_TEST_IDS.has(String(d.kofi_transaction_id))

export function mapKofi(d: KofiData): Mapped {
  if (isKofiTest(d) || !(KOFI_TYPES as readonly unknown[]).includes(d.type)) {
    return { money: [], facts: [] }
  }
  const txn = idOf(d.kofi_transaction_id, 'Ko-fi payment')
  const currency = currencyOf(d.currency, `Ko-fi payment ${txn}`)
  const amount = minorOfMajor(d.amount, currency, `Ko-fi payment ${txn}`)
  const at = unixOf(d.timestamp, `Ko-fi payment ${txn}`)
  const money = payment('kofi', {
    id: txn,
    amount,
    currency,
    occurredAt: at,
    campaign: null,
    data: {
      type: d.type,
      public: d.is_public === true,
      subscription: d.is_subscription_payment === true,
      first: d.is_first_subscription_payment === true,
    },
  })
  return { money: amount > 0 ? [money] : [], facts: [] }
}
