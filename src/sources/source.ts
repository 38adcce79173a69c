import type { Provider } from '../domain/keys.js'
import type { IncomingEvent } from '../ingest/facts.js'

/** A receive-only platform (not Stripe, whose checkout and API the service drives). */
export type SourceName = Exclude<Provider, 'stripe' | 'paypal'>

/** One delivery as the route read it: the raw body and a reader of its headers. */
export interface Delivery {
  raw: string
  header: (name: string) => string | undefined
}

/**
 * What a source is: how its deliveries are proven (`verify`, over the raw bytes, with its
 * settings) and what a proven body means (`incoming`, pure: neutral facts keyed
 * `provider:kind:naturalId`). The shared receiver (receive.ts) does the rest: 503 without
 * settings, 400 on a bad proof, the ingest, metrics and logs.
 */
export interface Source<S> {
  name: SourceName
  /** The platform's name for messages ("GitHub Sponsors"). */
  label: string
  /** The settings it needs, for the 503 message ("GITHUB_WEBHOOK_SECRET"). */
  settings: string
  /**
   * Proves the delivery and returns the body it proves; throws VerifyError (a bad or missing
   * signature or token, a stale time) or MalformedEvent (not the platform's shape).
   */
  verify(delivery: Delivery, settings: S, now: Date): Promise<unknown>
  /**
   * A proven body as the ingest takes it, stored under `<name>:<its id>`; a test delivery
   * (a ping, "Send Test", `live_mode: false`) maps to no money and is kept as ignored.
   * Throws MalformedEvent when the body lacks what its type promises.
   */
  incoming(body: unknown, delivery: Delivery, now: Date, settings: S): IncomingEvent
}
