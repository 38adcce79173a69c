import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripeConfigSuite } from './stripe-configs/suite.js'
import { applyLocalD1Migrations, startLocalWorker } from './support/workerd.js'

stripeConfigSuite('Workers + D1 (workerd)', async (env) => {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-d1-configs-'))
  await applyLocalD1Migrations(dir)
  const w = await startLocalWorker(dir, env)
  return {
    request: (path, init) => w.fetch(path, init),
    close: async () => {
      await w.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
