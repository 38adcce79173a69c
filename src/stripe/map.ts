import type Stripe from 'stripe'
import { ledgerKey } from '../domain/keys.js'
import type {
  DonorHint,
  Mapped,
  MoneyEffect,
  PaymentFact,
  SubscriptionFact,
} from '../ingest/facts.js'

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === 'string' ? v : v.id

const campaignOf = (metadata: Stripe.Metadata | null | undefined): string | null => {
  const slug = metadata?.campaign?.trim()
  return slug ? slug : null
}

const donor = (customer: string | null, email: string | null | undefined): DonorHint | null =>
  customer || email ? { customer, email: email ?? null } : null

function payment(pi: Stripe.PaymentIntent): MoneyEffect {
  return {
    entryKey: ledgerKey.payment(pi.id),
    kind: 'payment',
    paymentRef: pi.id,
    amount: pi.amount_received,
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
    amount: ch.amount_captured || ch.amount,
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
    { ...base, entryKey: ledgerKey.refund(re.id), kind: 'refund', amount: -re.amount },
  ]
  if (re.status === 'failed' || re.status === 'canceled') {
    out.push({
      ...base,
      entryKey: ledgerKey.refundReversal(re.id),
      kind: 'refund_reversal',
      amount: re.amount,
      balanceTransaction: idOf(re.failure_balance_transaction),
    })
  }
  return out
}

/** One entry per balance transaction of the dispute; the fee is kept apart in `data`. */
export function disputeEffects(dp: Stripe.Dispute): MoneyEffect[] {
  const charge = typeof dp.charge === 'object' ? dp.charge : undefined
  const paymentRef = idOf(dp.payment_intent) ?? idOf(dp.charge)
  if (!paymentRef) return []
  return (dp.balance_transactions ?? []).map((bt) => ({
    entryKey: ledgerKey.dispute(bt.id),
    kind: bt.amount < 0 ? ('dispute_withdrawal' as const) : ('dispute_reinstatement' as const),
    paymentRef,
    amount: bt.amount,
    currency: bt.currency.toUpperCase(),
    occurredAt: bt.created,
    sourceId: dp.id,
    campaign: charge ? campaignOf(charge.metadata) : null,
    donor: null,
    paymentCreated: charge ? charge.created : null,
    balanceTransaction: bt.id,
    data: { dispute: dp.id, fee: bt.fee, reason: dp.reason, status: dp.status },
  }))
}

function chargeFact(ch: Stripe.Charge): PaymentFact {
  return {
    paymentRef: idOf(ch.payment_intent) ?? ch.id,
    source: 'charge',
    campaign: campaignOf(ch.metadata),
    donor: donor(idOf(ch.customer), ch.billing_details?.email ?? ch.receipt_email),
    chargeCreated: ch.created,
    link: null,
  }
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
    },
  ]
}

/**
 * An invoice (basil and later) carries no PaymentIntent: it names its subscription and that
 * subscription's metadata at finalization (`parent.subscription_details`). Its payments link to
 * it through `invoice_payment.paid`, or through `payments` when the invoice was retrieved with it.
 */
export function invoiceFacts(inv: Stripe.Invoice): PaymentFact[] {
  if (!inv.id) return []
  const parent = inv.parent?.subscription_details
  const campaign = campaignOf(parent?.metadata) ?? campaignOf(inv.metadata)
  const own: PaymentFact = {
    paymentRef: inv.id,
    source: 'invoice',
    campaign,
    donor: donor(idOf(inv.customer), inv.customer_email),
    chargeCreated: null,
    link: idOf(parent?.subscription),
  }
  const id = inv.id
  return [own, ...(inv.payments?.data ?? []).flatMap((p) => invoicePaymentFacts(p, id))]
}

/** `invoice_payment.paid`: the one webhook that joins a PaymentIntent to its invoice. */
function invoicePaymentFacts(p: Stripe.InvoicePayment, invoiceId?: string): PaymentFact[] {
  const inv = invoiceId ?? idOf(p.invoice)
  const ref = idOf(p.payment?.payment_intent) ?? idOf(p.payment?.charge)
  if (!inv || !ref || (p.status !== undefined && p.status !== 'paid')) return []
  return [
    {
      paymentRef: ref,
      source: 'invoice_payment',
      campaign: null,
      donor: null,
      chargeCreated: null,
      link: inv,
    },
  ]
}

const PER_MONTH: Record<string, number> = { day: 365 / 12, week: 52 / 12, month: 1, year: 1 / 12 }
const VERSION_RANK: Record<string, number> = {
  'customer.subscription.created': 1,
  'customer.subscription.updated': 2,
  'customer.subscription.deleted': 3,
}

/**
 * A subscription's state for monthly supporters: its amount per month is the sum over its items
 * of `unit_amount × quantity`, a yearly price counted as a twelfth, a weekly one as 52/12, every
 * `interval_count` dividing (rounded to a minor unit). A deleted one is canceled, whatever it says.
 */
export function subscriptionState(sub: Stripe.Subscription, event: Stripe.Event): SubscriptionFact {
  let monthly = 0
  for (const item of sub.items?.data ?? []) {
    const price = item.price
    const every = price?.recurring
    if (!price || !every || price.unit_amount === null) continue
    const factor = (PER_MONTH[every.interval] ?? 0) / Math.max(1, every.interval_count ?? 1)
    monthly += price.unit_amount * (item.quantity ?? 1) * factor
  }
  return {
    id: sub.id,
    campaign: campaignOf(sub.metadata),
    status: event.type === 'customer.subscription.deleted' ? 'canceled' : sub.status,
    monthly: Math.round(monthly),
    currency: (sub.currency ?? sub.items?.data?.[0]?.price?.currency ?? '').toUpperCase(),
    version: event.created * 4 + (VERSION_RANK[event.type] ?? 0),
  }
}

function subscriptionFacts(sub: Stripe.Subscription): PaymentFact[] {
  return [
    {
      paymentRef: sub.id,
      source: 'subscription',
      campaign: campaignOf(sub.metadata),
      donor: donor(idOf(sub.customer), null),
      chargeCreated: null,
      link: null,
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
    case 'payment_intent.succeeded':
      return { money: [payment(event.data.object)], facts: [] }
    case 'charge.succeeded':
    case 'charge.captured': {
      const ch = event.data.object
      if (ch.payment_intent || !ch.paid || ch.status !== 'succeeded')
        return { money: [], facts: [chargeFact(ch)] }
      return { money: [legacyCharge(ch)], facts: [] }
    }
    case 'charge.refunded':
    case 'charge.refund.updated' as Stripe.Event.Type: {
      const ch = event.data.object as Stripe.Charge | Stripe.Refund
      if (ch.object === 'refund') return { money: refundEffects(ch), facts: [] }
      const refunds = (ch.refunds?.data ?? []).flatMap((re) => refundEffects(re, ch))
      return { money: refunds, facts: [chargeFact(ch)] }
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
