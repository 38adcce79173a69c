import type Stripe from 'stripe'
import type { PaymentFact, SubscriptionFact } from '../ingest/facts.js'
import {
  campaignOf,
  donor,
  idOf,
  int,
  invoiceLinkFact,
  legacyField,
  legacyId,
} from './map-fields.js'

// Billing events (invoices, invoice payments, subscriptions): they never move money themselves,
// they link recurring payments to a subscription and its campaign.

/** `subscription_details.metadata` of an invoice rendered before basil (top level then). */
function legacySubscriptionMetadata(inv: Stripe.Invoice): Stripe.Metadata | null {
  const details = legacyField(inv, 'subscription_details')
  if (typeof details !== 'object' || details === null) return null
  // campaignOf reads only a `campaign` string out of whatever stands here.
  return (details as { metadata?: Stripe.Metadata | null }).metadata ?? null
}

/**
 * An invoice (basil and later) carries no PaymentIntent: it names its subscription and that
 * subscription's metadata at finalization (`parent.subscription_details`). Its payments link to
 * it through `invoice_payment.paid`, or through `payments` when the invoice was retrieved with it.
 * Rendered for a version before 2025-03-31.basil, the same facts sit at its top level:
 * `subscription`, `subscription_details.metadata`, and its `payment_intent` (or `charge`).
 */
export function invoiceFacts(inv: Stripe.Invoice): PaymentFact[] {
  if (!inv.id) return []
  const parent = inv.parent?.subscription_details
  const campaign =
    campaignOf(parent?.metadata) ??
    campaignOf(legacySubscriptionMetadata(inv)) ??
    campaignOf(inv.metadata)
  const own: PaymentFact = {
    paymentRef: inv.id,
    source: 'invoice',
    campaign,
    donor: donor(idOf(inv.customer), inv.customer_email),
    chargeCreated: null,
    link: idOf(parent?.subscription) ?? legacyId(inv, 'subscription'),
  }
  const id = inv.id
  const paidBy = legacyId(inv, 'payment_intent') ?? legacyId(inv, 'charge')
  const legacy = paidBy ? [invoiceLinkFact(paidBy, id)] : []
  // Stryker disable next-line ArrayDeclaration: a placeholder names no payment, so it links nothing
  return [own, ...legacy, ...(inv.payments?.data ?? []).flatMap((p) => invoicePaymentFacts(p, id))]
}

/** `invoice_payment.paid`: the one webhook that joins a PaymentIntent to its invoice. */
export function invoicePaymentFacts(p: Stripe.InvoicePayment, invoiceId?: string): PaymentFact[] {
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
    const factor = (PER_MONTH[every.interval] ?? 0) / Math.max(1, int(every.interval_count ?? 1))
    monthly += int(price.unit_amount) * int(item.quantity ?? 1) * factor
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

/** A subscription names its campaign and donor for the payments that link to it. */
export function subscriptionFacts(sub: Stripe.Subscription): PaymentFact[] {
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
