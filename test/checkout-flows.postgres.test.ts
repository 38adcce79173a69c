import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openMigratedStore } from '../src/node/open-store.js'
import { stripeClient } from '../src/stripe/client.js'
import { checkoutFlowSuite } from './flows/checkout-flows.js'
import { createTestDatabase } from './support/postgres.js'

checkoutFlowSuite('Node + PostgreSQL', async (env, deps) => {
  const database = await createTestDatabase()
  const config = parseConfig({ ...env, DATABASE_URL: database.url })
  const store = await openMigratedStore(config)
  const stripe = stripeClient(config)
  const app = createApp({ store, config, ...deps, ...(stripe ? { stripe } : {}) })
  return {
    request: (path, init) => app.request(path, init),
    store,
    close: async () => {
      await store.close()
      await database.drop()
    },
  }
})
