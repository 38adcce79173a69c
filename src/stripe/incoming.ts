import type Stripe from 'stripe'
import { STRIPE_MAX_AMOUNT } from '../domain/money.js'
import { isStripeAccount } from '../domain/stripe-account.js'
import type {
  BalanceFigures,
  DonorHint,
  IncomingEvent,
  Mapped,
  MoneyEffect,
} from '../ingest/facts.js'
import { checkApiVersion } from './api-version.js'
import { MalformedEvent } from './incoming-error.js'
import { mapEvent } from './map.js'

export { MalformedEvent }

/** An id or slug as Stripe makes them: present, and not absurdly long. */
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 255
/** Times an event may carry: from 2010 (before Stripe's first event) to 2100. */
const MIN_TIME = 1_262_304_000
const MAX_TIME = 4_102_444_800
const time = (v: unknown) =>
  Number.isSafeInteger(v) && (v as number) >= MIN_TIME && (v as number) <= MAX_TIME
const timeOrNull = (v: unknown) => v === null || time(v)
/** The sign each kind of entry has: money in is positive, money out negative. */
const SIGN: Record<string, 1 | -1> = {
  payment: 1,
  refund: -1,
  refund_reversal: 1,
  dispute_withdrawal: -1,
  dispute_reinstatement: 1,
}
const amountOk = (m: MoneyEffect) =>
  Number.isSafeInteger(m.amount) &&
  m.amount !== 0 &&
  Math.abs(m.amount) <= STRIPE_MAX_AMOUNT &&
  Math.sign(m.amount) === (SIGN[m.kind] ?? Math.sign(m.amount))
const strOrNull = (v: unknown) => v === null || str(v)
const intOrNull = (v: unknown) => v === null || Number.isSafeInteger(v)
/** A balance transaction's figures an event carries (a dispute's): its own id, integers. */
const balanceOk = (b: BalanceFigures | null | undefined) =>
  b == null ||
  (str(b.id) &&
    Number.isSafeInteger(b.amount) &&
    Math.abs(b.amount) <= STRIPE_MAX_AMOUNT &&
    intOrNull(b.fee) &&
    intOrNull(b.net) &&
    /^[A-Z]{3}$/.test(b.currency))
const donorOk = (d: DonorHint | null) =>
  d === null || (typeof d === 'object' && strOrNull(d.customer) && strOrNull(d.email))

/**
 * `mapEvent`, checked: a signed body whose object lacks the fields its type promises (only
 * possible with a leaked secret or a bug upstream) is refused and changes nothing, rather than a
 * failure Stripe would retry forever or a NaN in the ledger.
 */
export function mapChecked(event: Stripe.Event): Mapped {
  let mapped: Mapped | undefined
  try {
    mapped = mapEvent(event)
  } catch {
    // mapEvent threw, so nothing was assigned: `mapped` is still undefined and refused below.
  }
  if (mapped === undefined || !mappedOk(mapped)) {
    throw new MalformedEvent(
      `Signed event ${event.id} does not have the shape of a ${event.type} event`,
    )
  }
  return mapped
}

/**
 * True when mapped facts have every field the ingest relies on, well formed (pure): ids, signed
 * integer amounts, upper-case currencies, times in range. Any provider's mapping is checked so.
 */
export function mappedOk(mapped: Mapped): boolean {
  const moneyOk = mapped.money.every(
    (m) =>
      typeof m.entryKey === 'string' &&
      m.entryKey.length > 0 &&
      str(m.paymentRef) &&
      str(m.sourceId) &&
      amountOk(m) &&
      // Stryker disable next-line ConditionalExpression: the pattern below refuses a number too; the check says what is meant
      typeof m.currency === 'string' &&
      /^[A-Z]{3}$/.test(m.currency) &&
      time(m.occurredAt) &&
      timeOrNull(m.paymentCreated) &&
      strOrNull(m.campaign) &&
      strOrNull(m.balanceTransaction) &&
      balanceOk(m.balance) &&
      donorOk(m.donor),
  )
  const factsOk = mapped.facts.every(
    (f) =>
      str(f.paymentRef) &&
      strOrNull(f.campaign) &&
      timeOrNull(f.chargeCreated) &&
      strOrNull(f.link) &&
      donorOk(f.donor),
  )
  const sub = mapped.subscription
  const subOk =
    sub === undefined ||
    (str(sub.id) &&
      str(sub.status) &&
      strOrNull(sub.campaign) &&
      Number.isSafeInteger(sub.monthly) &&
      sub.monthly >= 0 &&
      sub.monthly <= STRIPE_MAX_AMOUNT * 31 &&
      /^[A-Z]{3}$/.test(sub.currency) &&
      Number.isSafeInteger(sub.version))
  return moneyOk && factsOk && subOk
}

/** A verified event as the ingest takes it: envelope, body and checked facts. */
export function toIncoming(event: Stripe.Event): IncomingEvent {
  const checked = checkEnvelope(event)
  checkApiVersion(checked)
  return {
    id: checked.id,
    type: checked.type,
    created: checked.created,
    livemode: checked.livemode,
    account: checked.account ?? null,
    apiVersion: checked.api_version,
    body: checked,
    ...mapChecked(checked),
  }
}

/** The envelope's own fields, never coerced: a `"true"` livemode is not a boolean. */
function checkEnvelope(event: Stripe.Event): Stripe.Event {
  const body: unknown = event
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new MalformedEvent('Signed body is not a Stripe event (not an object)')
  }
  if (!str(event.id) || !str(event.type)) {
    throw new MalformedEvent('Signed body is not a Stripe event (no id or type)')
  }
  if (!time(event.created)) {
    throw new MalformedEvent(`Signed event ${event.id} has its created time out of range`)
  }
  const data: unknown = event.data
  const object: unknown = typeof data === 'object' && data !== null ? event.data.object : null
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new MalformedEvent(`Signed event ${event.id} has no data.object`)
  }
  if (typeof event.livemode !== 'boolean') {
    throw new MalformedEvent(`Signed event ${event.id} has a livemode that is not a boolean`)
  }
  if (event.account !== undefined && event.account !== null && !isStripeAccount(event.account)) {
    throw new MalformedEvent(`Signed event ${event.id} names an account that is not an acct_ id`)
  }
  return event
}
