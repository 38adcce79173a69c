import { ApiError } from '../errors.js'
import type { IncomingEvent } from '../ingest/facts.js'
import type { Ingest } from '../ingest/ingest.js'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import { ingestReceived, refusal } from '../sources/receive.js'
import { MalformedEvent } from '../stripe/incoming-error.js'
import type { WebhookReceipt } from '../stripe/receive.js'
import { CertCache } from './certs.js'
import { toPaypalIncoming } from './incoming.js'
import { type PaypalHeaders, verifyPaypal } from './verify.js'

/** PayPal's settings (PAYPAL_*), all given; see src/config.ts. */
export interface PaypalSettings {
  clientId: string
  clientSecret: string
  webhookId: string
  /** PAYPAL_API_URL: the live API, the sandbox, or a local fake. */
  apiUrl: string
  /** True for PayPal's live API (the events are live money). */
  livemode: boolean
}

export interface PaypalReceiveDeps {
  /** Unset: PayPal is not configured and its endpoint answers 503. */
  settings: PaypalSettings | undefined
  ingest: Ingest
  metrics: Metrics
  log: Logger
  changed: (campaign: string, month?: string) => void
  /** The clock the transmission time and the certificate are checked against. */
  clock?: () => Date
  /** Fetches the signing certificate (tests may inject one); default: fetch. */
  fetcher?: typeof fetch
}

/** Receives one PayPal delivery: raw body and its signature headers -> its receipt. */
export type ReceivePaypal = (
  raw: string,
  headers: PaypalHeaders,
  requestId: string,
) => Promise<WebhookReceipt>

/**
 * The core of `POST /webhooks/paypal`: verify offline, map and check, run the same ingest as
 * Stripe's events, count and log. A bad signature changes nothing; a signed body that is not a
 * PayPal event is kept as rejected. Throws ApiError for the one error handler.
 */
export function paypalReceiver(ctx: PaypalReceiveDeps): ReceivePaypal {
  const certs = ctx.settings ? new CertCache(ctx.settings.apiUrl, ctx.fetcher) : undefined
  return async (raw, headers, requestId) => {
    const settings = ctx.settings
    if (!settings || !certs) {
      throw new ApiError(503, 'webhooks_disabled', 'PayPal is not configured (PAYPAL_*)')
    }
    let event: IncomingEvent
    try {
      const body = await verifyPaypal(raw, headers, settings.webhookId, certs, ctx.clock)
      try {
        event = toPaypalIncoming(body, settings.livemode)
      } catch (err) {
        if (err instanceof MalformedEvent) {
          const env = (typeof body === 'object' && body !== null ? body : {}) as Record<
            string,
            unknown
          >
          const kept = {
            ...env,
            id: typeof env.id === 'string' ? `paypal:${env.id}` : undefined,
            type: env.event_type,
          }
          await ctx.ingest.reject(kept, err.message).catch(() => undefined)
        }
        throw err
      }
    } catch (err) {
      ctx.metrics.inc('supportbar_webhook_events_total', { type: 'unverified', status: 'rejected' })
      const refused = refusal(err)
      ctx.log.warn('webhook rejected', { requestId, provider: 'paypal', code: refused.code })
      throw refused
    }
    return ingestReceived(ctx, event, requestId, 'paypal')
  }
}
