import { toMajorString } from '../../src/domain/money.js'

/**
 * The fake PayPal's objects as PayPal's published OpenAPI documents shape them
 * (github.com/paypal/paypal-rest-api-specifications: checkout_orders_v2.json `order`,
 * `purchase_unit`, `capture`; billing_subscriptions_v1.json `subscription`).
 */

export type Json = Record<string, unknown>
export type MoneyJson = { currency_code: string; value: string }

export interface FakeOrder {
  id: string
  status: 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'COMPLETED'
  request: Json
  amount: MoneyJson
  customId: string
  returnUrl: string
  cancelUrl: string
  captureId?: string
}

export interface FakeSubscription {
  id: string
  status: 'APPROVAL_PENDING' | 'ACTIVE'
  planId: string
  customId: string
  returnUrl: string
  cancelUrl: string
  baToken: string
  sales: string[]
}

/** Minor units of a money value with two decimals (the fake's currencies: USD, EUR). */
export const minor = (v: string) => {
  const [a, b = ''] = v.split('.')
  return Number(a) * 100 + Number(b.padEnd(2, '0').slice(0, 2))
}
/** PayPal's fee as the fake books it: 3.49 % + 0.49 (whole cents). */
export const feeOf = (m: MoneyJson) =>
  toMajorString(Math.round((minor(m.value) * 349) / 10_000) + 49, m.currency_code)

export function orderJson(o: FakeOrder, base: string, now: Date): Json {
  const captured = o.status === 'COMPLETED' && o.captureId
  const time = now.toISOString()
  return {
    id: o.id,
    intent: 'CAPTURE',
    status: o.status,
    payment_source: { paypal: { account_id: 'FAKEPAYER1', email_address: 'reader@example.com' } },
    purchase_units: [
      {
        reference_id: 'default',
        amount: o.amount,
        custom_id: o.customId,
        ...(captured
          ? {
              payments: {
                captures: [
                  {
                    id: o.captureId,
                    status: 'COMPLETED',
                    amount: o.amount,
                    custom_id: o.customId,
                    final_capture: true,
                    seller_receivable_breakdown: {
                      gross_amount: o.amount,
                      paypal_fee: {
                        currency_code: o.amount.currency_code,
                        value: feeOf(o.amount),
                      },
                    },
                    create_time: time,
                    update_time: time,
                  },
                ],
              },
            }
          : {}),
      },
    ],
    links: [
      { href: `${base}/v2/checkout/orders/${o.id}`, rel: 'self', method: 'GET' },
      ...(o.status === 'PAYER_ACTION_REQUIRED'
        ? [
            {
              href: `${base}/checkoutnow?token=${o.id}`,
              rel: 'payer-action',
              method: 'GET',
            },
          ]
        : []),
    ],
  }
}

export function subscriptionJson(s: FakeSubscription, base: string, now: Date): Json {
  const time = now.toISOString()
  return {
    id: s.id,
    plan_id: s.planId,
    status: s.status,
    custom_id: s.customId,
    quantity: '1',
    create_time: time,
    status_update_time: time,
    links: [
      ...(s.status === 'APPROVAL_PENDING'
        ? [
            {
              href: `${base}/webapps/billing/subscriptions?ba_token=${s.baToken}`,
              rel: 'approve',
              method: 'GET',
            },
          ]
        : []),
      { href: `${base}/v1/billing/subscriptions/${s.id}`, rel: 'self', method: 'GET' },
    ],
  }
}
