import { loadPaymentState, type PaymentState } from '../store/payments.js'
import type { Store } from '../store/store.js'
import { type IncomingEvent, type PaymentFact, paymentRefs } from './facts.js'
import { type InvoiceLinks, missingLinks } from './lookup-links.js'
import { linkClosure } from './place.js'

/** An event's decision input once the payments linked to it are loaded. */
export interface LinkedState {
  /** The event's payments and every payment linked to them. */
  refs: string[]
  state: PaymentState
  /** The event, its facts completed with any link looked up from Stripe's API. */
  event: IncomingEvent
}

/**
 * The state an event decides from, with the objects linked to its payments (a PaymentIntent,
 * its invoice, the invoice's subscription, either way) loaded too; and the facts the event
 * brings, completed from Stripe's API (`links`, when configured) where a payment's link is still
 * missing. `first` is the state already loaded for the event's own payments.
 */
export async function loadLinked(
  store: Store,
  links: InvoiceLinks | undefined,
  event: IncomingEvent,
  slugs: string[],
  first: PaymentState,
): Promise<LinkedState> {
  const account = event.account ?? null
  let refs = paymentRefs(event)
  let state = first
  let facts: PaymentFact[] = event.facts
  let looked = !links
  // Stryker disable next-line EqualityOperator,UpdateOperator: a bound against a cycle of links; Stripe's longest chain (charge, PaymentIntent, invoice, subscription) closes in three rounds, so no input reaches a sixth
  for (let round = 0; round < 6; round++) {
    const closure = linkClosure(refs, [...state.facts, ...facts])
    if (closure.length === refs.length) {
      if (looked || !links) break
      looked = true
      const found = await missingLinks(links, event.money, [...state.facts, ...facts], account)
      if (found.length === 0) break
      facts = [...facts, ...found]
      continue
    }
    refs = closure
    state = await loadPaymentState(store, event.id, refs, slugs, account)
  }
  return { refs, state, event: facts === event.facts ? event : { ...event, facts } }
}
