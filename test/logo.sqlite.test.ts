import { logoSuite } from './logo/suite.js'
import { makeTestApp } from './support/harness.js'

logoSuite('SQLite', async () => {
  const t = await makeTestApp()
  return { app: t.app, store: t.store, close: t.close }
})
