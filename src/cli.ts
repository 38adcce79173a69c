#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { createApp } from './app.js'
import { ConfigError, parseConfig } from './config.js'
import { createLogger } from './log.js'
import { openMigratedStore, openStore } from './node/open-store.js'
import { readSchemaFiles } from './node/schema-files.js'
import { startServer } from './node.js'
import { migrate } from './store/migrate.js'

const USAGE = `supportbar: monthly fundraising campaigns and their Support bar

Usage:
  supportbar serve                              start the HTTP service
  supportbar demo                               start on a temp database with a demo campaign
  supportbar migrate                            apply pending schema/ migrations
  supportbar campaign create --slug S --name N --currency C --goal MINOR
                             [--timezone TZ] [--locale L] [--donate-url URL] [--default]
  supportbar campaign list
  supportbar campaign bar SLUG [--button TEXT] [--tagline TEXT]   the bar's own texts
                             ('' clears one: --tagline '')
  supportbar campaign checkout SLUG [--on|--off] [--presets MINOR,MINOR,...] [--min MINOR]
                             [--max MINOR] [--monthly yes|no]    giving via Stripe Checkout
  supportbar goal set SLUG YYYY-MM MINOR [--label TEXT]
  supportbar adjust SLUG YYYY-MM MINOR --reason TEXT [--donor D] [--key IDEMPOTENCY_KEY]
  supportbar recompute [--campaign SLUG]
  supportbar totals SLUG [--month YYYY-MM]
  supportbar backfill --since ISO-TIME          replay Stripe events (last 30 days at most)

Amounts are integers in the currency's minor unit (cents): 2500 is $25.00.
Configuration comes from the environment (DATABASE_URL, PORT, HOST, ADMIN_TOKEN, ...).
Every command but serve and migrate goes through the admin API in-process, so it checks
input exactly as the HTTP API does.`

class UsageError extends Error {}

