import type { IncomingEvent, Mapped } from '../ingest/facts.js'
import { mappedOk } from '../stripe/incoming.js'
import { MalformedEvent } from '../stripe/incoming-error.js'
import { mapPaypal } from './map.js'
import type { PaypalEvent } from './types.js'

/** PayPal's event ids are stored under this prefix, apart from Stripe's (`evt_…`). */
export const PAYPAL_EVENT_PREFIX = 'paypal:'

/** True for the id of a stored PayPal event. */
export const isPaypalEventId = (id: string) => id.startsWith(PAYPAL_EVENT_PREFIX)

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 255

/**
 * A verified PayPal body as the ingest takes it: the envelope checked (id, event_type,
 * create_time, resource), its resource mapped to neutral facts and checked as Stripe's are.
 * Stored under `paypal:<event id>`; PayPal's id names a delivery and only dedupes it, the money
 * itself is keyed by its own object (capture, sale, refund, dispute).
 */
export function toPaypalIncoming(body: unknown, livemode: boolean): IncomingEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new MalformedEvent('Signed body is not a PayPal event (not an object)')
  }
  const e = body as PaypalEvent
  if (!str(e.id) || !str(e.event_type)) {
    throw new MalformedEvent('Signed body is not a PayPal event (no id or event_type)')
  }
  const created = Date.parse(e.create_time ?? '')
  if (!Number.isFinite(created)) {
    throw new MalformedEvent(`Signed event ${e.id} has no create_time`)
  }
  if (typeof e.resource !== 'object' || e.resource === null || Array.isArray(e.resource)) {
    throw new MalformedEvent(`Signed event ${e.id} has no resource`)
  }
  const at = Math.floor(created / 1000)
  let mapped: Mapped
  try {
    mapped = mapPaypal(e, at)
  } catch (err) {
    if (err instanceof MalformedEvent) {
      throw new MalformedEvent(`Signed event ${e.id}: ${err.message}`)
    }
    throw new MalformedEvent(`Signed event ${e.id} does not have the shape of a ${e.event_type}`)
  }
  if (!mappedOk(mapped)) {
    throw new MalformedEvent(`Signed event ${e.id} does not have the shape of a ${e.event_type}`)
  }
  return {
    id: `${PAYPAL_EVENT_PREFIX}${e.id}`,
    type: e.event_type,
    created: at,
    livemode,
    provider: 'paypal',
    account: null,
    apiVersion: null,
    body,
    ...mapped,
  }
}
