import type { AppDeps, Services } from './deps.js'
import { checkoutOff, donatePageUrl } from './donate/urls.js'
import { auditTrail } from './http/audit-trail.js'
import { AuthThrottle } from './http/auth-throttle.js'
import { RequestLog } from './http/requests.js'
import { createLogger } from './log.js'
import { addressSealer } from './mail/seal.js'
import { Metrics } from './metrics.js'
import { paypalApi } from './paypal/client.js'
import { paypalReceiver } from './paypal/receive.js'
import { createReader } from './read/reader.js'
import { RenderBudget } from './read/render-budget.js'
import { reconcile } from './reconcile/run.js'
import { sourceReceivers } from './sources/registry.js'
import { campaignOfClaim } from './store/campaign-sources.js'
import { stripeIngest } from './stripe/ingest.js'
import { webhookReceiver } from './stripe/receive.js'
import { stripeMode } from './stripe/setup.js'

/** Wires the services from the app's deps. No I/O. */
export function createServices(deps: AppDeps): Services {
  const { store, config, stripe } = deps
  const now = deps.clock ?? (() => new Date())
  const log = deps.logger ?? createLogger(config.logLevel, undefined, now)
  const metrics = new Metrics()
  const nowMs = deps.clock ? () => now().getTime() : Date.now
  const checkoutOn = checkoutOff(stripe !== undefined, config.publicUrl) === null
  const reader = createReader({
    store,
    now,
    // Date.now, not the Date-making clock, where no clock is given: the cache asks on every read.
    nowMs,
    cacheTtlMs: config.cacheTtlMs,
    feed: deps.feed,
    donatePage: checkoutOn ? (slug) => donatePageUrl(config.publicUrl, slug) : undefined,
  })
  const sealAddress = addressSealer(config.mail)
  const ingest = stripeIngest({
    store,
    config,
    stripe,
    clock: now,
    ...(sealAddress ? { sealAddress } : {}),
  })
  const setup = stripeMode(config)
  if (setup.warning && config.stripeWebhookSecrets.length > 0) log.warn(setup.warning)
  return {
    store,
    config,
    stripe,
    now,
    log,
    metrics,
    requests: new RequestLog(metrics, log),
    reader,
    changed: reader.changed,
    ingest,
    receiveWebhook: webhookReceiver({
      secrets: config.stripeWebhookSecrets,
      ingest,
      metrics,
      log,
      changed: reader.changed,
      ...(deps.signatureClock ? { clock: deps.signatureClock } : {}),
      // Stripe advises reconciling a payout once it is paid: its run starts with the event.
      ...(stripe
        ? {
            payoutPaid: async (payout: string, account: string | null, livemode: boolean) => {
              // A payout of the other mode is not this deployment's money (STRIPE_LIVEMODE).
              if (config.stripeLivemode !== undefined && livemode !== config.stripeLivemode) return
              return reconcile({ store, stripe, now }, { scope: { payout }, account })
            },
          }
        : {}),
    }),
    receivePaypal: paypalReceiver({
      settings: config.paypal,
      ingest,
      metrics,
      log,
      changed: reader.changed,
      ...(deps.signatureClock ? { clock: deps.signatureClock } : {}),
      ...(deps.paypalFetch ? { fetcher: deps.paypalFetch } : {}),
    }),
    receiveSources: sourceReceivers(config, {
      claimOf: (claim) => campaignOfClaim(store, claim),
      ingest,
      metrics,
      log,
      changed: reader.changed,
      ...(deps.signatureClock ? { clock: deps.signatureClock } : {}),
    }),
    paypal: config.paypal ? paypalApi(config.paypal, deps.paypalFetch) : undefined,
    audit: auditTrail(store, now),
    authThrottle: new AuthThrottle(() => now().getTime(), log, metrics),
    streams: deps.streams ?? true,
    rasterize: deps.rasterize,
    pngBudget: new RenderBudget(config.png.rendersPerAddress, nowMs),
  }
}
