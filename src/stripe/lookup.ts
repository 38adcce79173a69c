import type Stripe from 'stripe'
import type { Conversions } from '../ingest/convert.js'

/** The ingest's currency conversions, answered by Stripe's API (type-only import: no load). */
export function stripeConversions(stripe: Stripe): Conversions {
  return {
    chargeBalanceTransaction: async (charge) => {
      const ch = await stripe.charges.retrieve(charge)
      const bt = ch.balance_transaction
      return typeof bt === 'string' ? bt : (bt?.id ?? null)
    },
    balanceTransaction: async (id) => {
      const bt = await stripe.balanceTransactions.retrieve(id)
      return { amount: bt.amount, currency: bt.currency }
    },
  }
}
