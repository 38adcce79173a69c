import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { type DemoSession, newId, paidEvents } from './demo-checkout-events.js'
import { toMajorString } from './domain/money.js'

/**
 * The demo's stand-in for Stripe: it answers the Checkout Session create the service sends
 * (STRIPE_API_URL points here), shows a page clearly labelled as a demo instead of Stripe's
 * Checkout, and when "paid" sends the service the signed events Stripe would send for that
 * mode (API 2026-10-28.endive shapes), then returns the reader to the success URL.
 * No money moves and no Stripe account is needed. Demo only: never used by the service.
 */
export interface DemoCheckout {
  url: string
  close(): Promise<void>
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

async function readBody(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text
}

/** Starts the stand-in; `webhookUrl` and `secret` are where and how it signs the events. */
export async function startDemoCheckout(opts: {
  webhookUrl: () => string
  secret: string
}): Promise<DemoCheckout> {
  const sessions = new Map<string, DemoSession>()
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
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const p = new URLSearchParams(await readBody(req))
      const id = newId('cs_test')
      const mode = p.get('mode') === 'subscription' ? 'subscription' : 'payment'
      sessions.set(id, {
        id,
        mode,
        amount: Number(p.get('line_items[0][price_data][unit_amount]')),
        currency: p.get('line_items[0][price_data][currency]') ?? 'usd',
        campaign: p.get('metadata[campaign]') ?? '',
        name: p.get('line_items[0][price_data][product_data][name]') ?? '',
        successUrl: (p.get('success_url') ?? '').replace('{CHECKOUT_SESSION_ID}', id),
        cancelUrl: p.get('cancel_url') ?? '',
        paid: false,
      })
      return json(200, {
        id,
        object: 'checkout.session',
        mode,
        status: 'open',
        url: `${origin}/pay/${id}`,
      })
    }
    const m = /^\/pay\/([\w]+)$/.exec(url.pathname)
    const s = m ? sessions.get(m[1] as string) : undefined
    if (s && req.method === 'GET') {
      const currency = s.currency.toUpperCase()
      const amount = new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(
        Number(toMajorString(s.amount, currency)),
      )
      return html(
        res,
        200,
        `<p class="demo" role="note"><strong>DEMO</strong>: a local stand-in for Stripe Checkout. No card is asked, no money moves.</p>
<h1>${esc(s.name)}</h1><p>${esc(amount)}${s.mode === 'subscription' ? ' every month' : ''}</p>
<form method="post"><button type="submit">Pay (demo)</button></form><p><a href="${esc(s.cancelUrl)}">Cancel</a></p>`,
      )
    }
    if (s && req.method === 'POST') {
      if (!s.paid) {
        s.paid = true
        const now = Math.floor(Date.now() / 1000)
        for (const event of paidEvents(s, now, 'reader@example.org')) {
          const payload = JSON.stringify(event)
          const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret })
          const r = await fetch(opts.webhookUrl(), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header },
            body: payload,
          })
          if (!r.ok) console.error(`demo checkout: ${event.type} answered ${r.status}`)
        }
      }
      res.writeHead(303, { Location: s.successUrl })
      return res.end()
    }
    return json(404, {
      error: { type: 'invalid_request_error', message: 'Not in the demo stand-in' },
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
