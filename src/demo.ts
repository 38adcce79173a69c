import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseConfig } from './config.js'
import { type RunningServer, startServer } from './node.js'

/** The seed's bar: 1,360 $ of 5,000 $ in June 2021, amounts written `2,500 $` (locale en-150). */
export const DEMO_CAMPAIGN = {
  slug: 'demo',
  name: 'Demo newsroom',
  currency: 'USD',
  defaultGoal: 500000,
  timezone: 'UTC',
  locale: 'en-150',
  donateUrl: 'https://example.org/donate',
}
export const DEMO_MONTH = '2021-06'
const GIFTS = [
  { amount: 50000, donor: 'reader-1' },
  { amount: 36000, donor: 'reader-2' },
  { amount: 25000, donor: 'reader-3' },
  { amount: 25000, donor: 'reader-4' },
]

export interface Demo {
  server: RunningServer
  token: string
  file: string
  stop(): Promise<void>
}

/**
 * Starts the service on a fresh SQLite file in a temp folder with a demo campaign, through the
 * admin API like any operator would, and returns where it runs. The folder goes when it stops.
 */
export async function startDemo(env: Record<string, string | undefined>): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-demo-'))
  const file = join(dir, 'demo.db')
  const token = `demo-${crypto.randomUUID()}`
  const config = parseConfig({
    ...env,
    PORT: env.PORT ?? '8787',
    DATABASE_URL: `file:${file}`,
    ADMIN_TOKEN: `demo:${token}`,
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
  })
  const server = await startServer(config)
  const stop = async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const call = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (!res.ok) throw new Error(`demo setup: ${method} ${path}: ${await res.text()}`)
    }
    await call('POST', '/api/admin/campaigns', DEMO_CAMPAIGN)
    await call('PUT', `/api/admin/campaigns/demo/months/${DEMO_MONTH}`, {
      goal: 500000,
      label: 'JUNE 2021',
    })
    for (const [i, g] of GIFTS.entries()) {
      await call('POST', '/api/admin/campaigns/demo/adjustments', {
        month: DEMO_MONTH,
        amount: g.amount,
        donor: g.donor,
        reason: `demo gift ${i + 1}`,
      })
    }
  } catch (err) {
    await stop()
    throw err
  }
  return { server, token, file, stop }
}

/** What a newcomer reads: the URLs to open, and how to use the admin API of this demo. */
export function demoBanner(demo: Demo): string {
  const u = demo.server.url
  return [
    `supportbar demo running at ${u}`,
    '',
    `  progress JSON  ${u}/api/campaigns/demo/progress?month=${DEMO_MONTH}`,
    `  embed (iframe) ${u}/embed/demo?month=${DEMO_MONTH}`,
    `  image (SVG)    ${u}/embed/demo.svg?month=${DEMO_MONTH}`,
    `  web component  <script src="${u}/widget.js"></script><support-bar campaign="demo" src="${u}"></support-bar>`,
    `  this month     ${u}/api/campaigns/demo/progress`,
    `  API docs       ${u}/docs`,
    '',
    `  admin token (this demo only): ${demo.token}`,
    `    curl -H "Authorization: Bearer ${demo.token}" ${u}/api/admin/campaigns/demo/months.csv`,
    `    curl -H "Authorization: Bearer ${demo.token}" ${u}/metrics`,
    '',
    `  database ${demo.file} (deleted when the demo stops)`,
    '  Ctrl-C to stop.',
  ].join('\n')
}
