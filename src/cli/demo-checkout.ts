import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type Stripe from 'stripe'
import {
  deliverSigned,
  openSessionJson,
  payEvents,
  renewEvents,
  retrievedSessionJson,
  type SimSession,
  sessionFromForm,
  webhookUrlTarget,
} from '../demo/checkout-sim.js'
import { toMajorString } from '../domain/money.js'

/**
 * The demo's stand-in for Stripe: it answers the Checkout Session create the service sends
 * (STRIPE_API_URL points here) and its retrieve (the thank-you page's), shows a page clearly labelled as a demo instead of Stripe's
 * Checkout, and when "paid" sends the service the signed events Stripe would send for that
 * mode (src/demo/stripe-flows.ts, the same sequences the tests use), then returns the reader to
 * the success URL. A paid monthly gift's page (`/pay/<id>`, all listed at `/`) can simulate
 * next month's renewal: the renewal's events, dated a month after the last payment.
 * No money moves and no Stripe account is needed. Demo only: never used by the service.
 */
export interface DemoCheckout {
  url: string
  close(): Promise<void>
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const NOTE =
  '<p class="demo" role="note"><strong>DEMO</strong>: a local stand-in for Stripe Checkout. No card is asked, no money moves.</p>'

async function readBody(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text
}

function money(s: SimSession): string {
  const currency = s.currency.toUpperCase()
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(
    Number(toMajorString(s.amount, currency)),
  )
}

/** `2026-12-26` in UTC, the way the stand-in names payment days. */
const day = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10)

/** The page of a session: pay it, or (a paid monthly gift) simulate its next renewal. */
function sessionPage(s: SimSession): string {
  const head = `<h1>${esc(s.name)}</h1><p>${esc(money(s))}${s.mode === 'subscription' ? ' every month' : ''}</p>`
  if (!s.paid) {
    return `${NOTE}${head}<form method="post"><button type="submit">Pay (demo)</button></form><p><a href="${esc(s.cancelUrl)}">Cancel</a></p>`
  }
  if (!s.subscription || s.paidAt === undefined) {
    return `${NOTE}${head}<p>Paid on ${day(s.paidAt ?? 0)}.</p><p><a href="${esc(s.successUrl)}">Back to the thank-you page</a></p>`
  }
  const renewals = s.renewals
    ? `<p class="renewals">Renewals simulated: ${s.renewals}.</p>`
    : '<p class="renewals">No renewal yet.</p>'
  return `${NOTE}${head}<p>Monthly gift started on ${day(s.paidAt)}, subscription <code>${esc(s.subscription.id)}</code>.</p>${renewals}
<form method="post" action="/pay/${esc(s.id)}/renew"><button type="submit">Simulate next month's renewal</button></form>
<p>Sends the events Stripe sends when the subscription renews, dated one month after the last payment: the gift counts in that month.</p>
<p><a href="${esc(s.successUrl)}">Back to the thank-you page</a></p>`
}

/** Starts the stand-in; `webhookUrl` and `secret` are where and how it signs the events. */
export async function startDemoCheckout(opts: {
  webhookUrl: () => string
  secret: string
}): Promise<DemoCheckout> {
  const sessions = new Map<string, SimSession>()
  const target = webhookUrlTarget(opts.webhookUrl, opts.secret)
  const send = async (events: Stripe.Event[]) => {
    const statuses = await deliverSigned(target, events)
    statuses.forEach((status, i) => {
      if (status >= 300) console.error(`demo checkout: ${events[i]?.type} answered ${status}`)
    })
  }
  let origin = ''
  const html = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    })
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>DEMO checkout (not Stripe)</title><style>body{font:16px system-ui,sans-serif;max-width:480px;margin:40px auto;padding:0 16px}.demo{background:#fff3cd;border:2px dashed #b58100;padding:12px;border-radius:8px}button{font:inherit;padding:10px 24px;border-radius:8px;border:0;background:#0969da;color:#fff}</style></head><body>${body}</body></html>`,
    )
  }
  const redirect = (res: ServerResponse, location: string) => {
    res.writeHead(303, { Location: location })
    res.end()
  }
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const s = sessionFromForm(new URLSearchParams(await readBody(req)))
      sessions.set(s.id, s)
      return json(200, openSessionJson(s, `${origin}/pay/${s.id}`))
    }
    // The thank-you page reads the gift back from the session, as from Stripe.
    const read = /^\/v1\/checkout\/sessions\/(\w+)$/.exec(url.pathname)
    const known = read && req.method === 'GET' ? sessions.get(read[1] as string) : undefined
    if (known) return json(200, retrievedSessionJson(known, `${origin}/pay/${known.id}`))
    if (req.method === 'GET' && url.pathname === '/') {
      const items = [...sessions.values()]
        .map(
          (s) =>
            `<li><a href="/pay/${esc(s.id)}">${esc(s.name)}: ${esc(money(s))}${s.mode === 'subscription' ? ' every month' : ''}</a>${s.paid ? ' (paid)' : ''}</li>`,
        )
        .join('')
      return html(res, 200, `${NOTE}<h1>Demo Checkout sessions</h1><ul>${items}</ul>`)
    }
    const m = /^\/pay\/(\w+)(\/renew)?$/.exec(url.pathname)
    const s = m ? sessions.get(m[1] as string) : undefined
    if (s && !m?.[2] && req.method === 'GET') return html(res, 200, sessionPage(s))
    if (s && !m?.[2] && req.method === 'POST') {
      if (!s.paid) await send(payEvents(s, { email: 'reader@example.org' }))
      return redirect(res, s.successUrl)
    }
    if (s && m?.[2] && req.method === 'POST') {
      if (!s.subscription) return html(res, 409, `${NOTE}<p>Only a paid monthly gift renews.</p>`)
      await send(renewEvents(s).events)
      return redirect(res, `/pay/${s.id}`)
    }
    return json(404, {
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: 'Not in the demo stand-in',
      },
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: origin,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
