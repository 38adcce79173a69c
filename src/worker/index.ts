import type {
  D1Database,
  DurableObjectNamespace,
  DurableObjectState,
  ExecutionContext,
  ScheduledController,
} from '@cloudflare/workers-types'
import resvgWasm from '@resvg/resvg-wasm/index_bg.wasm'
import dejavuSans from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf'
import dejavuSansBold from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'
import { createApp } from '../app.js'
import { type Config, ConfigError, parseConfig, weakTokenProblem } from '../config.js'
import type { AppDeps } from '../deps.js'
import { resendTransport } from '../mail/resend.js'
import { addressSealer } from '../mail/seal.js'
import { mailSender } from '../mail/sender.js'
import { manageComposer } from '../manage/compose.js'
import { ChangeFeed } from '../read/change-feed.js'
import { isDailyCron, runDaily } from '../reconcile/schedule.js'
import { checkFailed, runSourcesCheck } from '../sources/backfill/check.js'
import { connectedAccounts } from '../store/campaigns.js'
import { openD1Store } from '../store/d1.js'
import { backfill } from '../stripe/backfill.js'
import { stripeClient } from '../stripe/client.js'
import { stripeIngest } from '../stripe/ingest.js'
import { CampaignStreamsCore, notifyStreams, streamSlug } from './campaign-streams.js'
import { wasmRasterizer } from './png-wasm.js'

/**
 * Bindings and vars of the Worker (wrangler.toml): the D1 database, and the same variable
 * names as on Node (ADMIN_TOKEN, STRIPE_WEBHOOK_SECRET, STRIPE_SECRET_KEY, ...) as vars or secrets.
 */
export interface Env {
  DB: D1Database
  /** The CampaignStreams Durable Objects (wrangler.toml); without it streams answer 503. */
  STREAMS?: DurableObjectNamespace
  [name: string]: unknown
}

/**
 * How far back each cron run asks Stripe for events; runs overlap, so a missed run is caught.
 * Not exported: workerd takes every named export of the entry module for an entrypoint.
 */
const CRON_BACKFILL_WINDOW_MS = 6 * 3600 * 1000
/** The cron trigger (wrangler.toml) that runs every minute to send the outbox, and nothing else. */
const MAIL_CRON = '* * * * *'

/** Store, config and Stripe client of one isolate, built from `env` (never at import time). */
function baseDeps(env: Env): AppDeps {
  // The database is the D1 binding; DATABASE_URL only says so for logs and checks.
  const config: Config = parseConfig({ ...env, DATABASE_URL: 'd1:DB' })
  // A Worker is reachable from anywhere: a weak admin token is never accepted here.
  const weak = weakTokenProblem(config.adminTokens)
  if (weak) throw new ConfigError([weak])
  const stripe = stripeClient(config, { fetch: true })
  return {
    store: openD1Store(env.DB),
    config,
    rasterize: rasterizer,
    ...(stripe ? { stripe } : {}),
  }
}

/** Notifications to the streams' Durable Objects still under way; requests wait for them. */
const pending = new Set<Promise<void>>()

/**
 * The deps of one isolate. Its app serves no streams itself: the stream route is forwarded to
 * the campaign's Durable Object (CampaignStreams), and every change this isolate commits is
 * sent there, so streams update at once whichever isolate took the write.
 */
function depsFor(env: Env): AppDeps {
  const feed = new ChangeFeed()
  const streams = env.STREAMS
  if (streams) {
    feed.subscribe((change) => {
      const p = notifyStreams(streams, change)
        .catch((err: unknown) => {
          console.error(
            JSON.stringify({ level: 'error', msg: 'streams: notify failed', error: String(err) }),
          )
        })
        .finally(() => pending.delete(p))
      pending.add(p)
    })
  }
  return { ...baseDeps(env), streams: false, feed }
}

/** Keeps this isolate's change notifications alive past the response. */
function settle(ctx: Pick<ExecutionContext, 'waitUntil'>): void {
  if (pending.size > 0) ctx.waitUntil(Promise.allSettled([...pending]))
}

/** The bar's PNG: resvg's WebAssembly build with the fonts bundled beside it. */
const rasterizer = wasmRasterizer(resvgWasm, [dejavuSans, dejavuSansBold])

const apps = new WeakMap<Env, ReturnType<typeof createApp>>()
const depsByEnv = new WeakMap<Env, AppDeps>()

function depsOf(env: Env): AppDeps {
  let deps = depsByEnv.get(env)
  if (!deps) {
    deps = depsFor(env)
    depsByEnv.set(env, deps)
  }
  return deps
}

function appOf(env: Env): ReturnType<typeof createApp> {
  let app = apps.get(env)
  if (!app) {
    app = createApp(depsOf(env))
    apps.set(env, app)
  }
  return app
}

/**
 * Sends the outbox's due e-mails through Resend (RESEND_API_KEY); nothing without it. With
 * STRIPE_SECRET_KEY, manage links too (their Stripe lookup runs here).
 */
function sendMail(deps: AppDeps): Promise<unknown> {
  const mail = deps.config.mail
  if (!mail?.resendApiKey) return Promise.resolve()
  const publicUrl = deps.config.publicUrl
  const compose = deps.stripe
    ? manageComposer({ store: deps.store, stripe: deps.stripe, publicUrl, mailKey: mail.key })
    : undefined
  return mailSender({
    store: deps.store,
    transport: resendTransport(mail.resendApiKey),
    mail,
    publicUrl,
    ...(compose ? { compose } : {}),
  })
    .runOnce()
    .catch((err: unknown) => {
      console.error(JSON.stringify({ level: 'error', msg: 'mail: run failed', error: String(err) }))
    })
}

