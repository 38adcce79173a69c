import type { Server } from 'node:http'
import { createApp } from '../app.js'
import { type Config, isLoopbackHost, parseConfig, weakTokenProblem } from '../config.js'
import { createLogger } from '../log.js'
import { nodeDocsAssets } from './docs-assets.js'
import { handlersDone, listen } from './listen.js'
import { liveChanges } from './live-changes.js'
import { startMailLoop } from './mail-loop.js'
import { openMigratedStore } from './open-store.js'
import { pngPool } from './png-pool.js'
import { processGauges } from './process-gauges.js'
import { startReconcileLoop } from './reconcile-loop.js'
import { startSourcesCheckLoop } from './sources-check-loop.js'
import { prepareDatabaseDir, StartupError } from './startup-errors.js'

/** How long a stopping server waits for request handlers still at work. */
const SHUTDOWN_GRACE_MS = 10_000

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref()
  })

export interface RunningServer {
  url: string
  server: Server
  close(): Promise<void>
}

/** Starts the service on Node: parse env, open and migrate the store, serve. */
export async function startServer(
  config: Config = parseConfig(process.env),
): Promise<RunningServer> {
  const logger = createLogger(config.logLevel)
  const weak = weakTokenProblem(config.adminTokens)
  if (weak && !isLoopbackHost(config.host)) {
    throw new StartupError(`refusing to listen on ${config.host}: ${weak}`)
  }
  if (weak) logger.warn(`${weak}; accepted only because HOST=${config.host} is loopback`)
  prepareDatabaseDir(config, (line) => logger.info(line))
  const store = await openMigratedStore(config)
  // The stripe package loads only where it is used (a fifth of the process's memory).
  const stripe = config.stripeSecretKey
    ? (await import('../stripe/client.js')).stripeClient(config)
    : undefined
  const docsAssets = nodeDocsAssets()
  // PNGs are drawn on a bounded pool of threads, started on the first PNG asked for.
  const png = pngPool(config.png)
  // On PostgreSQL, changes committed by other instances reach this one's caches and streams.
  const { feed, close: closeChanges } = await liveChanges(store, config, logger)
  const app = createApp({
    store,
    config,
    logger,
    feed,
    rasterize: png.rasterize,
    runtimeGauges: processGauges,
    ...(stripe ? { stripe } : {}),
    ...(docsAssets ? { docsAssets } : {}),
  })
  // A port in use (or not allowed) rejects here, and the store is closed so the process can exit.
  const server = await listen(app, config).catch(async (err: unknown) => {
    await closeChanges()
    await png.close()
    await store.close()
    throw err
  })
  // Thank-you and manage-link e-mails: the outbox is sent on a timer (SMTP_URL).
  const mailLoop = startMailLoop(store, config, logger, stripe)
  // The previous UTC day reconciled against Stripe once a day (RECONCILE_SCHEDULE).
  const reconcileLoop = startReconcileLoop({ store, config, log: logger, stripe })
  // The platforms' APIs checked hourly for what their webhooks missed (SOURCES_CHECK).
  const sourcesLoop = startSourcesCheckLoop({ store, config, log: logger, stripe, feed })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  if (config.clientIpHeader && config.trustedProxies === undefined) {
    logger.warn(
      'CLIENT_IP_HEADER is believed only from private-network peers; set TRUSTED_PROXIES to your proxies',
      { header: config.clientIpHeader },
    )
  }
  if (config.adminTokens.length === 0) {
    logger.warn('ADMIN_TOKEN is not set: the admin API is disabled')
  }
  // The start line is written at any LOG_LEVEL but silent: tools and tests wait for its URL.
  const announce = config.logLevel === 'silent' ? logger : createLogger('info')
  announce.info('supportbar listening', { url, database: config.databaseUrl.split(':')[0] })
  let closing: Promise<void> | undefined
  return {
    url,
    server,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Idle keep-alive sockets would hold close() open; live streams get a moment to end.
        server.closeIdleConnections()
        setTimeout(() => server.closeAllConnections(), 2000).unref()
      })
        // Requests still at work (a webhook between its load and its commit, whose client may
        // have left) finish before the store they write to closes; a hung one gets 10 s.
        .then(() => Promise.race([handlersDone(server), delay(SHUTDOWN_GRACE_MS)]))
        .then(() => mailLoop?.stop())
        .then(() => reconcileLoop?.stop())
        .then(() => sourcesLoop?.stop())
        .then(() => closeChanges())
        .then(() => png.close())
        .then(() => store.close())
      return closing
    },
  }
}
