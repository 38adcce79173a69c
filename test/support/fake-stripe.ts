import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

/** Objects the fake API serves by id, and the events it lists (newest first, as Stripe does). */
export interface FakeStripeData {
  events: Stripe.Event[]
  objects: Map<string, unknown>
}

/**
 * A local HTTP server that speaks enough of Stripe's API (list format with `has_more` and
 * `starting_after`, retrieve by id) for the client to be pointed at it: no module mocks.
 */
export async function startFakeStripe(pageSize = 2) {
  const data: FakeStripeData = { events: [], objects: new Map() }
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    requests.push(`${req.method} ${url.pathname}${url.search}`)
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': 'req_fake' })
      res.end(JSON.stringify(body))
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
  const stripe = new Stripe('sk_test_fake', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
  })
  return {
    data,
    requests,
    stripe,
    /** For STRIPE_API_URL. */
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
