import type Stripe from 'stripe'
import type { Conversions } from '../ingest/convert.js'
import type { InvoiceLinks } from '../ingest/lookup-links.js'
import { invoiceFacts } from './map-billing.js'
import { invoiceLinkFact } from './map-fields.js'

/**
 * Request options for an object of a connected account: Stripe finds it only with that account's
 * `Stripe-Account` header. None for the platform's own.
 */
export const onAccount = (account: string | null): Stripe.RequestOptions =>
  account ? { stripeAccount: account } : {}

/** The ingest's currency conversions, answered by Stripe's API (type-only import: no load). */
export function stripeConversions(stripe: Stripe): Conversions {
  return {
    chargeBalanceTransaction: async (charge, account) => {
      const ch = await stripe.charges.retrieve(charge, {}, onAccount(account))
      const bt = ch.balance_transaction
      return typeof bt === 'string' ? bt : (bt?.id ?? null)
    },
    balanceTransaction: async (id, account) => {
      const bt = await stripe.balanceTransactions.retrieve(id, {}, onAccount(account))
      return { amount: bt.amount, currency: bt.currency }
    },
  }
}

/** The ingest's missing invoice links, answered by Stripe's API (`invoice_payments`, invoices). */
export function stripeInvoiceLinks(stripe: Stripe): InvoiceLinks {
  return {
    invoiceFacts: async (paymentRef, known, account) => {
      let invoice = known
      if (!invoice) {
        const list = await stripe.invoicePayments.list(
          { payment: { type: 'payment_intent', payment_intent: paymentRef }, limit: 3 },
          onAccount(account),
        )
        const paid = list.data.find((p) => p.status === 'paid') ?? list.data[0]
        const inv = paid?.invoice
        invoice = typeof inv === 'string' ? inv : (inv?.id ?? null)
      }
      if (!invoice) return []
      return [
        invoiceLinkFact(paymentRef, invoice),
        ...invoiceFacts(await stripe.invoices.retrieve(invoice, {}, onAccount(account))),
      ]
    },
  }
}
