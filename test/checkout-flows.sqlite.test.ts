import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { parseConfig } from '../src/config.js'
import { stripeClient } from '../src/stripe/client.js'
import { checkoutFlowSuite } from './flows/checkout-flows.js'
import { makeTestApp } from './support/harness.js'

// Served over HTTP: the fake Stripe posts its signed events to the webhook URL, as Stripe does.
checkoutFlowSuite('Node + SQLite, webhooks over HTTP', async (env, deps) => {
  const stripe = stripeClient(parseConfig(env))
  const t = await makeTestApp({ env, deps: { ...deps, ...(stripe ? { stripe } : {}) } })
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((r) => server.once('listening', () => r()))
  const { port } = server.address() as AddressInfo
  return {
    request: (path, init) => t.app.request(path, init),
    webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`,
    store: t.store,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()))
      await t.close()
    },
  }
})
