import type Stripe from 'stripe'
import {
  chargeFixture,
  customerFixture,
  paymentIntentFixture,
  paymentMethodFixture,
  sessionFixture,
} from './stripe-fixtures.js'
import { cur, type Gift, meta, uid } from './stripe-gift.js'

/** A gift's Customer, PaymentMethod, PaymentIntent, Charge and Checkout Session. */

/** The failure code of a failed charge here (illustrative: the service reads no failure code). */
export const FAILURE_CODE = 'insufficient_funds'

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

/** What a card or debit carries of its payer here: the e-mail Checkout collected, no more. */
function billingDetails(g: Gift) {
  return { address: null, email: g.email ?? null, name: null, phone: null, tax_id: null }
}

export function paymentMethodObject(id: string, g: Gift, customer: string): Stripe.PaymentMethod {
  return {
    ...paymentMethodFixture,
    id,
    billing_details: billingDetails(g),
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
    /** The failed attempt's code (the charge's `failure_code`), when the payment failed. */
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
      ? {
          type: method === 'card' ? 'card_error' : 'invalid_request_error',
          code: o.error,
          message: 'The payment failed.',
        }
      : null,
    latest_charge: o.charge,
    managed_payments: null,
    metadata: o.metadata,
    next_action: null,
    payment_method: o.status === 'requires_payment_method' ? null : `pm_${id.slice(3)}`,
    payment_method_configuration_details: null,
    payment_method_types: [method],
    // The type admits `card` only: a bank debit in `processing` has no `processing` details.
    processing: o.status === 'processing' && method === 'card' ? { type: 'card' } : null,
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
    billing_details: billingDetails(g),
    captured: status === 'succeeded',
    created: g.at,
    currency: cur(g),
    customer,
    disputed: false,
    failure_code: status === 'failed' ? FAILURE_CODE : null,
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
