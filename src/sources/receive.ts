import { ApiError, isUnavailableError } from '../errors.js'
import type { IncomingEvent } from '../ingest/facts.js'
import type { Ingest } from '../ingest/ingest.js'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import { MalformedEvent } from '../stripe/incoming-error.js'
import type { WebhookReceipt } from '../stripe/receive.js'
import { VerifyError } from '../stripe/verify.js'
import type { Delivery, Source } from './source.js'

/** What receiving needs besides the source: the ingest and where to tell of it. */
export interface ReceiveContext {
  ingest: Ingest
  metrics: Metrics
  log: Logger
  /** Told of every campaign month an event moved (caches, live streams). */
  changed: (campaign: string, month?: string) => void
  /** The clock signatures' times are checked against (tests inject one). */
  clock?: () => Date
  /** The campaign holding a claim such as `donorbox:12345` (src/store/campaign-sources.ts). */
  claimOf?: (claim: string) => Promise<string | null>
}

/** Receives one delivery of a source: its receipt, or an ApiError for the one error handler. */
export type ReceiveSource = (delivery: Delivery, requestId: string) => Promise<WebhookReceipt>

/**
 * The core of `POST /webhooks/<source>`, one for every source: 503 without its settings, the
 * source's proof (a bad one changes nothing: 400), its mapping (a proven body that is not the
 * platform's shape is kept as rejected: 400), then the same ingest as Stripe's events.
 */
export function sourceReceiver<S>(
  source: Source<S>,
  settings: S | undefined,
  ctx: ReceiveContext,
): ReceiveSource {
  const now = ctx.clock ?? (() => new Date())
  return async (delivery, requestId) => {
    if (settings === undefined) {
      throw new ApiError(
        503,
        'webhooks_disabled',
        `${source.label} is not configured (${source.settings})`,
      )
    }
    let event: IncomingEvent
    try {
      const at = now()
      const body = await source.verify(delivery, settings, at)
      try {
        event = source.incoming(body, delivery, at, settings)
      } catch (err) {
        if (err instanceof MalformedEvent) {
          const kept = { id: undefined, type: `${source.name}.unreadable`, body }
          await ctx.ingest.reject(kept, err.message).catch(() => undefined)
        }
        throw err
      }
    } catch (err) {
      ctx.metrics.inc('supportbar_webhook_events_total', { type: 'unverified', status: 'rejected' })
      const refused = refusal(err)
      ctx.log.warn('webhook rejected', { requestId, provider: source.name, code: refused.code })
      throw refused
    }
    return ingestReceived(ctx, await withOrigins(event, ctx.claimOf), requestId, source.name)
  }
}

/**
 * Money whose platform names a campaign of its own (`data.origin`, or the event's `origin`:
 * `donorbox:12345`) goes to the campaign claiming that id, if one does, and so does the event's
 * subscription; otherwise they name none, and the ingest places them as any other (the campaign
 * claiming the source, else the default).
 */
export async function withOrigins(
  event: IncomingEvent,
  claimOf: ReceiveContext['claimOf'],
): Promise<IncomingEvent> {
  if (!claimOf) return event
  const found = new Map<string, string | null>()
  const resolve = async (origin: unknown): Promise<string | null> => {
    if (typeof origin !== 'string') return null
    if (!found.has(origin)) found.set(origin, await claimOf(origin))
    return found.get(origin) ?? null
  }
  const money = []
  for (const m of event.money) {
    const slug = m.campaign === null ? await resolve(m.data.origin ?? event.origin) : null
    money.push(slug ? { ...m, campaign: slug } : m)
  }
  const sub = event.subscription
  const subSlug = sub && sub.campaign === null ? await resolve(event.origin) : null
  return {
    ...event,
    money,
    ...(sub && subSlug ? { subscription: { ...sub, campaign: subSlug } } : {}),
  }
}

/**
 * The tail every provider's receiver shares once an event is proven and mapped: run the ingest,
 * tell of the months it moved, count and log. A failure is a 500 (the platform may retry); a
 * database that cannot take writes is a 503.
 */
export async function ingestReceived(
  ctx: Omit<ReceiveContext, 'clock'>,
  event: IncomingEvent,
  requestId: string,
  provider: string,
): Promise<WebhookReceipt> {
  const start = performance.now()
  const done = (status: string) => {
    ctx.metrics.inc('supportbar_webhook_events_total', { type: event.type, status })
    ctx.metrics.observe(
      'supportbar_webhook_processing_seconds',
      {},
      (performance.now() - start) / 1000,
    )
    const level = status === 'failed' ? 'error' : 'info'
    ctx.log[level]('webhook', { requestId, provider, eventId: event.id, outcome: status })
  }
  try {
    const { outcome, changed } = await ctx.ingest.event(event)
    for (const b of changed) ctx.changed(b.campaign, b.month)
    done(outcome)
    return { received: true, id: event.id, outcome }
  } catch (err) {
    done('failed')
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

/** Why a delivery was refused, as the one error shape (400). */
export function refusal(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  if (err instanceof VerifyError) {
    return new ApiError(err.code === 'webhooks_disabled' ? 503 : 400, err.code, err.message)
  }
  if (err instanceof MalformedEvent) return new ApiError(400, 'invalid_payload', err.message)
  throw err
}
