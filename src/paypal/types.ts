/**
 * The parts of PayPal's objects this service reads, as PayPal's published OpenAPI documents
 * define them (github.com/paypal/paypal-rest-api-specifications, openapi/): every field is
 * optional here because a webhook body is checked, not trusted.
 */

/** `money` (payments_payment_v2, customer_disputes_v1, billing_subscriptions_v1). */
export interface Money {
  currency_code?: string
  value?: string
}

/** `link_description`. */
export interface Link {
  href?: string
  rel?: string
}

/** `event` (notifications_webhooks_v1): the webhook envelope. */
export interface PaypalEvent {
  id?: string
  create_time?: string
  resource_type?: string
  event_type?: string
  summary?: string
  event_version?: string
  resource_version?: string
  resource?: Record<string, unknown>
}

/** `capture` (payments_payment_v2). */
export interface Capture {
  id?: string
  status?: string
  amount?: Money
  custom_id?: string
  invoice_id?: string
  seller_receivable_breakdown?: {
    gross_amount?: Money
    paypal_fee?: Money
    net_amount?: Money
    receivable_amount?: Money
  }
  links?: Link[]
  create_time?: string
  update_time?: string
}

/** `refund` (payments_payment_v2): a capture's refund or reversal. */
export interface CaptureRefund {
  id?: string
  status?: string
  amount?: Money
  custom_id?: string
  seller_payable_breakdown?: {
    gross_amount?: Money
    paypal_fee?: Money
    net_amount?: Money
  }
  links?: Link[]
  create_time?: string
}

/** `currency` (payments_payment_v1). */
export interface V1Currency {
  currency?: string
  value?: string
}

/** `sale` (payments_payment_v1): a subscription's charge. */
export interface Sale {
  id?: string
  state?: string
  amount?: { currency?: string; total?: string }
  transaction_fee?: V1Currency
  billing_agreement_id?: string
  parent_payment?: string
  create_time?: string
}

/** `detailed_refund` (payments_payment_v1): a sale's refund or reversal. */
export interface SaleRefund {
  id?: string
  state?: string
  amount?: { currency?: string; total?: string }
  sale_id?: string
  refund_from_transaction_fee?: V1Currency
  refund_from_received_amount?: V1Currency
  create_time?: string
}

/** `dispute` (customer_disputes_v1). */
export interface Dispute {
  dispute_id?: string
  create_time?: string
  update_time?: string
  status?: string
  dispute_amount?: Money
  disputed_transactions?: { seller_transaction_id?: string; custom?: string }[]
  dispute_outcome?: { outcome_code?: string; amount_refunded?: Money }
}

/** `subscription` (billing_subscriptions_v1). */
export interface Subscription {
  id?: string
  status?: string
  status_update_time?: string
  plan_id?: string
  custom_id?: string
  billing_info?: { last_payment?: { amount?: Money; time?: string } }
  create_time?: string
  update_time?: string
}
