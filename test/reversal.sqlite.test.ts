import { reversalSuite } from './reversal/suite.js'
import { makeTestApp } from './support/harness.js'

reversalSuite('SQLite', async () => {
  const t = await makeTestApp()
  return { app: t.app, store: t.store, close: t.close }
})
