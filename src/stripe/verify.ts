import type Stripe from 'stripe'

/** Why a webhook body was refused; routes turn the code into the HTTP answer. */
export class VerifyError extends Error {
  constructor(
    readonly code:
      | 'webhooks_disabled'
      | 'missing_signature'
      | 'invalid_signature'
      | 'stale_timestamp'
      | 'invalid_payload',
    message: string,
  ) {
    super(message)
    this.name = 'VerifyError'
  }
}

/**
 * The stripe package, loaded on the first webhook: it is a fifth of the process's memory,
 * which an instance that only serves the bar never needs.
 */
let stripeModule: Promise<typeof import('stripe')> | undefined
async function stripeWebhooks() {
  stripeModule ??= import('stripe')
  return (await stripeModule).default.webhooks
}

/** Stripe's default tolerance, in seconds, applied both ways around the clock. */
export const TOLERANCE_S = 300

/**
 * The header's timestamp exactly as Stripe's parser reads it (the last `t=` part, through
 * `parseInt`), since that is the number the matching signature covers. NaN when there is none.
 */
function signedAt(header: string): number {
  let t = Number.NaN
  for (const part of header.split(',')) {
    const kv = part.split('=')
    if (kv[0] === 't') t = Number.parseInt(String(kv[1]), 10)
  }
  return t
}

/**
 * Verifies the signature on the exact raw body against each configured secret (several during
 * rotation) and tells apart the causes, so an operator can see why Stripe's posts are refused.
 * A timestamp more than the tolerance away from `now` is refused either way: Stripe's own check
 * only looks back, so a header dated in the future (a replay prepared ahead) would pass.
 */
export async function verifyEvent(
  raw: string,
  header: string | undefined,
  secrets: readonly string[],
  now: () => Date = () => new Date(),
): Promise<Stripe.Event> {
  if (secrets.length === 0) {
    throw new VerifyError('webhooks_disabled', 'STRIPE_WEBHOOK_SECRET is not configured')
  }
  if (!header) throw new VerifyError('missing_signature', 'Missing Stripe-Signature header')
  let stale = false
  const webhooks = await stripeWebhooks()
  const nowMs = now().getTime()
  for (const secret of secrets) {
    let event: Stripe.Event
    try {
      // No provider given: the stripe package picks its platform's own (node:crypto on Node,
      // SubtleCrypto on Workers through its workerd export), and the async API works on both.
      event = await webhooks.constructEventAsync(raw, header, secret, TOLERANCE_S, undefined, nowMs)
    } catch (err) {
      if (err instanceof SyntaxError) {
        throw new VerifyError('invalid_payload', 'Signed body is not JSON')
      }
      if (/tolerance/i.test((err as Error).message)) stale = true
      else if (/Unable to extract/i.test((err as Error).message)) {
        throw new VerifyError('invalid_signature', 'Malformed Stripe-Signature header')
      }
      continue
    }
    // Only a header whose signature matched gets here, so a bad signature is never "stale".
    const t = signedAt(header)
    if (!(t - Math.floor(nowMs / 1000) <= TOLERANCE_S)) {
      throw new VerifyError(
        'stale_timestamp',
        'Signature timestamp outside the tolerance zone (in the future)',
      )
    }
    return event
  }
  if (stale) {
    throw new VerifyError('stale_timestamp', 'Signature timestamp outside the tolerance zone')
  }
  throw new VerifyError('invalid_signature', 'No signature matches any configured secret')
}
