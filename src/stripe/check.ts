import type Stripe from 'stripe'
import type { DonorHint, IncomingEvent, Mapped, MoneyEffect } from '../ingest/facts.js'
import { mapEvent } from './map.js'

/** A signed event whose object lacks the fields its type promises; routes answer 400. */
export class MalformedEvent extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedEvent'
  }
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const strOrNull = (v: unknown) => v === null || typeof v === 'string'
const intOrNull = (v: unknown) => v === null || Number.isSafeInteger(v)
const donorOk = (d: DonorHint | null) =>
  d === null || (typeof d === 'object' && strOrNull(d.customer) && strOrNull(d.email))

/**
 * `mapEvent`, checked: a signed body whose object lacks the fields its type promises (only
 * possible with a leaked secret or a bug upstream) is refused and changes nothing, rather than a
 * failure Stripe would retry forever or a NaN in the ledger.
 */
export function mapChecked(event: Stripe.Event): Mapped {
  let mapped: Mapped
  try {
    mapped = mapEvent(event)
  } catch {
    mapped = { money: [{} as MoneyEffect], facts: [] }
  }
  const moneyOk = mapped.money.every(
    (m) =>
      str(m.entryKey) &&
      str(m.paymentRef) &&
      str(m.sourceId) &&
      Number.isSafeInteger(m.amount) &&
      typeof m.currency === 'string' &&
      /^[A-Z]{3}$/.test(m.currency) &&
      Number.isSafeInteger(m.occurredAt) &&
      intOrNull(m.paymentCreated) &&
      strOrNull(m.campaign) &&
      strOrNull(m.balanceTransaction) &&
      donorOk(m.donor),
  )
  const factsOk = mapped.facts.every(
    (f) =>
      str(f.paymentRef) && strOrNull(f.campaign) && intOrNull(f.chargeCreated) && donorOk(f.donor),
  )
  if (!moneyOk || !factsOk) {
    throw new MalformedEvent(
      `Signed event ${event.id} does not have the shape of a ${event.type} event`,
    )
  }
  return mapped
}

/** A verified event as the ingest takes it: envelope, body and checked facts. */
export function toIncoming(event: Stripe.Event): IncomingEvent {
  if (!str(event.id) || !str(event.type)) {
    throw new MalformedEvent('Signed body is not a Stripe event')
  }
  return {
    id: event.id,
    type: event.type,
    created: Number.isSafeInteger(event.created) ? event.created : 0,
    livemode: event.livemode === true,
    body: event,
    ...mapChecked(event),
  }
}
