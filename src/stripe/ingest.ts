import type Stripe from 'stripe'
import type { Config } from '../config.js'
import { createIngest, type Ingest, type IngestDeps } from '../ingest/ingest.js'
import { stripeConversions, stripeInvoiceLinks } from './api-lookups.js'

/** What the Stripe write path is wired from: no app, no HTTP (the Workers cron, benches). */
export interface StripeIngestDeps {
  /** The ingest's store: Stripe's code hands it on and never queries it. */
  store: IngestDeps['store']
  config: Pick<Config, 'stripeLivemode' | 'donorHashKey'>
  /** Stripe's API, for currency conversions and links no webhook brought yet. */
  stripe?: Stripe | undefined
  clock?: () => Date
  /** Seals donors' addresses for thank-you e-mails (src/mail/seal.ts); unset = none kept. */
  sealAddress?: IngestDeps['sealAddress']
}

/** The ingest as Stripe's events need it: its lookups answered by Stripe's API when a key is set. */
export function stripeIngest(deps: StripeIngestDeps): Ingest {
  const { stripe, config } = deps
  return createIngest({
    store: deps.store,
    clock: deps.clock ?? (() => new Date()),
    ...(stripe
      ? { conversions: stripeConversions(stripe), links: stripeInvoiceLinks(stripe) }
      : {}),
    ...(config.stripeLivemode === undefined ? {} : { livemode: config.stripeLivemode }),
    ...(config.donorHashKey ? { donorSecret: config.donorHashKey } : {}),
    ...(deps.sealAddress ? { sealAddress: deps.sealAddress } : {}),
  })
}
