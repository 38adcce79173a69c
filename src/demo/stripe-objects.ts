import Stripe from 'stripe'
import {
  chargeFixture,
  customerFixture,
  invoiceFixture,
  invoicePaymentFixture,
  paymentIntentFixture,
  paymentMethodFixture,
  sessionFixture,
  subscriptionFixture,
} from './stripe-fixtures.js'

/**
 * Stripe objects as webhooks carry them on the API version the stripe package pins
 * (2026-10-28.endive, a basil-line version): each starts from Stripe's own fixture for the
 * resource (stripe-fixtures.ts, generated from fixtures3.json) and overrides what a gift sets.
 * Every builder returns the package's type, so the compiler checks each field. Shared by the
 * demo's stand-in Checkout and the tests' fake Stripe (test/support/fake-stripe.ts).
 */

let seq = 0
/** A fresh Stripe-looking id (`pi_…`), unique within the process. */
export const uid = (prefix: string) =>
  `${prefix}_${(++seq).toString(36).padStart(6, '0')}${crypto.randomUUID().replace(/-/g, '').slice(0, 14)}`

/** How the reader pays: a card succeeds at once; SEPA Debit settles days later, or fails. */
export type Method = 'card' | 'sepa_debit'

export interface Gift {
  /** Minor units. */
  amount: number
  /** Lower-case ISO code, as Stripe writes it. */
  currency?: string
  /** Unix seconds the reader paid. */
  at: number
  campaign?: string
  /** The e-mail typed in Checkout. */
  email?: string
  method?: Method
}

export interface Subscription {
  id: string
  customer: string
  item: string
  price: string
  gift: Gift
  interval: 'month' | 'year' | 'week'
}

const cur = (g: Gift) => g.currency ?? 'usd'
const meta = (g: Gift): Stripe.Metadata => (g.campaign ? { campaign: g.campaign } : {})

