import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import {
  cancelEvents,
  changeAmountEvents,
  declinedRenewalEvents,
  deliverSigned,
  openSessionJson,
  type PayOptions,
  payEvents,
  renewEvents,
  retrievedSessionJson,
  type SimSession,
  sessionFromForm,
  type WebhookTarget,
} from '../../src/demo/checkout-sim.js'
import { fakeBalance } from './fake-stripe-balance.js'
import { fakeBilling } from './fake-stripe-billing.js'
import { shuffled } from './stripe-flows.js'

/** Objects the fake API serves by id, and the events it lists (newest first, as Stripe does). */
export interface FakeStripeData {
  events: Stripe.Event[]
  objects: Map<string, unknown>
}

/** A Checkout Session create as it reached the fake: form fields flat, as Stripe reads them. */
export interface CheckoutCall {
  params: Record<string, string>
  idempotencyKey: string | undefined
  /** Its Stripe-Account header: the connected account it was created on (null: the platform). */
  account: string | null
}

/** How the fake answers session creates and retrieves: normally, with a Stripe error, or never. */
export type CheckoutMode = 'ok' | 'error' | 'hang'

/**
 * A local HTTP server that speaks enough of Stripe's API (list format with `has_more` and
 * `starting_after`, retrieve by id) for the client to be pointed at it: no module mocks.
 */
