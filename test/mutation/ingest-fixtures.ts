import type { MoneyEffect, PaymentFact } from '../../src/ingest/facts.js'
import type { CampaignRef, PaymentEntry, PaymentState } from '../../src/store/payments.js'
import { unix } from '../support/stripe-events.js'

/** The campaigns the ingest mutation suites place money on: one in New York, one in Tokyo. */
export const news: CampaignRef = {
  slug: 'news',
  currency: 'USD',
  timezone: 'America/New_York',
  archived: false,
  isDefault: false,
  account: null,
  createdAt: '2026-01-01T00:00:00.000Z',
}
export const tokyo: CampaignRef = { ...news, slug: 'tokyo', timezone: 'Asia/Tokyo' }
/** A payment time that is March in New York and April in Tokyo. */
export const paidAt = unix('2026-03-31T23:30:00Z')

/** A money effect in USD at `paidAt`, with nothing else known unless given. */
export const money = (
  m: Partial<MoneyEffect> & Pick<MoneyEffect, 'entryKey' | 'kind' | 'paymentRef' | 'amount'>,
): MoneyEffect => ({
  currency: 'USD',
  occurredAt: paidAt,
  sourceId: m.entryKey,
  campaign: null,
  donor: null,
  paymentCreated: null,
  balanceTransaction: null,
  data: {},
  ...m,
})

/** A fact about a payment that names nothing unless given. */
export const fact = (
  f: Partial<PaymentFact> & Pick<PaymentFact, 'paymentRef' | 'source'>,
): PaymentFact => ({ campaign: null, donor: null, chargeCreated: null, link: null, ...f })

/** What the store holds: nothing but the two campaigns unless given. */
export const state = (s: Partial<PaymentState>): PaymentState => ({
  eventStatus: null,
  entries: [],
  facts: [],
  parked: [],
  campaigns: [news, tokyo],
  ...s,
})

/** A stored entry of pi_1 on news in March, placed by its metadata, unless given. */
export const stored = (
  e: Partial<PaymentEntry> & Pick<PaymentEntry, 'entryKey' | 'kind'>,
): PaymentEntry => ({
  campaign: 'news',
  month: '2026-03',
  amount: 2500,
  currency: 'USD',
  counted: true,
  donation: e.kind === 'payment' ? 1 : 0,
  donor: null,
  source: 'stripe',
  paymentRef: 'pi_1',
  data: { paymentCreated: paidAt, campaignSource: 'metadata' },
  occurredAt: new Date(paidAt * 1000).toISOString(),
  ...e,
})

/** A 25.00 USD payment, pi_1, that its own metadata puts on news, made at `paidAt`. */
export const pay1 = money({
  entryKey: 'stripe:payment:pi_1',
  kind: 'payment',
  paymentRef: 'pi_1',
  amount: 2500,
  campaign: 'news',
  paymentCreated: paidAt,
})

/** A 5.00 USD refund of pi_1. */
export const refund1 = money({
  entryKey: 'stripe:refund:re_1',
  kind: 'refund',
  paymentRef: 'pi_1',
  amount: -500,
})
