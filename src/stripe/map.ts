import type Stripe from 'stripe'
import { ledgerKey } from '../domain/keys.js'
import type { Mapped, MoneyEffect, PaymentFact } from '../ingest/facts.js'
import { balanceFigures } from './map-balance.js'
import {
  invoiceFacts,
  invoicePaymentFacts,
  subscriptionFacts,
  subscriptionState,
} from './map-billing.js'
import { campaignOf, donor, idOf, int, invoiceLinkFact, legacyId } from './map-fields.js'
import { consentedName } from './wall-fields.js'

/**
 * Before 2025-03-31.basil a PaymentIntent or Charge names the invoice that created it: the link
 * `invoice_payment.paid` brings on later versions.
 */
function invoiceLink(obj: Stripe.PaymentIntent | Stripe.Charge, paymentRef: string): PaymentFact[] {
  const invoice = legacyId(obj, 'invoice')
  return invoice ? [invoiceLinkFact(paymentRef, invoice)] : []
}

function payment(pi: Stripe.PaymentIntent): MoneyEffect {
  return {
    entryKey: ledgerKey.payment(pi.id),
    kind: 'payment',
    paymentRef: pi.id,
    amount: int(pi.amount_received),
    currency: pi.currency.toUpperCase(),
    occurredAt: pi.created,
    sourceId: pi.id,
    campaign: campaignOf(pi.metadata),
    donor: donor(idOf(pi.customer), pi.receipt_email),
    paymentCreated: pi.created,
    balanceTransaction: null,
    data: { latestCharge: idOf(pi.latest_charge) },
  }
}

function legacyCharge(ch: Stripe.Charge): MoneyEffect {
  return {
    entryKey: ledgerKey.payment(ch.id),
    kind: 'payment',
    paymentRef: ch.id,
    amount: int(ch.amount_captured) || int(ch.amount),
    currency: ch.currency.toUpperCase(),
    occurredAt: ch.created,
    sourceId: ch.id,
    campaign: campaignOf(ch.metadata),
    donor: donor(idOf(ch.customer), ch.billing_details?.email ?? ch.receipt_email),
    paymentCreated: ch.created,
    balanceTransaction: idOf(ch.balance_transaction),
    data: {},
  }
}

/**
 * A refund is counted when created, whatever its status; a failed or canceled one also gets a
 * reversing entry. Both are keyed by `re_…`, so pending→failed in any order nets to zero.
 */
export function refundEffects(re: Stripe.Refund, charge?: Stripe.Charge): MoneyEffect[] {
  const chargeObj = charge ?? (typeof re.charge === 'object' && re.charge ? re.charge : undefined)
  const paymentRef = idOf(re.payment_intent) ?? idOf(re.charge)
  if (!paymentRef) return []
  const base = {
    paymentRef,
    currency: re.currency.toUpperCase(),
    occurredAt: re.created,
    sourceId: re.id,
    campaign: chargeObj ? campaignOf(chargeObj.metadata) : null,
    donor: null,
    paymentCreated: chargeObj ? chargeObj.created : null,
    balanceTransaction: idOf(re.balance_transaction),
    data: { status: re.status, charge: idOf(re.charge) },
  }
  const out: MoneyEffect[] = [
    { ...base, entryKey: ledgerKey.refund(re.id), kind: 'refund', amount: -int(re.amount) },
  ]
  if (re.status === 'failed' || re.status === 'canceled') {
    out.push({
      ...base,
      entryKey: ledgerKey.refundReversal(re.id),
      kind: 'refund_reversal',
      amount: int(re.amount),
      balanceTransaction: idOf(re.failure_balance_transaction),
    })
  }
  return out
}

