import {
  captureCompleted,
  captureRefund,
  dispute,
  saleCompleted,
  saleRefund,
  subscriptionEvent,
} from './paypal-events.js'

/** Every PayPal movement of a month: gifts once and monthly, refunds, disputes. */
export function month() {
  return [
    captureCompleted('C1000000000000001', '15.00', { customId: 'news', fee: '0.80' }),
    captureCompleted('C2000000000000002', '20.00'),
    captureRefund('R1000000000000001', 'C1000000000000001', '5.00'),
    captureCompleted('C3000000000000003', '12.00', { customId: 'radio' }),
    dispute('PP-D-1001', 'C3000000000000003', '12.00'),
    dispute('PP-D-1002', 'C2000000000000002', '20.00'),
    dispute('PP-D-1002', 'C2000000000000002', '20.00', { outcome: 'RESOLVED_SELLER_FAVOUR' }),
    subscriptionEvent('ACTIVATED', 'I-SUB0000001', 'radio'),
    saleCompleted('S1000000000000001', '10.00', 'I-SUB0000001'),
    saleRefund('SR100000000000001', 'S1000000000000001', '4.00'),
    captureCompleted('C4000000000000004', '7.00', { customId: 'no-such-campaign' }),
  ]
}

/**
 * Chargebacks PayPal tells twice: a dispute and a reversal of the same capture (or sale). Each
 * capture's chargeback subtracts once; the one the seller wins comes back once.
 */
export function chargebacks() {
  return [
    captureCompleted('C5000000000000005', '30.00', { customId: 'news' }),
    dispute('PP-D-1005', 'C5000000000000005', '30.00'),
    captureRefund('RV50000000000005', 'C5000000000000005', '30.00', { reversed: true }),
    captureCompleted('C6000000000000006', '25.00', { customId: 'radio' }),
    captureRefund('RV60000000000006', 'C6000000000000006', '25.00', { reversed: true }),
    dispute('PP-D-1006', 'C6000000000000006', '25.00'),
    dispute('PP-D-1006', 'C6000000000000006', '25.00', { outcome: 'RESOLVED_SELLER_FAVOUR' }),
    subscriptionEvent('ACTIVATED', 'I-SUB0000007', 'radio', '8.00'),
    saleCompleted('S7000000000000007', '8.00', 'I-SUB0000007'),
    saleRefund('SV700000000000007', 'S7000000000000007', '8.00', true),
    dispute('PP-D-1007', 'S7000000000000007', '8.00'),
  ]
}

/** What chargebacks() adds up to: news 30 - 30; radio 25 - 25 + 25 (won) and 8 - 8. */
export const CHARGEBACK_TOTALS = {
  news: { pledged: 0, donations: 1 },
  radio: { pledged: 2500, donations: 2 },
}

/** A seeded shuffle (mulberry32), so a failing order can be replayed. */
export function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

/** What month() adds up to in each campaign (news is the default, radio is named). */
export const MONTH_TOTALS = {
  // 15 - 5 refunded + 20 (disputed, then won) + 7 (custom_id names no campaign: default)
  news: { pledged: 3700, gross: 3700, fees: 80, donations: 3 },
  // 12 - 12 disputed + 10 monthly (to the subscription's campaign) - 4 refunded
  radio: { pledged: 600, fees: 59, donations: 2 },
}
