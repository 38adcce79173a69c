import type Stripe from 'stripe'
import { type Conversions, LookupMissing } from '../ingest/convert.js'
import type { InvoiceLinks } from '../ingest/lookup-links.js'
import { balanceFigures } from './map-balance.js'
import { invoiceFacts } from './map-billing.js'
import { invoiceLinkFact } from './map-fields.js'

/**
 * Request options for an object of a connected account: Stripe finds it only with that account's
 * `Stripe-Account` header. None for the platform's own.
 */
export const onAccount = (account: string | null): Stripe.RequestOptions =>
  account ? { stripeAccount: account } : {}

/** Stripe's "no such object" (`resource_missing`) as the ingest's own, other errors as they are. */
async function found<T>(call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code
    if (code === 'resource_missing') throw new LookupMissing((err as Error).message)
    throw err
  }
}

/**
 * The ingest's balance transaction lookups (currency conversions and fees), answered by Stripe's
 * API (type-only import: no load).
 */
export function stripeConversions(stripe: Stripe): Conversions {
  return {
    chargeBalanceTransaction: async (charge, account) => {
      const ch = await found(stripe.charges.retrieve(charge, {}, onAccount(account)))
      const bt = ch.balance_transaction
      return typeof bt === 'string' ? bt : (bt?.id ?? null)
    },
    balanceTransaction: async (id, account) =>
      balanceFigures(await found(stripe.balanceTransactions.retrieve(id, {}, onAccount(account)))),
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
