import type Stripe from 'stripe'
import type { Conversions } from '../ingest/convert.js'
import type { InvoiceLinks } from '../ingest/lookup-links.js'
import { invoiceFacts } from './map-billing.js'
import { invoiceLinkFact } from './map-fields.js'

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

/** The ingest's missing invoice links, answered by Stripe's API (`invoice_payments`, invoices). */
export function stripeInvoiceLinks(stripe: Stripe): InvoiceLinks {
  return {
    invoiceFacts: async (paymentRef, known) => {
      let invoice = known
      if (!invoice) {
        const list = await stripe.invoicePayments.list({
          payment: { type: 'payment_intent', payment_intent: paymentRef },
          limit: 3,
        })
        const paid = list.data.find((p) => p.status === 'paid') ?? list.data[0]
        const inv = paid?.invoice
        invoice = typeof inv === 'string' ? inv : (inv?.id ?? null)
      }
      if (!invoice) return []
      return [
        invoiceLinkFact(paymentRef, invoice),
        ...invoiceFacts(await stripe.invoices.retrieve(invoice)),
      ]
    },
  }
}
