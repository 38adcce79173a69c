import { contractSuite } from './contract/contract.js'
import { CONTRACT_ENV } from './contract/target.js'
import { makeTestApp } from './support/harness.js'

contractSuite({
  streams: true,
  name: 'Node + SQLite',
  start: async () => {
    const t = await makeTestApp({ env: CONTRACT_ENV })
    return { fetch: async (path, init) => t.app.request(path, init), close: () => t.close() }
  },
})
