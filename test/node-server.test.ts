import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../src/config.js'
import { startServer } from '../src/node/main.js'
import { ADMIN_TOKEN, adminJson, newsCampaign } from './support/harness.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  sign,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'supportbar-node-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the Node service on a SQLite file', () => {
  it('keeps campaigns and money across a restart', async () => {
    const config = parseConfig({
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'restart.db')}`,
      ADMIN_TOKEN,
      LOG_LEVEL: 'silent',
    })
    const first = await startServer(config)
    try {
      const created = await fetch(`${first.url}/api/admin/campaigns`, {
        method: 'POST',
        headers: adminJson,
        body: JSON.stringify(newsCampaign),
      })
      expect(created.status).toBe(201)
      const month = new Date().toISOString().slice(0, 7)
      const adj = await fetch(`${first.url}/api/admin/campaigns/news/adjustments`, {
        method: 'POST',
        headers: adminJson,
        body: JSON.stringify({ month, amount: 4200, reason: 'before restart' }),
      })
      expect(adj.status).toBe(201)
    } finally {
      await first.close()
    }
    const second = await startServer(config)
    try {
      const month = new Date().toISOString().slice(0, 7)
      const res = await fetch(`${second.url}/api/campaigns/news/progress?month=${month}`)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ slug: 'news', pledged: 4200 })
      expect(await (await fetch(`${second.url}/healthz`)).json()).toEqual({ ok: true })
    } finally {
      await second.close()
    }
  })
})

describe('webhooks on the Node server', () => {
  it('reads the raw body from the request stream: accepts a signed event, refuses 1 MiB + 1 declared or streamed', async () => {
    const config = parseConfig({
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'webhooks.db')}`,
      ADMIN_TOKEN,
      LOG_LEVEL: 'silent',
      ...webhookEnv,
    })
    const server = await startServer(config)
    try {
      const created = await fetch(`${server.url}/api/admin/campaigns`, {
        method: 'POST',
        headers: adminJson,
        body: JSON.stringify(newsCampaign),
      })
      expect(created.status).toBe(201)
      const d = donation({ amount: 1234, created: unix('2026-06-10T15:00:00Z'), campaign: 'news' })
      const ok = await postEvent(
        (p, init) => fetch(`${server.url}${p}`, init),
        event('payment_intent.succeeded', paymentIntent(d)),
      )
      expect(ok.status).toBe(200)
      const progress = await fetch(`${server.url}/api/campaigns/news/progress?month=2026-06`)
      expect(await progress.json()).toMatchObject({ pledged: 1234 })
      const huge = `{"pad":"${'x'.repeat(1024 * 1024)}"}`
      const declared = await fetch(`${server.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'Stripe-Signature': sign(huge), 'Content-Type': 'application/json' },
        body: huge,
      })
      expect(declared.status).toBe(413)
      const bytes = new TextEncoder().encode(huge)
      const streamed = await fetch(`${server.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'Stripe-Signature': sign(huge), 'Content-Type': 'application/json' },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < bytes.length; i += 64 * 1024) {
              controller.enqueue(bytes.slice(i, i + 64 * 1024))
            }
            controller.close()
          },
        }),
        duplex: 'half',
      } as RequestInit)
      expect(streamed.status).toBe(413)
      expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe(
        'payload_too_large',
      )
    } finally {
      await server.close()
    }
  })
})

describe('configuration', () => {
  it('lists every problem at once', () => {
    let error: unknown
    try {
      parseConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        ADMIN_TOKEN: 'short',
        STRIPE_WEBHOOK_SECRET: 'nope',
        STRIPE_SECRET_KEY: 'pk_live_123',
      })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems).toHaveLength(5)
    expect(problems.join('\n')).toMatch(/PORT/)
    expect(problems.join('\n')).toMatch(/DATABASE_URL/)
    expect(problems.join('\n')).toMatch(/ADMIN_TOKEN/)
    expect(problems.join('\n')).toMatch(/STRIPE_WEBHOOK_SECRET/)
    expect(problems.join('\n')).toMatch(/STRIPE_SECRET_KEY/)
  })

  it('has working defaults and reads comma lists', () => {
    const c = parseConfig({ ADMIN_TOKEN: 'ops:aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbb' })
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: 'file:./data/supportbar.db',
    })
    expect(c.adminTokens).toEqual([
      { label: 'ops', token: 'aaaaaaaaaaaaaaaaaaaa' },
      { label: 'token2', token: 'bbbbbbbbbbbbbbbbbbbb' },
    ])
  })
})

// Each call is a fresh Node process loading the app through tsx: seconds each under load.
describe('the supportbar CLI', { timeout: 120_000 }, () => {
  const cli = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: `file:${join(dir, 'cli.db')}` },
    })

  it('creates a campaign, sets a goal, adjusts and reads totals', async () => {
    const created = await cli([
      'campaign',
      'create',
      '--slug',
      'news',
      '--name',
      'News',
      '--currency',
      'usd',
      '--goal',
      '5000',
      '--timezone',
      'Europe/Paris',
      '--default',
    ])
    expect(JSON.parse(created.stdout)).toMatchObject({
      slug: 'news',
      currency: 'USD',
      isDefault: true,
    })
    await cli(['goal', 'set', 'news', '2021-06', '4000', '--label', 'June drive'])
    await cli(['adjust', 'news', '2021-06', '1360', '--reason', 'offline gifts', '--key', 'seed-1'])
    await cli(['adjust', 'news', '2021-06', '1360', '--reason', 'offline gifts', '--key', 'seed-1'])
    const totals = JSON.parse((await cli(['totals', 'news', '--month', '2021-06'])).stdout)
    expect(totals).toMatchObject({ goal: 400000, pledged: 136000, label: 'June drive' })
    const list = JSON.parse((await cli(['campaign', 'list'])).stdout)
    expect(list.campaigns).toHaveLength(1)
    expect(JSON.parse((await cli(['recompute'])).stdout).differences).toEqual([])
    // Seven CLI processes, each compiling the sources through tsx: on a loaded 2-core machine
    // that passed 30 s once the bar's modules grew.
  }, 90_000)

  it('migrates once: a second run applies nothing', async () => {
    const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'migrate.db')}` }
    const args = ['--import', 'tsx', 'src/cli.ts', 'migrate']
    const first = JSON.parse((await run(process.execPath, args, { env })).stdout)
    expect(first.applied).toContain('0001_init.sql')
    const second = JSON.parse((await run(process.execPath, args, { env })).stdout)
    expect(second.applied).toEqual([])
    expect(second.alreadyApplied).toEqual(first.applied)
  })

  it('exits non-zero with the API error for bad input, and 2 for bad usage', async () => {
    const bad = await cli(['adjust', 'news', '2021-13', '5', '--reason', 'x']).catch((e) => e)
    expect(bad.code).toBe(1)
    // Once, in words: the API's message and code, no JSON.
    expect(bad.stderr.trim().split('\n')).toEqual([
      'supportbar adjust: Invalid body: month: must be a month YYYY-MM between 2000-01 and 2999-12 (invalid_body)',
    ])
    const usage = await cli(['frobnicate']).catch((e) => e)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/unknown command/)
    const missing = await cli(['adjust', 'news', '2021-06', '5']).catch((e) => e)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--reason/)
  })
})
