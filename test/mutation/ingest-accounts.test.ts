import { describe, expect, it } from 'vitest'
import { accountOfPayment } from '../../src/ingest/accounts.js'
import type { PaymentEntry } from '../../src/store/payments.js'

// src/ingest/accounts.ts: the account a payment came from is the one its payment entry recorded,
// never another entry's of the same payment (an admin may not move money across accounts).

const entry = (entryKey: string, kind: PaymentEntry['kind'], data: PaymentEntry['data']) =>
  ({
    entryKey,
    campaign: 'news',
    month: '2026-03',
    kind,
    amount: kind === 'refund' ? -500 : 2500,
    currency: 'USD',
    counted: true,
    donation: kind === 'payment' ? 1 : 0,
    donor: null,
    source: 'stripe',
    paymentRef: 'pi_1',
    data,
    occurredAt: '2026-03-10T12:00:00.000Z',
  }) satisfies PaymentEntry

describe('the account of a payment', () => {
  const refund = entry('stripe:refund:re_1', 'refund', {})
  const payment = entry('stripe:payment:pi_1', 'payment', { account: 'acct_1Newsroom' })

  it('is read from the payment entry, whatever entry comes first', () => {
    expect(accountOfPayment([refund, payment], 'stripe:payment:pi_1')).toBe('acct_1Newsroom')
  })

  it("is the platform's own when the payment entry records none or is not there", () => {
    expect(accountOfPayment([payment, refund], 'stripe:refund:re_1')).toBeNull()
    expect(accountOfPayment([], 'stripe:payment:pi_1')).toBeNull()
    expect(accountOfPayment([refund], 'stripe:payment:pi_1')).toBeNull()
  })
})
