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

/**
 * Verifies the signature on the exact raw body against each configured secret (several during
 * rotation) and tells apart the causes, so an operator can see why Stripe's posts are refused.
 */
export async function verifyEvent(
  raw: string,
  header: string | undefined,
  secrets: readonly string[],
): Promise<Stripe.Event> {
  if (secrets.length === 0) {
    throw new VerifyError('webhooks_disabled', 'STRIPE_WEBHOOK_SECRET is not configured')
  }
  if (!header) throw new VerifyError('missing_signature', 'Missing Stripe-Signature header')
  let stale = false
  const webhooks = await stripeWebhooks()
  for (const secret of secrets) {
    try {
      // No provider given: the stripe package picks its platform's own (node:crypto on Node,
      // SubtleCrypto on Workers through its workerd export), and the async API works on both.
      return await webhooks.constructEventAsync(raw, header, secret)
    } catch (err) {
      if (err instanceof SyntaxError) {
        throw new VerifyError('invalid_payload', 'Signed body is not JSON')
      }
      if (/tolerance/i.test((err as Error).message)) stale = true
      else if (/Unable to extract/i.test((err as Error).message)) {
        throw new VerifyError('invalid_signature', 'Malformed Stripe-Signature header')
      }
    }
  }
  if (stale) {
    throw new VerifyError('stale_timestamp', 'Signature timestamp outside the tolerance zone')
  }
  throw new VerifyError('invalid_signature', 'No signature matches any configured secret')
}
