import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
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

interface Session {
  id: string
  mode: 'payment' | 'subscription'
  amount: number
  currency: string
  campaign: string
  name: string
  successUrl: string
  cancelUrl: string
  paid: boolean
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

let seq = 0
const newId = (prefix: string) =>
  `${prefix}_demo${(++seq).toString(36)}${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`

async function readBody(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text
}

/** The events Stripe sends when a session of this mode is paid by card, in causal order. */
export function paidEvents(s: Session, now: number, email: string): Stripe.Event[] {
  const pi = newId('pi')
  const ch = newId('ch')
  const cus = s.mode === 'subscription' ? newId('cus') : null
  const metadata = { campaign: s.campaign }
  const envelope = (type: string, object: unknown, created = now) =>
    ({
      id: newId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    }) as unknown as Stripe.Event
  const charge = {
    id: ch,
    object: 'charge',
    status: 'succeeded',
    paid: true,
    captured: true,
    amount: s.amount,
    amount_captured: s.amount,
    amount_refunded: 0,
    refunded: false,
    disputed: false,
    currency: s.currency,
    created: now,
    customer: cus,
    payment_intent: pi,
    balance_transaction: null,
    billing_details: { address: null, email, name: 'Demo Reader', phone: null, tax_id: null },
    metadata: {},
    receipt_email: null,
    livemode: false,
  }
  const intent = {
    id: pi,
    object: 'payment_intent',
    status: 'succeeded',
    amount: s.amount,
    amount_received: s.amount,
    amount_capturable: 0,
    currency: s.currency,
    created: now,
    customer: cus,
    latest_charge: ch,
    // Checkout copies payment_intent_data.metadata; an invoice's PaymentIntent has none.
    metadata: s.mode === 'payment' ? metadata : {},
    receipt_email: null,
    capture_method: 'automatic_async',
    allowed_payment_method_types: null,
    livemode: false,
  }
  const details = {
    address: null,
    business_name: null,
    email,
    individual_name: null,
    name: 'Demo Reader',
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  }
  const session = {
    id: s.id,
    object: 'checkout.session',
    mode: s.mode,
    status: 'complete',
    payment_status: 'paid',
    amount_subtotal: s.amount,
    amount_total: s.amount,
    currency: s.currency,
    created: now,
    customer: cus,
    customer_details: details,
    customer_email: null,
    metadata,
    payment_intent: s.mode === 'payment' ? pi : null,
    subscription: null as string | null,
    invoice: null as string | null,
    submit_type: 'donate',
    ui_mode: 'hosted_page',
    success_url: s.successUrl,
    cancel_url: s.cancelUrl,
    url: null,
    livemode: false,
  }
  if (s.mode === 'payment') {
    return [
      envelope('charge.succeeded', charge),
      envelope('payment_intent.succeeded', intent),
      envelope('checkout.session.completed', session),
    ]
  }
  const sub = newId('sub')
  const inv = newId('in')
  session.subscription = sub
  session.invoice = inv
  const price = {
    id: newId('price'),
    object: 'price',
    currency: s.currency,
    unit_amount: s.amount,
    type: 'recurring',
    recurring: { interval: 'month', interval_count: 1 },
  }
  const subscription = {
    id: sub,
    object: 'subscription',
    status: 'active',
    customer: cus,
    currency: s.currency,
    created: now,
    start_date: now,
    metadata,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    latest_invoice: inv,
    items: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: newId('si'),
          object: 'subscription_item',
          quantity: 1,
          subscription: sub,
          current_period_start: now,
          current_period_end: now + 30 * 86400,
          price,
        },
      ],
    },
    livemode: false,
  }
  const invoice = {
    id: inv,
    object: 'invoice',
    status: 'paid',
    billing_reason: 'subscription_create',
    currency: s.currency,
    created: now,
    amount_due: s.amount,
    amount_paid: s.amount,
    amount_remaining: 0,
    total: s.amount,
    customer: cus,
    customer_email: email,
    metadata: {},
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: sub, metadata },
    },
    status_transitions: {
      finalized_at: now,
      paid_at: now,
      marked_uncollectible_at: null,
      voided_at: null,
    },
    lines: { object: 'list', has_more: false, data: [] },
    livemode: false,
  }
  const invoicePayment = {
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: s.amount,
    amount_requested: s.amount,
    created: now,
    currency: s.currency,
    invoice: inv,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: pi },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: now },
  }
  return [
    envelope('charge.succeeded', charge),
    envelope('payment_intent.succeeded', intent),
    envelope('customer.subscription.created', subscription),
    envelope('invoice_payment.paid', invoicePayment),
    envelope('invoice.paid', invoice),
    envelope('checkout.session.completed', session),
  ]
}

/** Starts the stand-in; `webhookUrl` and `secret` are where and how it signs the events. */
export async function startDemoCheckout(opts: {
  webhookUrl: () => string
  secret: string
}): Promise<DemoCheckout> {
  const sessions = new Map<string, Session>()
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
