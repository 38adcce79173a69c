import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

/** Objects the fake API serves by id, and the events it lists (newest first, as Stripe does). */
export interface FakeStripeData {
  events: Stripe.Event[]
  objects: Map<string, unknown>
}

/** A Checkout Session create as it reached the fake: form fields flat, as Stripe reads them. */
export interface CheckoutCall {
  params: Record<string, string>
  idempotencyKey: string | undefined
}

/** How the fake answers session creates: normally, with a Stripe error, or never. */
export type CheckoutMode = 'ok' | 'error' | 'hang'

/**
 * A local HTTP server that speaks enough of Stripe's API (list format with `has_more` and
 * `starting_after`, retrieve by id) for the client to be pointed at it: no module mocks.
 */
export async function startFakeStripe(pageSize = 2) {
  const data: FakeStripeData = { events: [], objects: new Map() }
  const requests: string[] = []
  const checkout = {
    calls: [] as CheckoutCall[],
    mode: 'ok' as CheckoutMode,
    /** Sessions created, by id, with the idempotency keys that made them. */
    sessions: new Map<string, { id: string; url: string; params: Record<string, string> }>(),
    byKey: new Map<string, string>(),
  }
  let origin = ''
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    requests.push(`${req.method} ${url.pathname}${url.search}`)
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
      checkout.calls.push({ params, idempotencyKey })
      if (checkout.mode === 'hang') return // never answers: the client's timeout ends it
      if (checkout.mode === 'error') {
        return send(500, { error: { type: 'api_error', message: 'Fake Stripe is down' } })
      }
      const known = idempotencyKey && checkout.byKey.get(idempotencyKey)
      const id =
        known || `cs_test_${checkout.sessions.size + 1}${Math.random().toString(36).slice(2, 10)}`
      const session = checkout.sessions.get(id) ?? { id, url: `${origin}/pay/${id}`, params }
      checkout.sessions.set(id, session)
      if (idempotencyKey) checkout.byKey.set(idempotencyKey, id)
      return send(200, {
        id,
        object: 'checkout.session',
        mode: params.mode,
        status: 'open',
        payment_status: 'unpaid',
        url: session.url,
        metadata: { campaign: params['metadata[campaign]'] },
      })
    }
    if (url.pathname === '/v1/events') {
      const gte = Number(url.searchParams.get('created[gte]') ?? 0)
      const after = url.searchParams.get('starting_after')
      const all = [...data.events]
        .sort((a, b) => b.created - a.created)
        .filter((e) => e.created >= gte)
      const start = after ? all.findIndex((e) => e.id === after) + 1 : 0
      const page = all.slice(start, start + pageSize)
      return send(200, {
        object: 'list',
        data: page,
        has_more: start + pageSize < all.length,
        url: '/v1/events',
      })
    }
    const id = url.pathname.split('/').at(-1) ?? ''
    const obj = data.objects.get(id)
    if (obj) return send(200, obj)
    return send(404, { error: { type: 'invalid_request_error', message: `No such object: ${id}` } })
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
    /** Checkout Session creates that reached the fake, and how it answers them. */
    checkout,
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