export async function startFakeStripe(pageSize = 2) {
  const data: FakeStripeData = { events: [], objects: new Map() }
  const requests: string[] = []
  /** The Stripe-Account header of each API request (null: the platform's own), by index. */
  const accounts: (string | null)[] = []
  const checkout = {
    calls: [] as CheckoutCall[],
    mode: 'ok' as CheckoutMode,
    /** Sessions created, by id, with the idempotency keys that made them. */
    sessions: new Map<string, SimSession & { url: string }>(),
    byKey: new Map<string, string>(),
    /** The connected account each session was created on (none: the platform's own). */
    sessionAccounts: new Map<string, string>(),
  }
  let origin = ''
  const billing = fakeBilling(() => origin)
  const balance = fakeBalance(data.objects)
  /** Where paid sessions' events go (set by `webhooks.to`), and how they are delivered. */
  const webhooks = {
    target: undefined as WebhookTarget | undefined,
    /** Seed of the shuffle; each delivery uses the next one. */
    seed: 1,
    /** Extra deliveries of random events of each batch (Stripe may send any event again). */
    duplicates: 3,
    /** Every batch sent, in the order sent, with the answers' statuses. */
    sent: [] as { events: Stripe.Event[]; statuses: number[] }[],
    /** Sends to `url` (the service's `/webhooks/stripe`), or through a fetch-like function. */
    to(
      where: string | ((path: string, init: RequestInit) => Response | Promise<Response>),
      secret: string,
    ) {
      this.target = {
        secret,
        send: async (body, signature) => {
          const init = {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
            body,
          }
          return typeof where === 'string' ? fetch(where, init) : where('/webhooks/stripe', init)
        },
      }
    },
  }
  const deliver = async (events: Stripe.Event[], account?: string) => {
    if (!webhooks.target) throw new Error('fake Stripe: no webhook target (webhooks.to)')
    // Events of a connected account's objects carry the account, as Connect endpoints get them.
    if (account) events = events.map((e) => ({ ...e, account }))
    billing.record(events)
    const order = shuffled(events, webhooks.seed++, webhooks.duplicates)
    const statuses = await deliverSigned(webhooks.target, order)
    webhooks.sent.push({ events: order, statuses })
    return { events: order, statuses }
  }
  const sessionOf = (id: string) => {
    const s = checkout.sessions.get(id)
    if (!s) throw new Error(`fake Stripe: no session ${id}`)
    return s
  }
  const accountOf = (id: string) => checkout.sessionAccounts.get(id)
  const changeAmount = (id: string, amount: number, at?: number) =>
    deliver(changeAmountEvents(sessionOf(id), amount, at), accountOf(id))
  const cancel = (id: string, at: number) => deliver(cancelEvents(sessionOf(id), at), accountOf(id))
  /** The paid subscription-mode session whose subscription is the customer's. */
  const sessionOfCustomer = (customer: string) => {
    const s = [...checkout.sessions.values()].find((x) => x.subscription?.customer === customer)
    if (!s) throw new Error(`fake Stripe: no subscription of ${customer}`)
    return s.id
  }
  billing.portal.act = {
    change: (customer, amount, at) => changeAmount(sessionOfCustomer(customer), amount, at),
    cancel: (customer, at) => cancel(sessionOfCustomer(customer), at),
  }
  billing.updates.change = async (subscription, amount, at) => {
    const s = [...checkout.sessions.values()].find((x) => x.subscription?.id === subscription)
    if (!s) throw new Error(`fake Stripe: no session of ${subscription}`)
    const { events } = await changeAmount(s.id, amount, at)
    const updated = events.find((e) => e.type === 'customer.subscription.updated')
    return updated?.data.object as Stripe.Subscription
  }
  /** Pays a session: every event Stripe sends for its mode, shuffled with duplicates. */
  const payAndSend = (id: string, o: PayOptions = {}) =>
    deliver(payEvents(sessionOf(id), o), accountOf(id))
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    requests.push(`${req.method} ${url.pathname}${url.search}`)
    const account = req.headers['stripe-account']
    const scope = typeof account === 'string' ? `${account}:` : ''
    const accountHeader = scope ? scope.slice(0, -1) : null
    accounts.push(accountHeader)
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': 'req_fake' })
      res.end(JSON.stringify(body))
    }
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      let text = ''
      for await (const chunk of req) text += chunk
      const params = Object.fromEntries(new URLSearchParams(text))
      const key = req.headers['idempotency-key']
      const idempotencyKey = typeof key === 'string' ? key : undefined
      checkout.calls.push({ params, idempotencyKey, account: scope ? scope.slice(0, -1) : null })
      if (checkout.mode === 'hang') return // never answers: the client's timeout ends it
      if (checkout.mode === 'error') {
        return send(500, { error: { type: 'api_error', message: 'Fake Stripe is down' } })
      }
      // Stripe keeps idempotency keys per account.
      const keyed = idempotencyKey ? `${scope}${idempotencyKey}` : undefined
      const known = keyed ? checkout.byKey.get(keyed) : undefined
      const session = (known && checkout.sessions.get(known)) || {
        ...sessionFromForm(new URLSearchParams(text)),
        url: '',
      }
      session.url = `${origin}/pay/${session.id}`
      checkout.sessions.set(session.id, session)
      if (scope) checkout.sessionAccounts.set(session.id, scope.slice(0, -1))
      if (keyed) checkout.byKey.set(keyed, session.id)
      return send(200, openSessionJson(session, session.url))
    }
    const retrieve = /^\/v1\/checkout\/sessions\/(\w+)$/.exec(url.pathname)
    // A session is found only on the account it was created on (its Stripe-Account header).
    const sessionId = retrieve?.[1] ?? ''
    const onItsAccount = (checkout.sessionAccounts.get(sessionId) ?? null) === accountHeader
    const retrieved =
      retrieve && req.method === 'GET' && onItsAccount && checkout.sessions.get(sessionId)
    if (retrieved && checkout.mode === 'hang') return
    if (retrieved && checkout.mode === 'error') {
      return send(500, { error: { type: 'api_error', message: 'Fake Stripe is down' } })
    }
    if (retrieved) return send(200, retrievedSessionJson(retrieved, retrieved.url))
    const html = (body: string) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(body)
    }
    if (await billing.handle(req, url, send, html, accountHeader)) return
    if (balance.handle(req.method, url, send, accountHeader)) return
    // The fake's Checkout page: the e-mail Checkout asks for, and its Pay button.
    const pay = /^\/pay\/(\w+)$/.exec(url.pathname)
    const paying = pay ? checkout.sessions.get(pay[1] as string) : undefined
    if (paying && req.method === 'GET') {
      return html(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Checkout</title></head><body><h1>${paying.name}</h1><form method="post"><label>Email <input type="email" name="email"></label><button type="submit">Pay</button></form></body></html>`,
      )
    }
    if (paying && req.method === 'POST') {
      let text = ''
      for await (const chunk of req) text += chunk
      const email = new URLSearchParams(text).get('email')
      if (!paying.paid) await payAndSend(paying.id, email ? { email } : {})
      res.writeHead(303, { Location: paying.successUrl })
      return res.end()
    }
    if (url.pathname === '/v1/events') {
      const gte = Number(url.searchParams.get('created[gte]') ?? 0)
      const after = url.searchParams.get('starting_after')
      // Each account lists its own events: the platform those without `account`.
      const mine = (e: Stripe.Event) => (scope ? e.account === scope.slice(0, -1) : !e.account)
      const all = [...data.events]
        .sort((a, b) => b.created - a.created)
        .filter((e) => e.created >= gte && mine(e))
      const start = after ? all.findIndex((e) => e.id === after) + 1 : 0
      const page = all.slice(start, start + pageSize)
      return send(200, {
        object: 'list',
        data: page,
        has_more: start + pageSize < all.length,
        url: '/v1/events',
      })
    }
    // Connect: an object of a connected account is stored under `acct_…:id` and served only to
    // a request that sends that account's Stripe-Account header, as Stripe does.
    if (url.pathname === '/v1/invoice_payments' && !data.objects.has(`${scope}invoice_payments`)) {
      const pi = url.searchParams.get('payment[payment_intent]')
      const list = [...data.objects]
        .filter(([k]) => (scope ? k.startsWith(scope) : !k.includes(':')))
        .map(([, v]) => v as { object?: string; payment?: { payment_intent?: string } })
        .filter((v) => v.object === 'invoice_payment' && v.payment?.payment_intent === pi)
      return send(200, { object: 'list', data: list, has_more: false, url: url.pathname })
    }
    const id = url.pathname.split('/').at(-1) ?? ''
    const obj = data.objects.get(`${scope}${id}`)
    if (obj) return send(200, obj)
    return send(404, {
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such object: ${id}`,
      },
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`
  const stripe = new Stripe('sk_test_fake', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
  })
  return {
    data,
    requests,
    accounts,
    /** Checkout Session creates that reached the fake, and how it answers them. */
    checkout,
    /** Customers and subscriptions of the paid sessions, and the customer portal's sessions. */
    billing,
    /** Balance transactions listed by payout or time, with a 429 now and then. */
    books: balance.books,
    /** Signed delivery of paid sessions' events to the service's webhook endpoint. */
    webhooks,
    /**
     * "Pays" a session as its Checkout page's Pay button does (card by default; a delayed
     * `sepa_debit` settles, or fails, at `settleAt`) and sends the events of its mode.
     */
    pay: payAndSend,
    /** Renews a paid subscription-mode session one period later: its renewal's events. */
    renew: async (id: string) => {
      const r = renewEvents(sessionOf(id))
      return { at: r.at, ...(await deliver(r.events, accountOf(id))) }
    },
    /**
     * Renews it one period later with a declined card (its events up to `past_due`); `retry`
     * sends those of Stripe's retry at `retryAt`, which pays the same invoice, or `giveUp`
     * those of a last retry declined too, after which the subscription is `canceled` or `unpaid`.
     */
    renewDeclined: async (id: string, retryAt: number) => {
      const r = declinedRenewalEvents(sessionOf(id), retryAt)
      const account = accountOf(id)
      return {
        at: r.at,
        ...(await deliver(r.declined, account)),
        retry: () => deliver(r.retried, account),
        giveUp: (end: 'canceled' | 'unpaid') => deliver(r.exhausted(end), account),
      }
    },
    /** Cancels its subscription at `at`: `customer.subscription.deleted`. */
    cancel,
    /** Changes its subscription's amount at `at` (the portal): `customer.subscription.updated`. */
    changeAmount,
    stripe,
    /** For STRIPE_API_URL. */
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
