import { ApiError, isUnavailableError } from '../errors.js'
import type { IncomingEvent } from '../ingest/facts.js'
import type { EventOutcome, Ingest } from '../ingest/ingest.js'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import { UnsupportedApiVersion } from './api-version.js'
import { MalformedEvent, toIncoming } from './incoming.js'
import { VerifyError, verifyEvent } from './verify.js'

/** Stripe's events are far smaller; anything larger is refused before it is read whole. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024

/** The answer to an event stored with its effect (a duplicate, or ignored). */
export interface WebhookReceipt {
  received: true
  id: string
  outcome: EventOutcome
}

/** What receiving an event needs: the secrets, the ingest, and where to tell of it. */
export interface ReceiveDeps {
  /** STRIPE_WEBHOOK_SECRET's secrets (several during a rotation); none: webhooks are off. */
  secrets: readonly string[]
  ingest: Ingest
  metrics: Metrics
  log: Logger
  /** Told of every campaign month an event moved (caches, live streams). */
  changed: (campaign: string, month?: string) => void
  /** The clock the signature's timestamp is checked against (tests inject one). */
  clock?: () => Date
  /**
   * Starts the reconciliation of a paid payout (`payout.paid`, `payout.reconciliation_completed`)
   * of an account; not awaited: the answer does not wait for Stripe's listing. Unset: none.
   */
  payoutPaid?: (payout: string, account: string | null, livemode: boolean) => Promise<unknown>
}

/** The events Stripe advises to reconcile a payout on. */
const PAYOUT_EVENTS = new Set(['payout.paid', 'payout.reconciliation_completed'])

/** Receives one Stripe delivery: raw body and Stripe-Signature header -> its receipt. */
export type ReceiveWebhook = (
  raw: string,
  signature: string | undefined,
  requestId: string,
  keepAlive?: (work: Promise<unknown>) => void,
) => Promise<WebhookReceipt>

/**
 * The core of `POST /webhooks/stripe`, whoever carries the request (the Hono route, or the
 * Node webhook lane in src/node/webhook-lane.ts): verify the raw body, map and check it, run
 * the ingest, count and log the event. Throws ApiError (or a database error that means
 * "unavailable") for the one error handler to answer.
 */
export function webhookReceiver(ctx: ReceiveDeps): ReceiveWebhook {
  return (raw, signature, requestId, keepAlive) =>
    receive(ctx, raw, signature, requestId, keepAlive)
}

async function receive(
  ctx: ReceiveDeps,
  raw: string,
  signature: string | undefined,
  requestId: string,
  keepAlive?: (work: Promise<unknown>) => void,
): Promise<WebhookReceipt> {
  let event: IncomingEvent
  try {
    const verified = await verifyEvent(raw, signature, ctx.secrets, ctx.clock)
    try {
      event = toIncoming(verified)
    } catch (err) {
      // Signed, so kept for operators as rejected; the answer stays 400 whatever the store says.
      // Stryker disable next-line ConditionalExpression: toIncoming throws nothing else
      if (err instanceof MalformedEvent) {
        await ctx.ingest.reject(verified, err.message).catch(() => undefined)
      }
      throw err
    }
  } catch (err) {
    ctx.metrics.inc('supportbar_webhook_events_total', { type: 'unverified', status: 'rejected' })
    const refused = toApiError(err)
    if (err instanceof UnsupportedApiVersion) {
      ctx.metrics.inc('supportbar_webhook_unsupported_api_version_total', { version: err.version })
      ctx.log.warn('webhook rejected', {
        requestId,
        code: refused.code,
        apiVersion: err.version,
        fix: err.message,
      })
    } else ctx.log.warn('webhook rejected', { requestId, code: refused.code })
    throw refused
  }
  const start = performance.now()
  const done = (status: string) => {
    const seconds = (performance.now() - start) / 1000
    // Keyed by the raw pair: the label text is built only for a pair not seen before.
    ctx.metrics.incKeyed('supportbar_webhook_events_total', `${event.type} ${status}`, () => ({
      type: event.type,
      status,
    }))
    ctx.metrics.observe('supportbar_webhook_processing_seconds', {}, seconds)
    const level = status === 'failed' ? 'error' : 'info'
    // Stryker disable next-line ConditionalExpression: the logger drops the line too; this only spares building its fields
    if (!ctx.log.enabled(level)) return
    const fields = {
      requestId,
      eventId: event.id,
      type: event.type,
      outcome: status,
      ms: Math.round(seconds * 10000) / 10,
    }
    ctx.log[level]('webhook', fields)
  }
  try {
    const { outcome, changed } = await ctx.ingest.event(event)
    for (const b of changed) ctx.changed(b.campaign, b.month)
    done(outcome)
    if (ctx.payoutPaid && PAYOUT_EVENTS.has(event.type) && outcome !== 'duplicate') {
      const payout = (event.body as { data?: { object?: { id?: unknown } } }).data?.object?.id
      if (typeof payout === 'string') {
        const work = ctx
          .payoutPaid(payout, event.account ?? null, event.livemode)
          .catch((err: unknown) => {
            ctx.log.error('reconciliation on payout failed', {
              requestId,
              payout,
              error: err instanceof Error ? err.message : String(err),
            })
          })
        keepAlive?.(work)
      }
    }
    return { received: true, id: event.id, outcome }
  } catch (err) {
    done('failed')
    // A full or read-only database is a 503 (Stripe retries either way; operators see why).
    if (err instanceof ApiError || isUnavailableError(err)) throw err
    throw new ApiError(
      500,
      'processing_failed',
      `Event ${event.id} failed: ${(err as Error).message}`,
      {
        cause: err,
      },
    )
  }
}

/** Why a body was refused, as the one error shape: 503 when webhooks are off, else 400. */
function toApiError(err: unknown): ApiError {
  if (err instanceof VerifyError) {
    return new ApiError(err.code === 'webhooks_disabled' ? 503 : 400, err.code, err.message)
  }
  if (err instanceof UnsupportedApiVersion) {
    return new ApiError(400, 'unsupported_api_version', err.message)
  }
  if (err instanceof MalformedEvent) return new ApiError(400, 'invalid_payload', err.message)
  throw err
}
