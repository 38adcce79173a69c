import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { stripeClient } from '../src/stripe/client.js'
import { stripeConfigSuite } from './stripe-configs/suite.js'
import { makeTestApp } from './support/harness.js'

stripeConfigSuite('Node + SQLite', async (env) => {
  const t = await makeTestApp({ env })
  const stripe = stripeClient(parseConfig({ ...env, DATABASE_URL: `file:${t.file}` }))
  const app = stripe ? createApp({ store: t.store, config: t.config, stripe }) : t.app
  return { request: async (path, init) => app.request(path, init), close: t.close }
})