/**
 * Cron triggers: every minute (MAIL_CRON) sends due e-mails; the hourly one sends them too,
 * checks the platforms' APIs (checkPlatforms), and replays recent Stripe events through the
 * webhook path (when a key is set); its first firing of the UTC day (hour 0) then reconciles the previous
 * UTC day against Stripe, unless RECONCILE_SCHEDULE is off.
 */
async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const deps = depsOf(env)
  await sendMail(deps)
  // The minutely trigger only sends mail: a manage link or a thank-you waits a minute, not an hour.
  if (controller.cron === MAIL_CRON) return
  // The ingest alone, without an app: the replay needs no routes, caches or streams.
  const sealAddress = addressSealer(deps.config.mail)
  const ingest = stripeIngest({ ...deps, ...(sealAddress ? { sealAddress } : {}) })
  // A check that cannot run is logged; Stripe's replay below still runs.
  await checkPlatforms(deps, ingest, new Date(controller.scheduledTime)).catch((err: unknown) => {
    console.error(
      JSON.stringify({ level: 'error', msg: 'cron: sources check failed', error: String(err) }),
    )
  })
  if (!deps.stripe) {
    console.log(JSON.stringify({ level: 'info', msg: 'cron: no STRIPE_SECRET_KEY, no backfill' }))
    return
  }
  const since = new Date(controller.scheduledTime - CRON_BACKFILL_WINDOW_MS)
  const accounts = await connectedAccounts(deps.store)
  const result = await backfill(deps.stripe, ingest, { since, now: new Date(), accounts })
  await Promise.allSettled([...pending])
  const level = result.failed.length > 0 ? 'error' : 'info'
  console.log(JSON.stringify({ level, msg: 'cron: backfill', ...result }))
  if (deps.config.reconcileSchedule === 'daily' && isDailyCron(controller.scheduledTime)) {
    const at = new Date(controller.scheduledTime)
    const runs = await runDaily(
      { store: deps.store, stripe: deps.stripe, now: () => new Date() },
      at,
    )
    const failed = runs.some((r) => r.status === 'failed')
    console.log(
      JSON.stringify({ level: failed ? 'error' : 'info', msg: 'cron: reconciliation', runs }),
    )
  }
}

/**
 * The platforms' APIs (GitHub Sponsors, Buy Me a Coffee, Donorbox, Open Collective, Patreon)
 * checked for what their webhooks missed, over the 48 hours before the trigger's time
 * (src/sources/backfill/check.ts),
 * unless SOURCES_CHECK is off; what it moved or missed is kept in the audit log.
 */
async function checkPlatforms(
  deps: AppDeps,
  ingest: ReturnType<typeof stripeIngest>,
  at: Date,
): Promise<void> {
  if (deps.config.sourcesCheck === 'off') return
  const outcomes = await runSourcesCheck(
    { apis: deps.config.sourceApis, store: deps.store, ingest },
    at,
  )
  if (outcomes.length === 0) return
  const level = outcomes.some(checkFailed) ? 'error' : 'info'
  console.log(JSON.stringify({ level, msg: 'cron: sources check', outcomes }))
}

/**
 * Bad vars or secrets fail every request the same way: a 503 in the one error shape, and the
 * list of problems in the logs only (they name the settings, which callers need not see).
 */
function misconfigured(err: unknown): Response {
  const problems = err instanceof ConfigError ? err.problems : [String(err)]
  console.error(JSON.stringify({ level: 'error', msg: 'invalid configuration', problems }))
  return Response.json(
    { error: { code: 'unavailable', message: 'The service is misconfigured; see its logs' } },
    { status: 503 },
  )
}

/** The Workers module handlers (typed with the DOM's Request, which Hono's fetch takes). */
export default {
  fetch: async (request: Request, env: Env, ctx: ExecutionContext) => {
    let app: ReturnType<typeof createApp>
    try {
      app = appOf(env)
    } catch (err) {
      return misconfigured(err)
    }
    const slug = env.STREAMS ? streamSlug(request) : undefined
    if (slug && env.STREAMS) {
      const stub = env.STREAMS.get(env.STREAMS.idFromName(slug))
      return stub.fetch(request as never) as unknown as Response
    }
    const res = await app.fetch(request, env, ctx)
    settle(ctx)
    return res
  },
  // Returned, not only waitUntil'd: a failed run then shows as the cron event's outcome.
  scheduled: (controller: ScheduledController, env: Env, _ctx: ExecutionContext) =>
    scheduled(controller, env),
}

/**
 * One campaign's live streams (see src/worker/campaign-streams.ts): the same app with streams
 * on, fed by the changes the Worker's isolates send it.
 */
export class CampaignStreams {
  readonly #core: CampaignStreamsCore

  constructor(_state: DurableObjectState, env: Env) {
    this.#core = new CampaignStreamsCore((feed) =>
      createApp({ ...baseDeps(env), streams: true, feed }),
    )
  }

  fetch(request: Request): Promise<Response> {
    return this.#core.fetch(request)
  }
}
