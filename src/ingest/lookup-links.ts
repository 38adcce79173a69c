import type { MoneyEffect, PaymentFact } from './facts.js'
import { linkChain } from './place.js'

/** Stripe's API for a link no webhook brought yet (src/stripe/api-lookups.ts). */
export interface InvoiceLinks {
  /**
   * The invoice a payment belongs to and what it says (the payment's link to it, the invoice's
   * campaign, donor and subscription), or [] when the payment has no invoice. `invoice` is the
   * invoice when already known; `account` the connected account the payment is in (null: the
   * platform's own).
   */
  invoiceFacts(
    paymentRef: string,
    invoice: string | null,
    account: string | null,
  ): Promise<PaymentFact[]>
}

type Linked = { paymentRef: string; link: string | null; campaign: string | null }

/**
 * Facts looked up for the payments of an event that nothing places yet: no campaign of their
 * own nor through their links, and a customer (a guest's one-off payment has none, so it costs no
 * call). A lookup that fails leaves the payment to the default campaign; a later invoice event
 * still moves it there.
 */
export async function missingLinks(
  links: InvoiceLinks,
  money: readonly MoneyEffect[],
  facts: readonly Linked[],
  account: string | null = null,
): Promise<PaymentFact[]> {
  const out: PaymentFact[] = []
  for (const m of money) {
    if (m.kind !== 'payment' || m.campaign || !m.donor?.customer) continue
    const chain = linkChain(m.paymentRef, facts)
    if (facts.some((f) => chain.includes(f.paymentRef) && f.campaign)) continue
    const invoice = chain[1] ?? null
    // An invoice we already know of and that names no campaign: the API would not add one.
    if (invoice && facts.some((f) => f.paymentRef === invoice)) continue
    try {
      out.push(...(await links.invoiceFacts(m.paymentRef, invoice, account)))
    } catch {
      // Stripe's API unreachable: the payment lands by default and is moved when its invoice
      // event comes.
    }
  }
  return out
}
