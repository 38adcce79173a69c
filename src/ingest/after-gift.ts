import type { CompiledQuery } from 'kysely'
import { thanksId, thanksRowQuery } from '../store/outbox.js'
import type { PaymentState } from '../store/payments.js'
import type { Store } from '../store/store.js'
import { supporterQuery } from '../store/supporters.js'
import type { Plan } from './decide.js'
import type { IncomingEvent } from './facts.js'

/** Seals an address for its outbox row (src/mail/seal.ts); none when no e-mail is configured. */
export type SealAddress = (address: string, rowId: string) => Promise<string>

const PAYMENT_REF = /^(pi|ch|py)_/
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/

/**
 * What an event's unit writes besides money, so it lands with the payment or never: a consented
 * display name, and, when mail is configured, the payment's thank-you row in the outbox with
 * its address sealed. The address comes from the event itself (a PaymentIntent's receipt_email,
 * a charge's billing e-mail, a Checkout Session's customer_details); an invoice's address goes
 * to the payment its `invoice_payment` fact names. Nothing here is stored in clear.
 */
export async function afterGiftQueries(
  store: Pick<Store, 'dialect'>,
  unit: { event: IncomingEvent; plan: Plan; state: PaymentState; at: string },
  seal: SealAddress | undefined,
): Promise<CompiledQuery[]> {
  const { event, plan, state, at } = unit
  const out: CompiledQuery[] = []
  const account = event.account ?? null
  // A name goes on the wall of a campaign of the event's own Stripe account only (Connect).
  const otherAccount = (slug: string) => {
    const c = state.campaigns.find((x) => x.slug === slug)
    return c !== undefined && c.account !== account
  }
  for (const f of event.facts) {
    if (f.wallName && f.campaign && !otherAccount(f.campaign)) {
      out.push(
        supporterQuery(
          store,
          { paymentRef: f.paymentRef, campaign: f.campaign, name: f.wallName },
          at,
        ),
      )
    }
  }
  if (!seal) return out
  const addresses = new Map<string, string>()
  const give = (ref: string, email: string | null | undefined) => {
    const a = email?.trim()
    if (a && ADDRESS.test(a) && PAYMENT_REF.test(ref) && !addresses.has(ref)) addresses.set(ref, a)
  }
  for (const m of event.money) if (m.kind === 'payment') give(m.paymentRef, m.donor?.email)
  const links = [...state.facts, ...event.facts].filter((f) => f.source === 'invoice_payment')
  for (const f of event.facts) {
    if (PAYMENT_REF.test(f.paymentRef)) give(f.paymentRef, f.donor?.email)
    else for (const l of links) if (l.link === f.paymentRef) give(l.paymentRef, f.donor?.email)
  }
  const payments = plan.entries.flatMap(({ entry: e }) =>
    e.kind === 'payment' && e.source === 'stripe' && e.paymentRef ? [e.paymentRef] : [],
  )
  for (const ref of new Set([...payments, ...addresses.keys()])) {
    const address = addresses.get(ref)
    const sealed = address ? await seal(address, thanksId(ref)) : null
    out.push(thanksRowQuery(store, ref, sealed, at))
  }
  return out
}
