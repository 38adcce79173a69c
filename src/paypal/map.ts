import { ledgerKey } from '../domain/keys.js'
import type { Mapped, MoneyEffect, PaymentFact } from '../ingest/facts.js'
import { slugOf, subscription } from './map-billing.js'
import { chargebackEffects, disputeEffects } from './map-disputes.js'
import {
  figures,
  id,
  idOrNull,
  key,
  minorOf,
  minorOrNull,
  ref,
  unixOf,
  upCapture,
} from './map-fields.js'
import type {
  Capture,
  CaptureRefund,
  Dispute,
  PaypalEvent,
  Sale,
  SaleRefund,
  Subscription,
} from './types.js'

/** The events PayPal's money and subscriptions are counted from (docs/paypal.md). */
export const PAYPAL_EVENTS = [
  'PAYMENT.CAPTURE.COMPLETED',
  'PAYMENT.CAPTURE.REFUNDED',
  'PAYMENT.CAPTURE.REVERSED',
  'PAYMENT.SALE.COMPLETED',
  'PAYMENT.SALE.REFUNDED',
  'PAYMENT.SALE.REVERSED',
  'CUSTOMER.DISPUTE.CREATED',
  'CUSTOMER.DISPUTE.RESOLVED',
  'BILLING.SUBSCRIPTION.ACTIVATED',
  'BILLING.SUBSCRIPTION.CANCELLED',
  'BILLING.SUBSCRIPTION.SUSPENDED',
  'BILLING.SUBSCRIPTION.EXPIRED',
] as const

const NONE: Mapped = { money: [], facts: [] }

/** Money in: one payment per capture (Orders v2) or sale (a subscription's charge). */
function capturePayment(c: Capture): MoneyEffect {
  const captureId = id(c.id, 'capture')
  const gross = minorOf(c.amount?.value, c.amount?.currency_code, 'capture')
  const at = unixOf(c.create_time, 'capture')
  const b = c.seller_receivable_breakdown
  return {
    entryKey: ledgerKey.payment(ref(captureId)),
    kind: 'payment',
    paymentRef: ref(captureId),
    amount: gross.amount,
    currency: gross.currency,
    occurredAt: at,
    sourceId: captureId,
    campaign: slugOf(c.custom_id),
    donor: null,
    paymentCreated: at,
    balanceTransaction: null,
    balance: figures(captureId, gross, minorOrNull(b?.paypal_fee, 'capture fee'), 1),
    data: { provider: 'paypal', status: c.status ?? null },
  }
}

function salePayment(s: Sale): Mapped {
  const saleId = id(s.id, 'sale')
  const gross = minorOf(s.amount?.total, s.amount?.currency, 'sale')
  const at = unixOf(s.create_time, 'sale')
  const sub = idOrNull(s.billing_agreement_id)
  const money: MoneyEffect = {
    entryKey: ledgerKey.payment(ref(saleId)),
    kind: 'payment',
    paymentRef: ref(saleId),
    amount: gross.amount,
    currency: gross.currency,
    occurredAt: at,
    sourceId: saleId,
    campaign: null,
    donor: null,
    paymentCreated: at,
    balanceTransaction: null,
    balance: figures(saleId, gross, minorOrNull(s.transaction_fee, 'sale fee'), 1),
    data: { provider: 'paypal', state: s.state ?? null, subscription: sub },
  }
  // The subscription names the campaign (its custom_id): the sale inherits it through the link.
  const facts: PaymentFact[] = sub
    ? [
        {
          paymentRef: ref(saleId),
          source: 'invoice_payment',
          campaign: null,
          donor: null,
          chargeCreated: at,
          link: ref(sub),
        },
      ]
    : []
  return { money: [money], facts }
}

/**
 * Money out: a refund or reversal, its own id, naming the capture or sale it reverses; one that
 * failed or was cancelled is reversed again by a second entry, so any order nets to zero.
 */
