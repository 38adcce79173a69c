import type { PaymentEntry } from '../store/payments.js'

/** The ignore reason of an event from a connected account no campaign names. */
export const unknownAccountReason = (account: string) =>
  `Connected account ${account} is named by no campaign: set stripeAccount on the campaign it is for`

/**
 * The Stripe account a payment's money came from, as its payment entry recorded it (`null`:
 * the platform's own, or an entry written before accounts were recorded).
 */
export function accountOfPayment(entries: readonly PaymentEntry[], key: string): string | null {
  const account = entries.find((e) => e.entryKey === key)?.data.account
  return typeof account === 'string' ? account : null
}
