import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { contractSuite } from './contract/contract.js'
import { CONTRACT_ENV } from './contract/target.js'
import { applyLocalD1Migrations, startLocalWorker } from './support/workerd.js'

contractSuite({
  streams: true,
  name: 'Workers + D1 (workerd)',
  start: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supportbar-d1-'))
    await applyLocalD1Migrations(dir)
    const w = await startLocalWorker(dir, CONTRACT_ENV)
    return {
      fetch: w.fetch,
      close: async () => {
        await w.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  },
})