/** One entry per balance transaction of the dispute, with its fee (a withdrawal's dispute fee). */
export function disputeEffects(dp: Stripe.Dispute): MoneyEffect[] {
  const charge = typeof dp.charge === 'object' ? dp.charge : undefined
  const paymentRef = idOf(dp.payment_intent) ?? idOf(dp.charge)
  if (!paymentRef) return []
  return (dp.balance_transactions ?? []).map((bt) => ({
    entryKey: ledgerKey.dispute(bt.id),
    // Stryker disable next-line EqualityOperator: a balance transaction of 0 is refused whole (mappedOk: money is never 0)
    kind: bt.amount < 0 ? ('dispute_withdrawal' as const) : ('dispute_reinstatement' as const),
    paymentRef,
    amount: int(bt.amount),
    currency: bt.currency.toUpperCase(),
    occurredAt: bt.created,
    sourceId: dp.id,
    campaign: charge ? campaignOf(charge.metadata) : null,
    donor: null,
    paymentCreated: charge ? charge.created : null,
    balanceTransaction: bt.id,
    // The withdrawal's dispute fee, and its return with a reinstatement, are Stripe's own figures.
    balance: balanceFigures(bt),
    data: { dispute: dp.id, fee: int(bt.fee), reason: dp.reason, status: dp.status },
  }))
}

/**
 * What a charge says of its payment: campaign, donor, time, and its balance transaction once
 * captured (under asynchronous capture it comes later, with `charge.updated`); on versions
 * before basil, its invoice too.
 */
function chargeFacts(ch: Stripe.Charge): PaymentFact[] {
  const paymentRef = idOf(ch.payment_intent) ?? ch.id
  return [
    {
      paymentRef,
      source: 'charge',
      campaign: campaignOf(ch.metadata),
      donor: donor(idOf(ch.customer), ch.billing_details?.email ?? ch.receipt_email),
      chargeCreated: ch.created,
      link: null,
      balanceTransaction: idOf(ch.balance_transaction),
    },
    ...invoiceLink(ch, paymentRef),
  ]
}

/**
 * A Checkout Session names the campaign and the donor. In payment mode it points at its
 * PaymentIntent; in subscription mode it has none (basil and later) but names the first invoice
 * and the subscription, whose payments then inherit its campaign through their links.
 */
function checkoutFacts(s: Stripe.Checkout.Session): PaymentFact[] {
  const pi = idOf(s.payment_intent)
  const inv = idOf(s.invoice)
  const sub = idOf(s.subscription)
  const ref = pi ?? inv ?? sub
  if (!ref) return []
  return [
    {
      paymentRef: ref,
      source: 'checkout',
      campaign: campaignOf(s.metadata),
      donor: donor(idOf(s.customer), s.customer_details?.email),
      chargeCreated: null,
      link: pi ? null : inv ? sub : null,
      wallName: consentedName(s.custom_fields),
    },
  ]
}

/**
 * What an event means for the ledger: pure, no I/O. Money enters only from
 * `payment_intent.succeeded` (or a legacy charge without PaymentIntent); Checkout Sessions and
 * invoices only enrich. An event that maps to nothing is recorded as ignored.
 */
export function mapEvent(event: Stripe.Event): Mapped {
  const none: Mapped = { money: [], facts: [] }
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const pi = event.data.object
      return { money: [payment(pi)], facts: invoiceLink(pi, pi.id) }
    }
    case 'charge.succeeded':
    case 'charge.captured':
    case 'charge.updated': {
      const ch = event.data.object
      if (ch.payment_intent || !ch.paid || ch.status !== 'succeeded')
        return { money: [], facts: chargeFacts(ch) }
      return { money: [legacyCharge(ch)], facts: [] }
    }
    case 'charge.refunded':
    case 'charge.refund.updated' as Stripe.Event.Type: {
      const ch = event.data.object as Stripe.Charge | Stripe.Refund
      if (ch.object === 'refund') return { money: refundEffects(ch), facts: [] }
      const refunds = (ch.refunds?.data ?? []).flatMap((re) => refundEffects(re, ch))
      return { money: refunds, facts: chargeFacts(ch) }
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      return { money: refundEffects(event.data.object), facts: [] }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated':
      return { money: disputeEffects(event.data.object), facts: [] }
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return { money: [], facts: checkoutFacts(event.data.object) }
    case 'invoice.paid':
    case 'invoice.payment_succeeded':
    case 'invoice.finalized':
      return { money: [], facts: invoiceFacts(event.data.object) }
    case 'invoice_payment.paid':
      return { money: [], facts: invoicePaymentFacts(event.data.object) }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const sub = event.data.object
      return {
        money: [],
        facts: subscriptionFacts(sub),
        subscription: subscriptionState(sub, event),
      }
    }
    default:
      return none
  }
}
