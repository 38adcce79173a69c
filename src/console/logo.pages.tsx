import type { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { LOGO_MAX_BYTES, LOGO_PROBLEMS } from '../domain/logo.js'
import { format } from '../domain/messages/index.js'
import type { CampaignView as Campaign } from '../routes/admin/campaigns.routes.js'
import { LOGO as W } from './catalog.js'
import { Csrf } from './layout.js'
import type { ConsoleContext, ConsoleEnv, ConsoleTools, Render } from './tools.js'

/** Room for the multipart envelope around the largest image the API takes. */
const FORM_LIMIT = LOGO_MAX_BYTES + 16 * 1024

/**
 * Refuses an upload over the limit before the console's gate reads the form (it parses the whole
 * body for its CSRF token): a page, never JSON. Mounted ahead of the sign-in gate.
 */
export function logoUploadLimit(app: Hono<ConsoleEnv>, render: Render) {
  app.post(
    '/admin/campaigns/:slug/logo',
    bodyLimit({
      maxSize: FORM_LIMIT,
      onError: (c) =>
        render(c, 'Logo', <p>{LOGO_PROBLEMS.too_large} Nothing was changed.</p>, { status: 413 }),
    }),
  )
}

/** The logo page: the current logo, an upload form and a remove button; each through the API. */
export function logoPages(app: Hono<ConsoleEnv>, t: ConsoleTools) {
  const path = (slug: string) => `/api/admin/campaigns/${encodeURIComponent(slug)}`
  const load = (c: ConsoleContext) => t.api<Campaign>(c, 'GET', path(c.req.param('slug') ?? ''))

  const page = (
    c: ConsoleContext,
    camp: Campaign,
    error?: string,
    status: 200 | 400 | 413 = 200,
  ) => {
    const base = `/admin/campaigns/${camp.slug}`
    const csrf = c.var.session.csrf
    return t.page(
      c,
      format(W.title, { name: camp.name }),
      <>
        <p>
          <a href={base}>Back to the campaign</a> · <a href={`${base}/page`}>Donate page</a>
        </p>
        <p class="hint">{format(W.intro, { kb: String(LOGO_MAX_BYTES / 1024) })}</p>
        {camp.logo ? (
          <figure>
            <figcaption>{W.current}</figcaption>
            <img src={camp.logo.url} alt={`${camp.name} logo`} height="64" />
          </figure>
        ) : (
          <p>{W.none}</p>
        )}
        <form method="post" action={`${base}/logo`} enctype="multipart/form-data" class="stack">
          <Csrf token={csrf} />
          <label>
            {W.file}
            <input type="file" name="logo" accept="image/png,image/jpeg,image/webp" required />
          </label>
          <button type="submit">{W.upload}</button>
        </form>
        {camp.logo && (
          <form method="post" action={`${base}/logo/remove`} class="stack">
            <Csrf token={csrf} />
            <button type="submit" class="quiet">
              {W.remove}
            </button>
          </form>
        )}
      </>,
      { flash: { ...t.flash(c), ...(error ? { error } : {}) }, status },
    )
  }

  app.get('/admin/campaigns/:slug/logo', async (c) => {
    const got = await load(c)
    if (!got.ok) return t.page(c, 'Campaign', <p />, { flash: { error: got.message }, status: 404 })
    return page(c, got.data)
  })

  app.post('/admin/campaigns/:slug/logo', async (c) => {
    const got = await load(c)
    if (!got.ok) return t.page(c, 'Campaign', <p />, { flash: { error: got.message }, status: 404 })
    const file = (await c.req.parseBody()).logo
    if (!(file instanceof File) || file.size === 0) return page(c, got.data, W.noFile, 400)
    const bytes = new Uint8Array(await file.arrayBuffer())
    const res = await t.api<Campaign>(c, 'PUT', `${path(got.data.slug)}/logo`, bytes)
    if (!res.ok) return page(c, got.data, res.message, res.status === 413 ? 413 : 400)
    return t.done(c, `/admin/campaigns/${got.data.slug}/logo`, 'logo')
  })

  app.post('/admin/campaigns/:slug/logo/remove', async (c) => {
    const got = await load(c)
    if (!got.ok) return t.page(c, 'Campaign', <p />, { flash: { error: got.message }, status: 404 })
    const res = await t.api<Campaign>(c, 'DELETE', `${path(got.data.slug)}/logo`)
    if (!res.ok) return page(c, got.data, res.message, 400)
    return t.done(c, `/admin/campaigns/${got.data.slug}/logo`, 'nologo')
  })
}
