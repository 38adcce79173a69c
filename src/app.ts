import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { consoleRoutes } from './console/console.routes.js'
import type { AppDeps, AppEnv, Services } from './deps.js'
import { ApiError } from './errors.js'
import { adminAuth } from './http/auth.js'
import { errorHandler } from './http/error-handler.js'
import { OPEN_SECURE_OPTIONS } from './http/header-sets.js'
import { isHotRead } from './http/rendered.js'
import { observeRequests } from './http/requests.js'
import { auditRoutes } from './routes/admin/audit.routes.js'
import { campaignRoutes } from './routes/admin/campaigns.routes.js'
import { exportRoutes } from './routes/admin/export.routes.js'
import { ledgerRoutes } from './routes/admin/ledger.routes.js'
import { paypalAdminRoutes } from './routes/admin/paypal.routes.js'
import { reconciliationRoutes } from './routes/admin/reconciliations.routes.js'
import { reversalRoutes } from './routes/admin/reversal.routes.js'
import { sourcesAdminRoutes } from './routes/admin/sources.routes.js'
import { stripeAdminRoutes } from './routes/admin/stripe.routes.js'
import { stripeSetupRoutes } from './routes/admin/stripe-setup.routes.js'
import { docsRoutes } from './routes/docs.routes.js'
import { donateRoutes } from './routes/donate.routes.js'
import { embedRoutes } from './routes/embed.routes.js'
import { langAlias } from './routes/embed-query.js'
import { historyRoutes } from './routes/history.routes.js'
import { homeRoutes } from './routes/home.routes.js'
import { LOGO_UPLOAD_PATH, logoRoutes } from './routes/logo.routes.js'
import { manageRoutes } from './routes/manage.routes.js'
import { metricsRoutes } from './routes/metrics.routes.js'
import { pngRoutes } from './routes/png.routes.js'
import { publicRoutes } from './routes/public.routes.js'
import { sourceRoutes } from './routes/sources.routes.js'
import { supportersRoutes } from './routes/supporters.routes.js'
import { validationHook } from './routes/validation.js'
import { STRIPE_WEBHOOK_PATH } from './routes/webhook-answer.js'
import { webhookRoutes } from './routes/webhooks.routes.js'
import { createServices } from './services.js'
import { APP_VERSION } from './version.js'

/** Largest request body accepted by the JSON API (webhooks have their own limit). */
const API_BODY_LIMIT = 64 * 1024

const isStripeWebhook = (method: string, path: string) =>
  method === 'POST' && path === STRIPE_WEBHOOK_PATH

/**
 * Builds the whole app from its dependencies. No I/O happens here: the runtime entries
 * (src/node/main.ts, src/worker/index.ts) and the tests open the store and pass it in.
 */
export function createApp(deps: AppDeps) {
  const ctx = createServices(deps)
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.onError(errorHandler(ctx.log))
  app.notFound((c) =>
    c.json(
      { error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } },
      404,
    ),
  )
  // Every request gets an id for logs. The hot read path (progress JSON, embeds, widget) and the
  // Stripe webhook answer whole (src/http/answer.ts), X-Request-Id and security headers
  // included: Hono's secure-headers edits a finished response, which costs the read path about
  // a third, and the Node lanes write the very same answers.
  app.use(requestId({ headerName: '' }))
  app.use(observeRequests(ctx.requests))
  app.use(langAlias)
  const strictHeaders = secureHeaders()
  const openHeaders = secureHeaders(OPEN_SECURE_OPTIONS)
  app.use((c, next) => {
    if (isHotRead(c.req.method, c.req.path) || isStripeWebhook(c.req.method, c.req.path)) {
      return next()
    }
    c.header('X-Request-Id', c.var.requestId)
    const admin = c.req.path.startsWith('/api/admin/') || c.req.path.startsWith('/admin')
    return (admin ? strictHeaders : openHeaders)(c, next)
  })
  const limit = bodyLimit({
    maxSize: API_BODY_LIMIT,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `Request body over ${API_BODY_LIMIT} bytes`)
    },
  })
  // GET and HEAD carry no body; skipping them keeps the Node adapter's lazy Request lazy. A
  // logo upload has its own, larger limit (src/routes/logo.routes.ts).
  app.use('/api/*', (c, next) =>
    c.req.method === 'GET' ||
    c.req.method === 'HEAD' ||
    (c.req.method === 'PUT' && LOGO_UPLOAD_PATH.test(c.req.path))
      ? next()
      : limit(c, next),
  )
  const admin = adminAuth(ctx)
  app.use('/api/admin/*', admin)
  app.use('/metrics', admin)

  app.route('/', publicRoutes(ctx))
  // Before the embeds: their `/embed/:name` would take `news.png` for a page slug.
  app.route('/', pngRoutes(ctx))
  app.route('/', embedRoutes(ctx))
  app.route('/', historyRoutes(ctx))
  app.route('/', supportersRoutes(ctx))
  app.route('/', donateRoutes(ctx))
  app.route('/', manageRoutes(ctx))
  app.route('/', logoRoutes(ctx))
  app.route('/api/admin', campaignRoutes(ctx))
  app.route('/api/admin', ledgerRoutes(ctx))
  app.route('/api/admin', reversalRoutes(ctx))
  app.route('/api/admin', stripeAdminRoutes(ctx))
  app.route('/api/admin', paypalAdminRoutes(ctx))
  app.route('/api/admin', sourcesAdminRoutes(ctx))
  app.route('/api/admin', stripeSetupRoutes(ctx))
  app.route('/api/admin', auditRoutes(ctx))
  app.route('/api/admin', exportRoutes(ctx))
  app.route('/api/admin', reconciliationRoutes(ctx))
  app.route('/', webhookRoutes(ctx))
  app.route('/', sourceRoutes(ctx))
  // Before /openapi.json below: its Cache-Control is set by a middleware of the docs routes.
  app.route('/', docsRoutes(deps.docsAssets))
  app.route('/', homeRoutes(ctx))
  // The console acts through the admin API above, in-process, as the signed-in admin.
  app.route(
    '/',
    consoleRoutes(ctx, async (path, init) => app.request(path, init)),
  )

  app.route('/', metricsRoutes({ ...ctx, runtimeGauges: deps.runtimeGauges }))

  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'One of the tokens in ADMIN_TOKEN',
  })
  app.doc31('/openapi.json', () => ({
    openapi: '3.1.0',
    info: {
      title: 'supportbar',
      version: APP_VERSION,
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Monthly fundraising campaigns: Stripe webhooks reconciled into exact totals, and an ' +
        'embeddable Support bar. Admin routes need `Authorization: Bearer <ADMIN_TOKEN>`. ' +
        'Errors are always `{"error":{"code","message"}}`. Amounts are integers in minor units.',
    },
    // PUBLIC_URL only: a Host header is the client's to choose, and caches would keep it.
    servers: [{ url: deps.config.publicUrl ?? '/' }],
    security: [],
  }))

  built.set(app, ctx)
  return app
}

export type App = ReturnType<typeof createApp>

const built = new WeakMap<object, Services>()

/**
 * The services an app was built with, for a runtime's lanes in front of it (each takes the few
 * it uses) and for tests.
 */
export function servicesOf(app: App): Services {
  const services = built.get(app)
  if (!services) throw new Error('not an app built by createApp')
  return services
}
