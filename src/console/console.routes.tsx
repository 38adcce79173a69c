import { Hono } from 'hono'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { type AdminFetch, callApi } from './api.js'
import { auditPages } from './audit.pages.js'
import { authRoutes, FORGED } from './auth.js'
import { campaignPages } from './campaigns.pages.js'
import { CONSOLE_CSS, CONSOLE_JS, html, Layout } from './layout.js'
import { ledgerPages } from './ledger.pages.js'
import { logoPages, logoUploadLimit } from './logo.pages.js'
import { settingsPages } from './settings.pages.js'
import { stripePages } from './stripe.pages.js'
import { type ConsoleDeps, type ConsoleEnv, type ConsoleTools, DONE, type Render } from './tools.js'

/** Pages run no inline script or style and load nothing from elsewhere. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=UTF-8',
  'Content-Security-Policy': CSP,
  'Cache-Control': 'no-store',
}

/**
 * The admin console under /admin: server-rendered pages, a session cookie made from an admin
 * token, CSRF checks on every form (the Origin / Sec-Fetch-Site check of Hono's csrf middleware,
 * and a per-session token in each form). Every action is a call to the admin API in-process.
 */
export function consoleRoutes(ctx: ConsoleDeps, adminFetch: AdminFetch) {
  const app = new Hono<ConsoleEnv>()
  const publicOrigin = ctx.config.publicUrl ? new URL(ctx.config.publicUrl).origin : undefined

  const render: Render = (c, title, body, opts = {}) =>
    c.body(
      html(
        <Layout
          title={title}
          who={opts.session?.label}
          csrf={opts.session?.csrf}
          flash={opts.flash ?? {}}
        >
          {body}
        </Layout>,
      ),
      opts.status ?? 200,
      PAGE_HEADERS,
    )

  const tools: ConsoleTools = {
    ctx,
    api: (c, method, path, body, headers) =>
      callApi(adminFetch, c.var.session.token, method, path, body, headers),
    fetch: (c, path) =>
      adminFetch(path, { headers: { Authorization: `Bearer ${c.var.session.token}` } }),
    page: (c, title, body, opts = {}) =>
      render(c, title, body, { ...opts, session: c.var.session }),
    done: (c, to, ok) => c.redirect(`${to}${to.includes('?') ? '&' : '?'}ok=${ok}`, 303),
    flash: (c) => ({ ok: doneMessage(c.req.query('ok')) }),
    form: async (c) => {
      const out: Record<string, string> = {}
      for (const [k, v] of Object.entries(await c.req.parseBody())) {
        if (typeof v === 'string') out[k] = v
      }
      return out
    },
  }

  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status === 403) {
      return render(c, 'Refused', <p>{FORGED}</p>, { status: 403 })
    }
    ctx.log.error('console error', { requestId: c.var.requestId, error: err.message })
    return render(
      c,
      'Something went wrong',
      <p>
        The console could not finish this request; nothing was changed unless the page says so.
        Request id: <code>{c.var.requestId}</code>
      </p>,
      { status: 500 },
    )
  })

  app.get('/admin/console.css', (c) =>
    c.body(CONSOLE_CSS, 200, {
      'Content-Type': 'text/css; charset=UTF-8',
      'Cache-Control': 'public, max-age=300',
    }),
  )
  app.get('/admin/console.js', (c) =>
    c.body(CONSOLE_JS, 200, {
      'Content-Type': 'text/javascript; charset=UTF-8',
      'Cache-Control': 'public, max-age=300',
    }),
  )

  // A form posted from another site is refused before anything reads it. The public URL counts
  // as this origin too: behind a proxy the request URL is the proxy's upstream address.
  app.use(
    '/admin/*',
    csrf({
      origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
    }),
  )

  logoUploadLimit(app, render)
  authRoutes(app, { ctx, render, form: tools.form, doneMessage })

  campaignPages(app, tools)
  settingsPages(app, tools)
  logoPages(app, tools)
  ledgerPages(app, tools)
  stripePages(app, tools)
  auditPages(app, tools)
  app.get('/admin/', (c) => c.redirect('/admin', 301))
  return app
}

function doneMessage(key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(DONE, key) ? DONE[key as keyof typeof DONE] : undefined
}
