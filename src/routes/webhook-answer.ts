import { errorAnswer } from '../errors.js'
import { type Answer, jsonAnswer } from '../http/answer.js'
import { OPEN_SECURE_HEADERS } from '../http/header-sets.js'
import type { Logger } from '../log.js'
import { type ReceiveWebhook, WEBHOOK_BODY_LIMIT } from '../stripe/receive.js'

/** Where Stripe posts its events. */
export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe'

/** A delivery to the webhook route, as its carrier (Hono, or the Node lane) reads it. */
export interface WebhookDelivery {
  /** The raw body as text, refused with 413 past `limit` bytes. */
  body(limit: number): Promise<string>
  /** The Stripe-Signature header. */
  signature: string | undefined
  requestId: string
  /** The client left before its body was whole (asked only once something failed). */
  closed(): boolean
  /** Keeps work started by the event alive past the answer (Workers' waitUntil); unset: Node. */
  keepAlive?: (work: Promise<unknown>) => void
}

/**
 * The one answer to a webhook delivery, whoever carries it: the receipt, or the error as the
 * app's one error shape (errorAnswer), as JSON with the open security headers and the request
 * id, in the order Hono writes them.
 */
export async function answerWebhook(
  receive: ReceiveWebhook,
  log: Logger,
  delivery: WebhookDelivery,
): Promise<Answer> {
  const headers = { ...OPEN_SECURE_HEADERS, 'x-request-id': delivery.requestId }
  try {
    const raw = await delivery.body(WEBHOOK_BODY_LIMIT)
    return jsonAnswer(
      200,
      await receive(raw, delivery.signature, delivery.requestId, delivery.keepAlive),
      headers,
    )
  } catch (thrown) {
    const err = thrown instanceof Error ? thrown : new Error(String(thrown))
    const answer = errorAnswer(err, delivery.closed(), delivery.requestId, log)
    return jsonAnswer(answer.status, answer.body, { ...headers, ...answer.headers })
  }
}
