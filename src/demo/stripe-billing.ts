import type Stripe from 'stripe'
import { invoiceFixture, invoicePaymentFixture, subscriptionFixture } from './stripe-fixtures.js'
import { addMonthsUnix, cur, meta, type Subscription } from './stripe-gift.js'

/** A monthly gift's Subscription, its Invoices and their InvoicePayments. */

/** The product of a subscription's price: a new price (a changed amount) keeps it. */
export const productOf = (s: Subscription) => s.product ?? `prod_${s.price.slice(6)}`

/** The subscription object as `customer.subscription.*` carries it (periods on the item). */
export function subscriptionObject(
  s: Subscription,
  status: Stripe.Subscription.Status,
  periodStart: number,
  latestInvoice: string | null = null,
  /** When it was canceled and ended (status `canceled`). */
  endedAt: number | null = null,
): Stripe.Subscription {
  const g = s.gift
  const periodEnd = addMonthsUnix(periodStart, s.interval === 'year' ? 12 : 1)
  const item = {
    id: s.item,
    object: 'subscription_item',
    billing_thresholds: null,
    created: g.at,
    current_period_end: periodEnd,
    current_period_start: periodStart,
    discounts: [],
    metadata: {},
    plan: undefined,
    price: {
      id: s.price,
      object: 'price',
      active: false,
      billing_scheme: 'per_unit',
      created: g.at,
      currency: cur(g),
      custom_unit_amount: null,
      livemode: false,
      lookup_key: null,
      metadata: {},
      nickname: null,
      product: productOf(s),
      recurring: {
        interval: s.interval,
        interval_count: 1,
        meter: null,
        trial_period_days: null,
        usage_type: 'licensed',
      },
      tax_behavior: 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
      type: 'recurring',
      unit_amount: g.amount,
      unit_amount_decimal: String(g.amount),
    },
    quantity: 1,
    subscription: s.id,
    tax_rates: [],
  }
  return {
    ...subscriptionFixture,
    id: s.id,
    billing_cycle_anchor: g.at,
    billing_cycle_anchor_config: null,
    canceled_at: status === 'canceled' ? (endedAt ?? periodStart) : null,
    collection_method: 'charge_automatically',
    created: g.at,
    currency: cur(g),
    customer: s.customer,
    default_payment_method: `pm_${s.id.slice(4)}`,
    description: null,
    discounts: [],
    ended_at: status === 'canceled' ? (endedAt ?? periodStart) : null,
    // On the wire `unit_amount_decimal` is a string; the package's type is its parsed form.
    items: {
      object: 'list',
      data: [item as unknown as Stripe.SubscriptionItem],
      has_more: false,
      url: `/v1/subscription_items?subscription=${s.id}`,
    },
    latest_invoice: latestInvoice,
    metadata: meta(g),
    start_date: g.at,
    status,
    test_clock: null,
  }
}

/** When an invoice was made, finalized, paid, and how its payment attempts stand. */
export interface InvoiceTimes {
  /** `invoice.created`; also when its webhooks were delivered. */
  created: number
  /** `draft` until then, `open` from then (Invoice type: about an hour after delivery). */
  finalizedAt: number
  /** When its payment succeeded (status `paid`). */
  paidAt?: number
  /** `attempt_count`; 1 once paid at the first try. */
  attempts?: number
  /** `next_payment_attempt` after a failed attempt (a retry); null once paid. */
  nextAttempt?: number | null
}

export function invoiceObject(
  s: Subscription,
  id: string,
  status: 'draft' | 'open' | 'paid',
  reason: Stripe.Invoice.BillingReason,
  t: InvoiceTimes,
): Stripe.Invoice {
  const g = s.gift
  const at = t.created
  const paid = status === 'paid'
  const draft = status === 'draft'
  const attempts = t.attempts ?? (paid ? 1 : 0)
  const periodEnd = addMonthsUnix(at, 1)
  return {
    ...invoiceFixture,
    id,
    amount_due: g.amount,
    amount_overpaid: 0,
    amount_paid: paid ? g.amount : 0,
    amount_remaining: paid ? 0 : g.amount,
    attempt_count: attempts,
    attempted: attempts > 0,
    auto_advance: !paid,
    billing_reason: reason,
    collection_method: 'charge_automatically',
    created: at,
    currency: cur(g),
    customer: s.customer,
    customer_email: g.email ?? null,
    due_date: null,
    effective_at: draft ? null : t.finalizedAt,
    ending_balance: draft ? null : 0,
    hosted_invoice_url: null,
    invoice_pdf: null,
    last_finalization_error: null,
    lines: {
      object: 'list',
      has_more: false,
      url: `/v1/invoices/${id}/lines`,
      data: [
        {
          ...(invoiceFixture.lines.data[0] as Stripe.InvoiceLineItem),
          id: `il_${id.slice(3)}`,
          amount: g.amount,
          currency: cur(g),
          description: `1 × gift (at ${(g.amount / 100).toFixed(2)} / ${s.interval})`,
          invoice: id,
          metadata: meta(g),
          parent: {
            type: 'subscription_item_details',
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: s.id,
              subscription_item: s.item,
            },
          },
          period: { start: at, end: periodEnd },
          subscription: s.id,
          subtotal: g.amount,
        },
      ],
    },
    metadata: {},
    // Before the first attempt: when it is made (at finalization); after a failure: the retry.
    next_payment_attempt: paid ? null : attempts > 0 ? (t.nextAttempt ?? null) : t.finalizedAt,
    number: draft ? null : `${id.slice(3, 11).toUpperCase()}-0001`,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: s.id, metadata: meta(g) },
    },
    period_start: at,
    period_end: at,
    status,
    status_transitions: {
      finalized_at: draft ? null : t.finalizedAt,
      marked_uncollectible_at: null,
      paid_at: paid ? (t.paidAt ?? t.finalizedAt) : null,
      voided_at: null,
    },
    subtotal: g.amount,
    subtotal_excluding_tax: g.amount,
    total: g.amount,
    total_excluding_tax: g.amount,
    webhooks_delivered_at: draft ? null : at,
  }
}

/**
 * The invoice's default InvoicePayment, as `invoice_payment.paid` carries it: Stripe makes it
 * when the invoice is finalized (InvoicePayment.is_default in the package's types), with the
 * invoice's PaymentIntent; `amount_paid` is null until it is paid.
 */
export function invoicePayment(
  s: Subscription,
  invoice: string,
  pi: string,
  t: { finalizedAt: number; paidAt: number },
): Stripe.InvoicePayment {
  return {
    ...invoicePaymentFixture,
    id: `inpay_${invoice.slice(3)}`,
    amount_paid: s.gift.amount,
    amount_requested: s.gift.amount,
    created: t.finalizedAt,
    currency: cur(s.gift),
    invoice,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: pi },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: t.paidAt },
  }
}
