import { parseConfig } from '../src/config.js'
import { stripeClient } from '../src/stripe/client.js'
import { checkoutFlowSuite } from './flows/checkout-flows.js'
import { makeTestApp } from './support/harness.js'

checkoutFlowSuite('Node + SQLite', async (env, deps) => {
  const stripe = stripeClient(parseConfig(env))
  const t = await makeTestApp({ env, deps: { ...deps, ...(stripe ? { stripe } : {}) } })
  return { request: (path, init) => t.app.request(path, init), store: t.store, close: t.close }
})
