import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openMigratedStore } from '../src/node/open-store.js'
import { stripeClient } from '../src/stripe/client.js'
import { stripeConfigSuite } from './stripe-configs/suite.js'
import { createTestDatabase } from './support/postgres.js'

stripeConfigSuite('Node + PostgreSQL', async (env) => {
  const database = await createTestDatabase()
  const config = parseConfig({ ...env, DATABASE_URL: database.url })
  const store = await openMigratedStore(config)
  const stripe = stripeClient(config)
  const app = createApp({ store, config, ...(stripe ? { stripe } : {}) })
  return {
    request: async (path, init) => app.request(path, init),
    close: async () => {
      await store.close()
      await database.drop()
    },
  }
})
