import { Hono } from 'hono'
import type { AppEnv } from '../deps.js'
import { DOCS_FILES, type DocsAssets, type DocsFile } from '../http/docs-assets.js'

/**
 * The page and its files load nothing from elsewhere: the admin token is pasted on this page,
 * so no CDN script may run here. Swagger UI needs `data:` images (its icons); its styles are
 * set through the DOM, which the CSP allows; it fetches only this service (the document, and
 * "Try it out").
 */
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

/** Starts Swagger UI on the document; a file of its own, as the CSP allows no inline script. */
const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: false,
    validatorUrl: 'none',
  })
})
`

/** Hours the versioned assets may be cached; the version in their URL changes with the package. */
const ASSET_CACHE = 'public, max-age=31536000, immutable'

function DocsPage({ version }: { version: string | undefined }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>supportbar API</title>
        <link rel="icon" href="data:," />
        {version && <link rel="stylesheet" href={`/docs/${version}/swagger-ui.css`} />}
      </head>
      <body>
        {version ? (
          <>
            <div id="swagger-ui">
              <noscript>
                The interactive docs need JavaScript; the document itself is at{' '}
                <a href="/openapi.json">/openapi.json</a>.
              </noscript>
            </div>
            <script src={`/docs/${version}/swagger-ui-bundle.js`} />
            <script src={`/docs/${version}/init.js`} />
          </>
        ) : (
          <p>
            The interactive docs are not bundled with this deployment. The OpenAPI document is at{' '}
            <a href="/openapi.json">/openapi.json</a>: open it in any OpenAPI viewer.
          </p>
        )}
      </body>
    </html>
  )
}

/**
 * `GET /docs`: Swagger UI on /openapi.json, served entirely from this service so it works
 * offline and runs no third-party script. `/openapi.json` itself gets a Cache-Control here.
 */
export function docsRoutes(assets: DocsAssets | undefined) {
  const app = new Hono<AppEnv>()
  const loaded = new Map<DocsFile, Promise<Uint8Array<ArrayBuffer>>>()
  const page = `<!doctype html>${(<DocsPage version={assets?.version} />).toString()}`

  app.use('/openapi.json', async (c, next) => {
    await next()
    // The document changes only with a deploy; a few minutes spare every page load a rebuild.
    c.res.headers.set('Cache-Control', 'public, max-age=300')
  })

  app.get('/docs', (c) =>
    c.html(page, 200, { 'Content-Security-Policy': DOCS_CSP, 'Cache-Control': 'no-cache' }),
  )

  app.get('/docs/:version/:file', async (c) => {
    const { version, file } = c.req.param()
    const headers = { 'Cache-Control': ASSET_CACHE, 'X-Content-Type-Options': 'nosniff' }
    if (!assets || version !== assets.version) return c.notFound()
    if (file === 'init.js') {
      return c.body(INIT_JS, 200, { ...headers, 'Content-Type': 'text/javascript; charset=UTF-8' })
    }
    if (!Object.hasOwn(DOCS_FILES, file)) return c.notFound()
    const name = file as DocsFile
    let bytes = loaded.get(name)
    if (!bytes) {
      bytes = assets.read(name)
      loaded.set(name, bytes)
      bytes.catch(() => loaded.delete(name))
    }
    return c.body(await bytes, 200, { ...headers, 'Content-Type': DOCS_FILES[name] })
  })

  return app
}
