import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openMigratedStore } from '../src/node/open-store.js'
import { contractSuite } from './contract/contract.js'
import { CONTRACT_ENV } from './contract/target.js'
import { createTestDatabase } from './support/postgres.js'

contractSuite({
  streams: true,
  name: 'Node + PostgreSQL',
  start: async () => {
    const database = await createTestDatabase()
    const config = parseConfig({ ...CONTRACT_ENV, DATABASE_URL: database.url })
    const store = await openMigratedStore(config)
    const app = createApp({ store, config })
    return {
      fetch: async (path, init) => app.request(path, init),
      close: async () => {
        await store.close()
        await database.drop()
      },
    }
  },
})
