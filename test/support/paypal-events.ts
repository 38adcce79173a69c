/**
 * PayPal webhook events shaped from PayPal's published schemas (paypal-rest-api-specifications:
 * notifications_webhooks_v1 `event`, payments_payment_v2 `capture`/`refund`, payments_payment_v1
 * `sale`/`detailed_refund`, customer_disputes_v1 `dispute`, billing_subscriptions_v1
 * `subscription`).
 */
let n = 0
const eventId = () => `WH-${(++n).toString().padStart(8, '0')}FAKE-${Date.now().toString(36)}`

export function paypalEvent(
  type: string,
  resourceType: string,
  resource: Record<string, unknown>,
  createTime = '2026-11-10T12:00:00Z',
) {
  return {
    id: eventId(),
    create_time: createTime,
    resource_type: resourceType,
    event_type: type,
    summary: `${type} (fake)`,
    resource_version: '2.0',
    event_version: '1.0',
    resource,
    links: [],
  }
}

const money = (value: string, currency = 'USD') => ({ currency_code: currency, value })

export function captureCompleted(
  id: string,
  value: string,
  o: { customId?: string; fee?: string; currency?: string; time?: string } = {},
) {
  const currency = o.currency ?? 'USD'
  const time = o.time ?? '2026-11-10T12:00:00Z'
  return paypalEvent(
    'PAYMENT.CAPTURE.COMPLETED',
    'capture',
    {
      id,
      status: 'COMPLETED',
      amount: money(value, currency),
      final_capture: true,
      ...(o.customId ? { custom_id: o.customId } : {}),
      seller_protection: { status: 'ELIGIBLE' },
      ...(o.fee
        ? {
            seller_receivable_breakdown: {
              gross_amount: money(value, currency),
              paypal_fee: money(o.fee, currency),
              net_amount: money(
                ((Number(value) * 100 - Number(o.fee) * 100) / 100).toFixed(2),
                currency,
              ),
            },
          }
        : {}),
      links: [
        { href: `https://api.sandbox.paypal.com/v2/payments/captures/${id}`, rel: 'self' },
        { href: `https://api.sandbox.paypal.com/v2/payments/captures/${id}/refund`, rel: 'refund' },
      ],
      create_time: time,
      update_time: time,
    },
    time,
  )
}

export function captureRefund(
  id: string,
  captureId: string,
  value: string,
  o: { reversed?: boolean; status?: string; fee?: string; time?: string } = {},
) {
  const time = o.time ?? '2026-11-12T12:00:00Z'
  return paypalEvent(
    o.reversed ? 'PAYMENT.CAPTURE.REVERSED' : 'PAYMENT.CAPTURE.REFUNDED',
    'refund',
    {
      id,
      status: o.status ?? 'COMPLETED',
      amount: money(value),
      ...(o.fee
        ? {
            seller_payable_breakdown: {
              gross_amount: money(value),
              paypal_fee: money(o.fee),
              net_amount: money(((Number(value) * 100 - Number(o.fee) * 100) / 100).toFixed(2)),
            },
          }
        : {}),
      payer: { email_address: 'merchant@example.com', merchant_id: 'MERCHANT1' },
      links: [
        { href: `https://api.sandbox.paypal.com/v2/payments/refunds/${id}`, rel: 'self' },
        { href: `https://api.sandbox.paypal.com/v2/payments/captures/${captureId}`, rel: 'up' },
      ],
      create_time: time,
      update_time: time,
    },
    time,
  )
}

export function saleCompleted(
  id: string,
  total: string,
  subscription: string,
  fee = '0.59',
  o: { currency?: string; time?: string } = {},
) {
  const time = o.time ?? '2026-11-11T09:00:00Z'
  const currency = o.currency ?? 'USD'
  return paypalEvent(
    'PAYMENT.SALE.COMPLETED',
    'sale',
    {
      id,
      state: 'completed',
      amount: { total, currency, details: { subtotal: total } },
      payment_mode: 'INSTANT_TRANSFER',
      protection_eligibility: 'ELIGIBLE',
      transaction_fee: { value: fee, currency },
      billing_agreement_id: subscription,
      create_time: time,
      update_time: time,
      links: [],
    },
    time,
  )
}

export function saleRefund(id: string, saleId: string, total: string, reversed = false) {
  const time = '2026-11-13T09:00:00Z'
  return paypalEvent(
    reversed ? 'PAYMENT.SALE.REVERSED' : 'PAYMENT.SALE.REFUNDED',
    'refund',
    {
      id,
      state: 'completed',
      amount: { total, currency: 'USD' },
      sale_id: saleId,
      parent_payment: 'PAYID-FAKE',
      create_time: time,
      update_time: time,
      links: [],
    },
    time,
  )
}

export function dispute(
  id: string,
  transaction: string,
  value: string,
  resolved?: { outcome: string },
) {
  const time = '2026-11-14T09:00:00Z'
  return paypalEvent(
    resolved ? 'CUSTOMER.DISPUTE.RESOLVED' : 'CUSTOMER.DISPUTE.CREATED',
    'dispute',
    {
      dispute_id: id,
      create_time: time,
      update_time: resolved ? '2026-11-20T09:00:00Z' : time,
      disputed_transactions: [
        {
          seller_transaction_id: transaction,
          buyer: { name: 'A Reader' },
          gross_amount: money(value),
        },
      ],
      reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
      status: resolved ? 'RESOLVED' : 'OPEN',
      dispute_amount: money(value),
      ...(resolved ? { dispute_outcome: { outcome_code: resolved.outcome } } : {}),
      dispute_life_cycle_stage: 'CHARGEBACK',
      dispute_channel: 'EXTERNAL',
    },
    resolved ? '2026-11-20T09:00:00Z' : time,
  )
}

export function subscriptionEvent(
  type: 'ACTIVATED' | 'CANCELLED' | 'SUSPENDED' | 'EXPIRED',
  id: string,
  customId: string | undefined,
  lastPayment = '10.00',
  time = '2026-11-11T08:59:00Z',
) {
  return paypalEvent(
    `BILLING.SUBSCRIPTION.${type}`,
    'subscription',
    {
      id,
      status: type === 'ACTIVATED' ? 'ACTIVE' : type,
      plan_id: 'P-5ML4271244454362WXNWU5NQ',
      start_time: time,
      quantity: '1',
      ...(customId ? { custom_id: customId } : {}),
      subscriber: { email_address: 'reader@example.com', name: { given_name: 'A' } },
      billing_info: {
        outstanding_balance: money('0.00'),
        last_payment: { amount: money(lastPayment), time },
        failed_payments_count: 0,
      },
      create_time: time,
      update_time: time,
      links: [],
    },
    time,
  )
}