function refundOf(
  refundId: string,
  paid: string,
  gross: { amount: number; currency: string },
  at: number,
  balance: MoneyEffect['balance'],
  status: string | null,
): MoneyEffect[] {
  const base = {
    paymentRef: ref(paid),
    currency: gross.currency,
    occurredAt: at,
    sourceId: refundId,
    campaign: null,
    donor: null,
    paymentCreated: null,
    balanceTransaction: null,
    data: { provider: 'paypal', status, reverses: paid },
  }
  const out: MoneyEffect[] = [
    {
      ...base,
      entryKey: key('refund', refundId),
      kind: 'refund',
      amount: -Math.abs(gross.amount),
      balance,
    },
  ]
  if (status !== null && /^(failed|cancelled)$/i.test(status)) {
    out.push({
      ...base,
      entryKey: key('refund_reversal', refundId),
      kind: 'refund_reversal',
      amount: Math.abs(gross.amount),
    })
  }
  return out
}

/**
 * A reversal is a chargeback of the capture or sale (the same money a dispute of it withdraws):
 * keyed by that transaction, not by the reversal's own id, so the two count once together. A
 * reversal that failed or was cancelled gives the money back, once.
 */
function reversal(
  refundId: string,
  paid: string,
  gross: { amount: number; currency: string },
  at: number,
  balance: MoneyEffect['balance'],
  status: string | null,
): MoneyEffect[] {
  const undone = status !== null && /^(failed|cancelled)$/i.test(status)
  return chargebackEffects({
    paid,
    sourceId: refundId,
    gross,
    at,
    reinstatedAt: undone ? at : null,
    balance,
    data: { status, reverses: paid, reversal: refundId },
  })
}

function captureRefund(r: CaptureRefund, reversed: boolean): MoneyEffect[] {
  const refundId = id(r.id, 'refund')
  const capture = upCapture(r.links)
  if (!capture) return []
  const gross = minorOf(r.amount?.value, r.amount?.currency_code, 'refund')
  const fee = minorOrNull(r.seller_payable_breakdown?.paypal_fee, 'refund fee')
  const at = unixOf(r.create_time, 'refund')
  const balance = figures(refundId, gross, fee, -1)
  if (reversed) return reversal(refundId, capture, gross, at, balance, r.status ?? null)
  return refundOf(refundId, capture, gross, at, balance, r.status ?? null)
}

function saleRefund(r: SaleRefund, reversed: boolean): MoneyEffect[] {
  const refundId = id(r.id, 'refund')
  const sale = idOrNull(r.sale_id)
  if (!sale) return []
  const gross = minorOf(r.amount?.total?.replace(/^-/, ''), r.amount?.currency, 'refund')
  const fee = minorOrNull(r.refund_from_transaction_fee, 'refund fee')
  const at = unixOf(r.create_time, 'refund')
  const balance = figures(refundId, gross, fee, -1)
  if (reversed) return reversal(refundId, sale, gross, at, balance, r.state ?? null)
  return refundOf(refundId, sale, gross, at, balance, r.state ?? null)
}

/**
 * A verified PayPal event as neutral facts (pure). Types it does not count map to nothing (the
 * event is kept as ignored); a counted type whose resource lacks what its schema promises throws
 * MalformedEvent.
 */
export function mapPaypal(event: PaypalEvent, created: number): Mapped {
  const r = event.resource ?? {}
  switch (event.event_type) {
    case 'PAYMENT.CAPTURE.COMPLETED':
      return { money: [capturePayment(r as Capture)], facts: [] }
    case 'PAYMENT.CAPTURE.REFUNDED':
    case 'PAYMENT.CAPTURE.REVERSED':
      return {
        money: captureRefund(r as CaptureRefund, event.event_type.endsWith('REVERSED')),
        facts: [],
      }
    case 'PAYMENT.SALE.COMPLETED':
      return salePayment(r as Sale)
    case 'PAYMENT.SALE.REFUNDED':
    case 'PAYMENT.SALE.REVERSED':
      return {
        money: saleRefund(r as SaleRefund, event.event_type.endsWith('REVERSED')),
        facts: [],
      }
    case 'CUSTOMER.DISPUTE.CREATED':
    case 'CUSTOMER.DISPUTE.RESOLVED':
      return {
        money: disputeEffects(r as Dispute, event.event_type.endsWith('RESOLVED')),
        facts: [],
      }
    case 'BILLING.SUBSCRIPTION.ACTIVATED':
    case 'BILLING.SUBSCRIPTION.CANCELLED':
    case 'BILLING.SUBSCRIPTION.SUSPENDED':
    case 'BILLING.SUBSCRIPTION.EXPIRED':
      return subscription(r as Subscription, event.event_type, created)
    default:
      return NONE
  }
}
