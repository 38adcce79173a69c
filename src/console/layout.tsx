import type { Child } from 'hono/jsx'

/**
 * The console's stylesheet, served from /admin/console.css so the pages' CSP allows no inline
 * style. Mobile first: one column, large touch targets; tables scroll sideways on a phone.
 */
export const CONSOLE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1b1f24;background:#f6f7f9}
header{background:#1b1f24;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
header a{color:#fff}
header strong{margin-right:auto}
nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem}
header form{margin:0}
main{max-width:80rem;margin:0 auto;padding:1rem}
td code{font-size:.8rem;overflow-wrap:normal;word-break:break-all}
h1{font-size:1.4rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card h2{margin-top:0}
a{color:#0b57d0}
.card{background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:1rem;margin:0 0 1rem}
.card img{width:100%;height:auto;display:block;margin:.5rem 0}
.figures{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.25rem 0;padding:0;list-style:none}
form.stack{display:grid;gap:.6rem;max-width:32rem}
form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
label{display:grid;gap:.2rem;font-weight:600;font-size:.95rem}
label.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
label.check>input{flex:none}
input,select,button{font:inherit;padding:.5rem .6rem;border:1px solid #9aa4ae;border-radius:6px;min-height:2.6rem}
input[type=checkbox]{min-height:auto}
input,select,textarea{max-width:100%;min-width:0}
figure{margin:0 0 1rem}
figure img{display:block;max-width:100%;width:auto;height:auto;max-height:64px}
button{background:#0b57d0;color:#fff;border-color:#0b57d0;cursor:pointer}
button.quiet{background:#fff;color:#0b57d0}
small,.hint{color:#5b6570;font-weight:400;font-size:.85rem}
.flash{padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem}
.ok{background:#e6f4ea;border:1px solid #34a853}
.error{background:#fce8e6;border:1px solid #d93025}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #e3e7eb;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{width:100%;height:auto;background:#fff;border:1px solid #d8dde3;border-radius:8px}
.pager{display:flex;gap:1rem;margin:.75rem 0}
code{overflow-wrap:anywhere}
fieldset{border:1px solid #d8dde3;border-radius:6px;display:grid;gap:.6rem;padding:.75rem}
legend{font-weight:600;padding:0 .25rem}
textarea{font:inherit;padding:.5rem .6rem;border:1px solid #9aa4ae;border-radius:6px}
.row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:.5rem}
.changes{margin:0;padding-left:1rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8rem}
.problem{color:#b3261e;font-size:.9rem}
[aria-invalid=true]{border-color:#b3261e;outline:1px solid #b3261e}
`

/** Tiny progressive enhancement: bar previews reload every few seconds, so they stay live. */
export const CONSOLE_JS = `
setInterval(function () {
  document.querySelectorAll('img[data-live]').forEach(function (img) {
    var u = new URL(img.getAttribute('data-live'), location.href)
    u.searchParams.set('t', Date.now())
    img.src = u.pathname + u.search
  })
}, 5000)
`

export interface Flash {
  ok?: string | undefined
  error?: string | undefined
}

export function Messages({ flash }: { flash: Flash }) {
  return (
    <>
      {flash.ok && (
        <p class="flash ok" role="status">
          {flash.ok}
        </p>
      )}
      {flash.error && (
        <p class="flash error" role="alert">
          {flash.error}
        </p>
      )}
    </>
  )
}

/** The hidden field every form carries: the session's CSRF token. */
export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}

/** Every console page: the header with navigation (when signed in) and the main column. */
export function Layout(props: {
  title: string
  who?: string | undefined
  csrf?: string | undefined
  flash?: Flash
  children?: Child
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${props.title} · supportbar admin`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/admin/console.css" />
        <script src="/admin/console.js" defer />
      </head>
      <body>
        <header>
          <strong>supportbar admin</strong>
          {props.who && props.csrf && (
            <>
              <nav aria-label="Console">
                <a href="/admin">Campaigns</a>
                <a href="/admin/kept-aside">Kept aside</a>
                <a href="/admin/events">Webhook events</a>
                <a href="/admin/reconciliations">Reconciliation</a>
                <a href="/admin/audit">Audit trail</a>
              </nav>
              <form method="post" action="/admin/logout">
                <Csrf token={props.csrf} />
                <button type="submit" class="quiet" title={`Signed in as ${props.who}`}>
                  Sign out
                </button>
              </form>
              <form method="post" action="/admin/logout-everywhere">
                <Csrf token={props.csrf} />
                <button
                  type="submit"
                  class="quiet"
                  title="End every console session, on every device, this one too"
                >
                  Sign out everywhere
                </button>
              </form>
            </>
          )}
        </header>
        <main>
          <h1>{props.title}</h1>
          <Messages flash={props.flash ?? {}} />
          {props.children}
        </main>
      </body>
    </html>
  )
}

/** A rendered page as the HTML string Hono sends. */
export function html(node: ReturnType<typeof Layout>): string {
  return `<!doctype html>${node.toString()}`
}
