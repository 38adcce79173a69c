import type Stripe from 'stripe'
import { invoiceFixture, invoicePaymentFixture, subscriptionFixture } from './stripe-fixtures.js'
import { addMonthsUnix, cur, meta, type Subscription, uid } from './stripe-gift.js'

/** A monthly gift's Subscription, its Invoices and their InvoicePayments. */

/** The subscription object as `customer.subscription.*` carries it (periods on the item). */
export function subscriptionObject(
  s: Subscription,
  status: Stripe.Subscription.Status,
  periodStart: number,
  latestInvoice: string | null = null,
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
      product: `prod_${s.price.slice(6)}`,
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
    canceled_at: status === 'canceled' ? periodStart : null,
    collection_method: 'charge_automatically',
    created: g.at,
    currency: cur(g),
    customer: s.customer,
    default_payment_method: `pm_${s.id.slice(4)}`,
    description: null,
    discounts: [],
    ended_at: status === 'canceled' ? periodStart : null,
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

export function invoiceObject(
  s: Subscription,
  id: string,
  at: number,
  status: 'draft' | 'open' | 'paid',
  reason: Stripe.Invoice.BillingReason,
): Stripe.Invoice {
  const g = s.gift
  const paid = status === 'paid'
  const periodEnd = addMonthsUnix(at, 1)
  return {
    ...invoiceFixture,
    id,
    amount_due: g.amount,
    amount_overpaid: 0,
    amount_paid: paid ? g.amount : 0,
    amount_remaining: paid ? 0 : g.amount,
    attempt_count: paid ? 1 : 0,
    attempted: paid,
    auto_advance: !paid,
    billing_reason: reason,
    collection_method: 'charge_automatically',
    created: at,
    currency: cur(g),
    customer: s.customer,
    customer_email: g.email ?? null,
    due_date: null,
    effective_at: status === 'draft' ? null : at,
    ending_balance: status === 'draft' ? null : 0,
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
    next_payment_attempt: paid ? null : at + 3600,
    number: status === 'draft' ? null : `${id.slice(3, 11).toUpperCase()}-0001`,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: s.id, metadata: meta(g) },
    },
    period_start: at,
    period_end: at,
    status,
    status_transitions: {
      finalized_at: status === 'draft' ? null : at,
      marked_uncollectible_at: null,
      paid_at: paid ? at + 1 : null,
      voided_at: null,
    },
    subtotal: g.amount,
    subtotal_excluding_tax: g.amount,
    total: g.amount,
    total_excluding_tax: g.amount,
    webhooks_delivered_at: status === 'draft' ? null : at,
  }
}

export function invoicePayment(
  s: Subscription,
  invoice: string,
  pi: string,
  at: number,
): Stripe.InvoicePayment {
  return {
    ...invoicePaymentFixture,
    id: uid('inpay'),
    amount_paid: s.gift.amount,
    amount_requested: s.gift.amount,
    created: at,
    currency: cur(s.gift),
    invoice,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: pi },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: at + 1 },
  }
}
