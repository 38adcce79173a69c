import { Hono } from 'hono'
import type { Config } from '../config.js'
import type { AppEnv, Services } from '../deps.js'
import { getCampaign, getDefaultCampaign } from '../store/campaigns.js'
import { reconciledLine, reconciledThrough } from '../store/reconciled-through.js'

/** The database kind, never its address: the landing page is public. */
function databaseKind(url: string): string {
  if (url.startsWith('file:')) return 'SQLite'
  if (url.startsWith('postgres')) return 'PostgreSQL'
  return 'Cloudflare D1'
}

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; " +
  "frame-ancestors 'none'; base-uri 'none'"

/**
 * `GET /`: what is running here and where to go next (the console, the docs, the demo or
 * default campaign's bar), instead of a JSON 404 for someone who opens the address.
 */
export function homeRoutes(ctx: Pick<Services, 'store' | 'config'>) {
  const app = new Hono<AppEnv>()
  app.get('/', async (c) => {
    const shown = (await getCampaign(ctx.store, 'demo')) ?? (await getDefaultCampaign(ctx.store))
    // Whether the shown campaign's money matched Stripe's books, and up to which day.
    const through = shown ? await reconciledThrough(ctx.store, shown.stripeAccount) : null
    const page = (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>supportbar</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href="/admin/console.css" />
        </head>
        <body>
          <main>
            <h1>supportbar is running</h1>
            <p>
              Monthly fundraising campaigns and their embeddable Support bar, on{' '}
              {databaseKind(ctx.config.databaseUrl)}.
            </p>
            <ul>
              <li>
                <a href="/admin">Admin console</a>: sign in with an admin token
                {ctx.config.adminTokens.length === 0 && ' (disabled: ADMIN_TOKEN is not set)'}
              </li>
              <li>
                <a href="/docs">API docs</a> and the <a href="/openapi.json">OpenAPI document</a>
              </li>
              <li>
                <a href="/healthz">Health check</a>
              </li>
            </ul>
            {shown ? (
              <section class="card">
                <h2>
                  <a href={`/embed/${shown.slug}`}>{shown.name}</a>
                </h2>
                <img src={`/embed/${shown.slug}.svg`} alt={`The Support bar of ${shown.name}`} />
                <p class="reconciled">{reconciledLine(through)}</p>
                <p>
                  Embed it:{' '}
                  <code>{`<iframe src="${origin(ctx.config)}/embed/${shown.slug}">`}</code>
                </p>
              </section>
            ) : (
              <p>No campaign yet: create one in the console, or try `npm run demo`.</p>
            )}
          </main>
        </body>
      </html>
    )
    return c.html(`<!doctype html>${page.toString()}`, 200, {
      'Content-Security-Policy': CSP,
      'Cache-Control': 'no-cache',
    })
  })
  return app
}

/** PUBLIC_URL when set, never the Host header (the client's to choose, and caches keep pages). */
function origin(config: Config): string {
  return config.publicUrl?.replace(/\/$/, '') ?? 'https://this-host'
}