/** The event envelope Stripe posts (`previous` for `*.updated`: the fields that changed). */
export function stripeEvent(
  type: Stripe.Event.Type,
  object: object,
  created: number,
  previous?: Record<string, unknown>,
): Stripe.Event {
  const data = previous ? { object, previous_attributes: previous } : { object }
  // The envelope's type is a union keyed by `type`; the object is checked by its builder.
  return {
    id: uid('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    data,
    livemode: false,
    pending_webhooks: 1,
    request: { id: uid('req'), idempotency_key: null },
    type,
  } as unknown as Stripe.Event
}

export function customerObject(id: string, g: Gift): Stripe.Customer {
  return {
    ...customerFixture,
    id,
    created: g.at,
    email: g.email ?? null,
    name: null,
    address: null,
    shipping: null,
    discount: null,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    metadata: {},
  }
}

export function paymentMethodObject(id: string, g: Gift, customer: string): Stripe.PaymentMethod {
  return {
    ...paymentMethodFixture,
    id,
    billing_details: {
      address: null,
      email: g.email ?? null,
      name: null,
      phone: null,
      tax_id: null,
    },
    created: g.at,
    customer,
    metadata: {},
  }
}

export function paymentIntent(
  id: string,
  g: Gift,
  o: {
    customer: string | null
    metadata: Stripe.Metadata
    status: Stripe.PaymentIntent.Status
    charge: string | null
    /** Set when a delayed payment failed. */
    error?: string
  },
): Stripe.PaymentIntent {
  const method = g.method ?? 'card'
  return {
    ...paymentIntentFixture,
    id,
    amount: g.amount,
    amount_received: o.status === 'succeeded' ? g.amount : 0,
    automatic_payment_methods: null,
    canceled_at: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${id.slice(-10)}`,
    created: g.at,
    currency: cur(g),
    customer: o.customer,
    last_payment_error: o.error
      ? { type: 'invalid_request_error', code: o.error, message: 'The payment failed.' }
      : null,
    latest_charge: o.charge,
    managed_payments: null,
    metadata: o.metadata,
    next_action: null,
    payment_method: o.status === 'requires_payment_method' ? null : `pm_${id.slice(3)}`,
    payment_method_configuration_details: null,
    payment_method_types: [method],
    processing: o.status === 'processing' ? { type: 'card' } : null,
    shipping: null,
    status: o.status,
  }
}

export function charge(
  id: string,
  pi: string,
  g: Gift,
  customer: string | null,
  status: 'succeeded' | 'pending' | 'failed',
): Stripe.Charge {
  const method = g.method ?? 'card'
  const details: Stripe.Charge.PaymentMethodDetails =
    method === 'card'
      ? {
          ...(chargeFixture.payment_method_details as Stripe.Charge.PaymentMethodDetails),
          type: 'card',
        }
      : {
          type: 'sepa_debit',
          sepa_debit: {
            bank_code: '37040044',
            branch_code: null,
            country: 'DE',
            fingerprint: `fp${id.slice(-10)}`,
            last4: '3000',
            mandate: `mandate_${id.slice(3)}`,
          },
        }
  return {
    ...chargeFixture,
    id,
    amount: g.amount,
    amount_captured: status === 'succeeded' ? g.amount : 0,
    amount_refunded: 0,
    balance_transaction: null,
    billing_details: {
      address: null,
      email: g.email ?? null,
      name: null,
      phone: null,
      tax_id: null,
    },
    captured: status === 'succeeded',
    created: g.at,
    currency: cur(g),
    customer,
    disputed: false,
    failure_code: status === 'failed' ? 'insufficient_funds' : null,
    failure_message: status === 'failed' ? 'The account has insufficient funds.' : null,
    fraud_details: {},
    metadata: {},
    outcome: chargeFixture.outcome && {
      ...chargeFixture.outcome,
      ...(status === 'failed'
        ? { type: 'issuer_declined', network_status: 'declined_by_network' }
        : {}),
    },
    paid: status === 'succeeded',
    payment_intent: pi,
    payment_method: `pm_${pi.slice(3)}`,
    payment_method_details: details,
    receipt_email: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    status,
  }
}

export function session(
  g: Gift,
  o: {
    id?: string
    mode: 'payment' | 'subscription'
    pi: string | null
    customer: string | null
    subscription: string | null
    invoice: string | null
    paymentStatus: 'paid' | 'unpaid'
    successUrl?: string
    cancelUrl?: string
  },
): Stripe.Checkout.Session {
  return {
    ...sessionFixture,
    id: o.id ?? uid('cs_test'),
    after_expiration: null,
    amount_subtotal: g.amount,
    amount_total: g.amount,
    cancel_url: o.cancelUrl ?? null,
    consent_collection: null,
    created: g.at - 60,
    currency: cur(g),
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: o.customer,
    // `if_required` (the default) makes a customer in subscription mode only.
    customer_creation: 'if_required',
    customer_details: {
      address: null,
      business_name: null,
      email: g.email ?? null,
      individual_name: null,
      name: null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    customer_email: null,
    expires_at: g.at - 60 + 86400,
    invoice: o.invoice,
    invoice_creation:
      o.mode === 'payment'
        ? ({
            ...sessionFixture.invoice_creation,
            enabled: false,
          } as Stripe.Checkout.Session.InvoiceCreation)
        : null,
    metadata: meta(g),
    mode: o.mode,
    payment_intent: o.pi,
    payment_method_types: [g.method ?? 'card'],
    payment_status: o.paymentStatus,
    status: 'complete',
    submit_type: o.mode === 'payment' ? 'donate' : null,
    subscription: o.subscription,
    success_url: o.successUrl ?? null,
    ui_mode: 'hosted_page',
    url: null,
  }
}

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

/** The same day and time `months` later in UTC (clamped to the month's last day), as Stripe bills. */
export function addMonthsUnix(at: number, months: number): number {
  const d = new Date(at * 1000)
  const day = d.getUTCDate()
  const t = new Date(d)
  t.setUTCDate(1)
  t.setUTCMonth(t.getUTCMonth() + months)
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate()
  t.setUTCDate(Math.min(day, last))
  return Math.floor(t.getTime() / 1000)
}