const options = {
  slug: { type: 'string' },
  name: { type: 'string' },
  currency: { type: 'string' },
  goal: { type: 'string' },
  timezone: { type: 'string' },
  locale: { type: 'string' },
  'donate-url': { type: 'string' },
  default: { type: 'boolean' },
  label: { type: 'string' },
  button: { type: 'string' },
  tagline: { type: 'string' },
  reason: { type: 'string' },
  donor: { type: 'string' },
  key: { type: 'string' },
  campaign: { type: 'string' },
  month: { type: 'string' },
  since: { type: 'string' },
  on: { type: 'boolean' },
  off: { type: 'boolean' },
  presets: { type: 'string' },
  min: { type: 'string' },
  max: { type: 'string' },
  monthly: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** A whole number as the API expects it; anything else is passed as text so the API rejects it. */
function integer(text: string | undefined, what: string): number | string {
  if (text === undefined) throw new UsageError(`missing ${what}`)
  return /^-?\d+$/.test(text) ? Number(text) : text
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`)
  return value
}

interface ApiCall {
  method: string
  path: string
  body?: unknown
  headers?: Record<string, string>
}

function toCall(positionals: string[], values: ReturnType<typeof parse>['values']): ApiCall {
  const [command, sub, ...rest] = positionals
  const enc = encodeURIComponent
  switch (`${command} ${sub ?? ''}`.trim()) {
    case 'campaign create':
      return {
        method: 'POST',
        path: '/api/admin/campaigns',
        body: {
          slug: required(values.slug, '--slug'),
          name: required(values.name, '--name'),
          currency: required(values.currency, '--currency'),
          defaultGoal: integer(values.goal, '--goal'),
          ...(values.timezone ? { timezone: values.timezone } : {}),
          ...(values.locale ? { locale: values.locale } : {}),
          ...(values['donate-url'] ? { donateUrl: values['donate-url'] } : {}),
          ...(values.default ? { isDefault: true } : {}),
        },
      }
    case 'campaign list':
      return { method: 'GET', path: '/api/admin/campaigns' }
    case 'campaign bar': {
      // An empty value clears the text back to the catalog's (null in the API).
      const text = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : v)
      const bar = { buttonLabel: text(values.button), tagline: text(values.tagline) }
      if (bar.buttonLabel === undefined && bar.tagline === undefined) {
        throw new UsageError('give --button and/or --tagline')
      }
      return {
        method: 'PATCH',
        path: `/api/admin/campaigns/${enc(required(rest[0], 'SLUG'))}`,
        body: { bar },
      }
    }
    case 'campaign checkout': {
      if (values.on && values.off) throw new UsageError('give --on or --off, not both')
      if (values.monthly !== undefined && !['yes', 'no'].includes(values.monthly)) {
        throw new UsageError('--monthly takes yes or no')
      }
      const checkout = {
        ...(values.on ? { enabled: true } : values.off ? { enabled: false } : {}),
        ...(values.presets !== undefined
          ? { presets: values.presets.split(',').map((p) => integer(p.trim(), '--presets')) }
          : {}),
        ...(values.min !== undefined ? { min: integer(values.min, '--min') } : {}),
        ...(values.max !== undefined ? { max: integer(values.max, '--max') } : {}),
        ...(values.monthly !== undefined ? { allowMonthly: values.monthly === 'yes' } : {}),
      }
      if (Object.keys(checkout).length === 0) {
        throw new UsageError('give --on, --off, --presets, --min, --max or --monthly')
      }
      return {
        method: 'PATCH',
        path: `/api/admin/campaigns/${enc(required(rest[0], 'SLUG'))}`,
        body: { checkout },
      }
    }
    case 'goal set': {
      const [slug, month, goal] = rest
      return {
        method: 'PUT',
        path: `/api/admin/campaigns/${enc(required(slug, 'SLUG'))}/months/${enc(required(month, 'YYYY-MM'))}`,
        body: { goal: integer(goal, 'goal'), ...(values.label ? { label: values.label } : {}) },
      }
    }
    default:
      break
  }
  switch (command) {
    case 'adjust': {
      const [slug, month, amount] = [sub, ...rest]
      return {
        method: 'POST',
        path: `/api/admin/campaigns/${enc(required(slug, 'SLUG'))}/adjustments`,
        body: {
          month: required(month, 'YYYY-MM'),
          amount: integer(amount, 'amount'),
          reason: required(values.reason, '--reason'),
          ...(values.donor ? { donor: values.donor } : {}),
        },
        ...(values.key ? { headers: { 'Idempotency-Key': values.key } } : {}),
      }
    }
    case 'recompute':
      return {
        method: 'POST',
        path: `/api/admin/recompute${values.campaign ? `?campaign=${enc(values.campaign)}` : ''}`,
      }
    case 'backfill':
      return {
        method: 'POST',
        path: '/api/admin/stripe/backfill',
        body: { since: required(values.since, '--since') },
      }
    case 'totals':
      return {
        method: 'GET',
        path: `/api/campaigns/${enc(required(sub, 'SLUG'))}/progress${values.month ? `?month=${enc(values.month)}` : ''}`,
      }
    default:
      throw new UsageError(`unknown command: ${positionals.join(' ') || '(none)'}`)
  }
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help || positionals.length === 0) {
    console.log(USAGE)
    return positionals.length === 0 && !values.help ? 2 : 0
  }
  try {
    const config = parseConfig(process.env)
    if (positionals[0] === 'serve') {
      const running = await startServer(config)
      const stop = () => {
        void running.close().then(() => process.exit(0))
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      return -1
    }
    if (positionals[0] === 'demo') {
      const { demoBanner, startDemo } = await import('./demo.js')
      const demo = await startDemo(process.env)
      console.log(demoBanner(demo))
      const stop = () => {
        void demo.stop().then(() => process.exit(0))
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      return -1
    }
    if (positionals[0] === 'migrate') {
      const store = await openStore(config)
      try {
        const result = await migrate(store, readSchemaFiles())
        console.log(JSON.stringify(result, null, 2))
      } finally {
        await store.close()
      }
      return 0
    }
    const call = toCall(positionals, values)
    // The CLI acts as an admin through the app itself, under its own one-off token.
    const token = `cli-${crypto.randomUUID()}`
    const store = await openMigratedStore(config)
    try {
      // The one client factory, so STRIPE_API_URL is honoured here as by the server.
      const stripe = config.stripeSecretKey
        ? (await import('./stripe/client.js')).stripeClient(config)
        : undefined
      const app = createApp({
        store,
        ...(stripe ? { stripe } : {}),
        // stdout carries the command's JSON result and stderr its error; the in-process
        // request lines would only repeat them, so only warnings and worse are logged (to stderr).
        logger: createLogger(
          config.logLevel === 'debug' || config.logLevel === 'info' ? 'warn' : config.logLevel,
          (_level, line) => console.error(line),
        ),
        config: {
          ...config,
          adminTokens: [{ label: `cli:${process.env.USER ?? 'operator'}`, token }],
        },
      })
      const res = await app.request(call.path, {
        method: call.method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...call.headers,
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      })
      const text = await res.text()
      const out = text ? JSON.stringify(JSON.parse(text), null, 2) : ''
      if (res.ok) {
        console.log(out)
        return 0
      }
      console.error(out)
      return 1
    } finally {
      await store.close()
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`)
      return 2
    }
    if (err instanceof ConfigError) {
      console.error(err.message)
      return 78
    }
    console.error((err as Error).stack ?? String(err))
    return 1
  }
}

const code = await main(process.argv.slice(2))
if (code >= 0) process.exitCode = code
