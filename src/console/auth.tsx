import type { Context, Hono } from 'hono'
import { timingSafeEqual } from 'hono/utils/buffer'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { addressOf } from '../http/auth-throttle.js'
import { revokeAllSessions, revokeSession } from '../store/console-sessions.js'
import type { Flash } from './layout.js'
import {
  clearSessionCookie,
  createSession,
  isHttps,
  matchToken,
  readSessionCookie,
  type Session,
  setSessionCookie,
  verifySession,
} from './session.js'
import type { ConsoleDeps, ConsoleEnv, ConsoleTools, Render } from './tools.js'

/** What a refused cross-site form is told. */
export const FORGED =
  'Refused: this form was not sent from this console (a cross-site request). Nothing was changed.'

export interface AuthDeps {
  ctx: ConsoleDeps
  render: Render
  form: ConsoleTools['form']
  doneMessage(key: string | undefined): string | undefined
}

/**
 * Sign-in (an admin token for a session cookie), sign-out, and the gate every other console URL
 * passes: a live session, and on a form the session's CSRF token.
 */
export function authRoutes(app: Hono<ConsoleEnv>, { ctx, render, form, doneMessage }: AuthDeps) {
  const tokens = ctx.config.adminTokens
  const now = () => ctx.now().getTime()
  const secure = (c: Context) => isHttps(c, ctx.config.publicUrl)
  // Sessions live in the database: a sign-out there ends them on every instance (session.ts).
  const live = (c: Context): Promise<Session | undefined> =>
    verifySession(ctx.store, readSessionCookie(c), tokens, now())
  const iso = () => new Date(now()).toISOString()

  const loginForm = (c: Context, flash: Flash, status: ContentfulStatusCode = 200) =>
    render(
      c,
      'Sign in',
      tokens.length === 0 ? (
        <p>The console is disabled: set ADMIN_TOKEN in the service's environment to enable it.</p>
      ) : (
        <form method="post" action="/admin/login" class="stack">
          <label>
            Admin token
            <input
              type="password"
              name="token"
              autocomplete="current-password"
              required
              autofocus
            />
            <small>One of the tokens in ADMIN_TOKEN. Your session lasts 8 hours.</small>
          </label>
          <button type="submit">Sign in</button>
        </form>
      ),
      { flash, status },
    )

  app.get('/admin/login', async (c) => {
    if (await live(c)) return c.redirect('/admin', 303)
    const why = c.req.query('why')
    return loginForm(c, {
      ok: doneMessage(c.req.query('ok')),
      error:
        why === 'expired'
          ? 'Your session has expired or was ended. Sign in again.'
          : why === 'signin'
            ? 'Sign in to use the console.'
            : undefined,
    })
  })

  app.post('/admin/login', async (c) => {
    const address = addressOf(ctx.config, c)
    const wait = ctx.authThrottle.retryAfter(address)
    if (wait > 0) {
      ctx.authThrottle.refused('console')
      c.header('Retry-After', String(wait))
      const error = `Too many wrong tokens from this address. Try again in ${wait} seconds; nothing was changed.`
      return loginForm(c, { error }, 429)
    }
    const sent = await form(c)
    const token = tokens.length ? await matchToken(sent.token ?? '', tokens) : undefined
    if (!token) {
      if (tokens.length > 0) ctx.authThrottle.failed(address, 'console')
      const error =
        tokens.length === 0
          ? 'The console is disabled: set ADMIN_TOKEN to enable it.'
          : 'That is not one of the admin tokens. Nothing was changed.'
      return loginForm(c, { error }, 401)
    }
    setSessionCookie(c, await createSession(ctx.store, token, now()), secure(c))
    ctx.log.info('console sign-in', { requestId: c.var.requestId, actor: token.label })
    return c.redirect('/admin', 303)
  })

  // Every other console URL needs a live session; a form also needs its CSRF token.
  app.use('/admin/*', async (c, next) => {
    const session = await live(c)
    const hadCookie = readSessionCookie(c) !== undefined
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      if (!session) return c.redirect(`/admin/login?why=${hadCookie ? 'expired' : 'signin'}`, 303)
      c.set('session', session)
      return next()
    }
    if (!session) {
      if (c.req.path === '/admin/logout') return c.redirect('/admin/login', 303)
      return render(
        c,
        'Not signed in',
        <p>
          Your session has expired or you are not signed in, so nothing was changed.{' '}
          <a href="/admin/login">Sign in</a> and send the form again.
        </p>,
        { status: 401 },
      )
    }
    const sent = (await form(c))._csrf ?? ''
    if (!(await timingSafeEqual(sent, session.csrf))) {
      return render(c, 'Refused', <p>{FORGED}</p>, { status: 403, session })
    }
    c.set('session', session)
    return next()
  })

  app.post('/admin/logout', async (c) => {
    await revokeSession(ctx.store, c.var.session.idHash, iso())
    clearSessionCookie(c, secure(c))
    ctx.log.info('console sign-out', { requestId: c.var.requestId, actor: c.var.session.label })
    return c.redirect('/admin/login?ok=signedout', 303)
  })

  // Ends every live session of every admin, wherever it was opened (a lost laptop, a shared
  // cookie); this one too.
  app.post('/admin/logout-everywhere', async (c) => {
    const ended = await revokeAllSessions(ctx.store, iso())
    clearSessionCookie(c, secure(c))
    ctx.log.warn('console sign-out everywhere', {
      requestId: c.var.requestId,
      actor: c.var.session.label,
      sessions: ended,
    })
    return c.redirect('/admin/login?ok=everywhere', 303)
  })
}
