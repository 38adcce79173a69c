import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openMigratedStore } from '../src/node/open-store.js'
import { logoSuite } from './logo/suite.js'
import { ADMIN_TOKEN } from './support/harness.js'
import { createTestDatabase } from './support/postgres.js'

logoSuite('PostgreSQL', async () => {
  const database = await createTestDatabase()
  const config = parseConfig({
    ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
  })
  const store = await openMigratedStore(config)
  return {
    app: createApp({ store, config }),
    store,
    close: async () => {
      await store.close()
      await database.drop()
    },
  }
})
