import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseConfig } from '../config.js'
import { monthOf } from '../domain/months.js'
import { type RunningServer, startServer } from '../node/main.js'
import { type DemoCheckout, startDemoCheckout } from './demo-checkout.js'

/**
 * The seed's bar: 1,360 $ of 5,000 $ in the current month (UTC), where the demo's own gifts land
 * too, amounts written `2,500 $` (locale en-150).
 */
export const DEMO_CAMPAIGN = {
  slug: 'demo',
  name: 'Demo newsroom',
  currency: 'USD',
  defaultGoal: 500000,
  timezone: 'UTC',
  locale: 'en-150',
  donateUrl: 'https://example.org/donate',
}
const GIFTS = [
  { amount: 50000, donor: 'reader-1' },
  { amount: 36000, donor: 'reader-2' },
  { amount: 25000, donor: 'reader-3' },
  { amount: 25000, donor: 'reader-4' },
]

export interface Demo {
  server: RunningServer
  /** The local stand-in for Stripe Checkout that "pays" and sends signed events. */
  checkout: DemoCheckout
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
  // Checkout's return URLs need the public address before the service starts.
  const port =
    env.PORT && env.PORT !== '0' ? env.PORT : env.PORT === '0' ? await freePort() : '8787'
  const host = env.HOST ?? '127.0.0.1'
  const publicUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`
  const secret = `whsec_demo_${crypto.randomUUID().replace(/-/g, '')}`
  const checkout = await startDemoCheckout({
    webhookUrl: () => `${publicUrl}/webhooks/stripe`,
    secret,
  })
  const config = parseConfig({
    ...env,
    PORT: port,
    DATABASE_URL: `file:${file}`,
    ADMIN_TOKEN: `demo:${token}`,
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    PUBLIC_URL: publicUrl,
    STRIPE_SECRET_KEY: 'sk_test_demo_standin',
    STRIPE_API_URL: checkout.url,
    STRIPE_WEBHOOK_SECRET: secret,
  })
  let server: RunningServer
  try {
    server = await startServer(config)
  } catch (err) {
    await checkout.close()
    throw err
  }
  const stop = async () => {
    await server.close()
    await checkout.close()
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
    await call('POST', '/api/admin/campaigns', { ...DEMO_CAMPAIGN, checkout: { enabled: true } })
    const month = monthOf(new Date(), DEMO_CAMPAIGN.timezone)
    await call('PUT', `/api/admin/campaigns/demo/months/${month}`, { goal: 500000, label: null })
    for (const [i, g] of GIFTS.entries()) {
      await call('POST', '/api/admin/campaigns/demo/adjustments', {
        month,
        amount: g.amount,
        donor: g.donor,
        reason: `demo gift ${i + 1}`,
      })
    }
  } catch (err) {
    await stop()
    throw err
  }
  return { server, checkout, token, file, stop }
}

/** A port free right now (the demo needs its URL before it listens). */
function freePort(): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(String(port)))
    })
  })
}

/** What a newcomer reads: the URLs to open, and how to use the admin API of this demo. */
export function demoBanner(demo: Demo): string {
  const u = demo.server.url
  return [
    `supportbar demo running at ${u}`,
    '',
    `  progress JSON  ${u}/api/campaigns/demo/progress`,
    `  embed (iframe) ${u}/embed/demo`,
    `  image (SVG)    ${u}/embed/demo.svg`,
    `  web component  <script src="${u}/widget.js"></script><support-bar campaign="demo" src="${u}"></support-bar>`,
    `  donate page    ${u}/donate/demo   (Checkout is a DEMO stand-in at ${demo.checkout.url}: no money moves)`,
    `  demo Checkout  ${demo.checkout.url}/   (paid monthly gifts: "Simulate next month's renewal")`,
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
