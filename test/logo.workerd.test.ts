import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { D1Database } from '@cloudflare/workers-types'
import { getPlatformProxy } from 'wrangler'
import { createApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { openD1Store } from '../src/store/d1.js'
import { logoSuite } from './logo/suite.js'
import { ADMIN_TOKEN } from './support/harness.js'
import { applyLocalD1Migrations } from './support/workerd.js'

// The same store code on D1 (local workerd through wrangler), where a unit is one batch.
logoSuite('D1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-logo-d1-'))
  await applyLocalD1Migrations(dir)
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: join(process.cwd(), 'wrangler.toml'),
    persist: { path: join(dir, 'v3') },
  })
  const store = openD1Store(proxy.env.DB)
  const config = parseConfig({ ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`, LOG_LEVEL: 'silent' })
  return {
    app: createApp({ store, config }),
    store,
    close: async () => {
      await proxy.dispose()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
