#!/usr/bin/env node
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { createApp } from './app.js'
import { type ApiCall, UsageError } from './cli/command-args.js'
import { COMMANDS, commandHelp, USAGE } from './cli/commands.js'
import { type Config, ConfigError, parseConfig } from './config.js'
import { createLogger } from './log.js'
import { startServer } from './node/main.js'
import { openMigratedStore, openStore } from './node/open-store.js'
import { readSchemaFiles } from './node/schema-files.js'
import { describeStartupError, prepareDatabaseDir } from './node/startup-errors.js'
import { migrate } from './store/migrate.js'

/** Stands in for the minus of `-500` while parsing, so it is read as a number, not an option. */
const MINUS = '\u2212'
const NEGATIVE = /^-\d+(\.\d+)?$/

/** The command's name from the first words: `campaign create`, `goal set`, `adjust`, ... */
function commandOf(words: string[]): { name: string; rest: string[] } | undefined {
  const [a, b] = words
  if (a === undefined) return undefined
  if (b !== undefined && COMMANDS[`${a} ${b}`]) return { name: `${a} ${b}`, rest: words.slice(2) }
  if (COMMANDS[a]) return { name: a, rest: words.slice(1) }
  return undefined
}

const say = (line: string) => console.error(line)

/** Runs the CLI; returns the process exit code (-1: keep running, a server was started). */
export async function main(argv: string[]): Promise<number> {
  const words = argv.map((a) => (NEGATIVE.test(a) ? MINUS + a.slice(1) : a))
  const lead = words.filter((w) => !w.startsWith('-'))
  if (lead[0] === 'help' || words.length === 0 || ['--help', '-h'].includes(words[0] ?? '')) {
    const topic = lead[0] === 'help' ? commandOf(lead.slice(1)) : undefined
    console.log(topic ? commandHelp(topic.name) : USAGE)
    return words.length === 0 ? 2 : 0
  }
  const found = commandOf(lead)
  if (!found) {
    say(`supportbar: unknown command "${lead.slice(0, 2).join(' ')}". Run supportbar --help.`)
    return 2
  }
  const spec = COMMANDS[found.name]
  if (!spec) return 2
  let values: Record<string, string | boolean | undefined>
  let positionals: string[]
  try {
    const options = Object.fromEntries(
      Object.entries(spec.options).map(([k, [type]]) => [k, { type }]),
    ) as Record<string, { type: 'string' | 'boolean' }>
    const parsed = parseArgs({
      args: words,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
    const unminus = (s: string) => (s.startsWith(MINUS) ? `-${s.slice(1)}` : s)
    values = Object.fromEntries(
      Object.entries(parsed.values).map(([k, v]) => [k, typeof v === 'string' ? unminus(v) : v]),
    ) as Record<string, string | boolean | undefined>
    positionals = parsed.positionals.map(unminus).slice(found.name.split(' ').length)
  } catch (err) {
    // Node's own advice about `--` does not apply: negative amounts are read as numbers.
    const message = (err as Error).message.replace(/\. To specify a positional.*$/s, '')
    say(`supportbar ${found.name}: ${message}. Run supportbar ${found.name} --help.`)
    return 2
  }
  if (values.help) {
    console.log(commandHelp(found.name))
    return 0
  }

  let config: Config | undefined
  try {
    config = parseConfig(process.env)
    return await run(found.name, positionals, values, config)
  } catch (err) {
    if (err instanceof UsageError) {
      say(`supportbar ${found.name}: ${err.message}. Run supportbar ${found.name} --help.`)
      return 2
    }
    if (err instanceof ConfigError) {
      say(err.message)
      return 78
    }
    const line = config ? describeStartupError(err, config) : undefined
    say(`supportbar: ${line ?? (err as Error).message ?? String(err)}`)
    // One line in words; the stack only for whoever debugs supportbar itself.
    if (process.env.LOG_LEVEL === 'debug') say((err as Error).stack ?? '')
    return 1
  }
}

async function run(
  name: string,
  args: string[],
  values: Record<string, string | boolean | undefined>,
  config: Config,
): Promise<number> {
  if (name === 'serve' || name === 'demo') {
    const running =
      name === 'serve'
        ? await startServer(config)
        : await (async () => {
            const { demoBanner, startDemo } = await import('./cli/demo.js')
            const demo = await startDemo(process.env)
            console.log(demoBanner(demo))
            return { close: () => demo.stop() }
          })()
    const stop = () => {
      void running.close().then(() => process.exit(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    return -1
  }
  prepareDatabaseDir(config, (line) => say(`supportbar: ${line}`))
  if (name === 'migrate') {
    const store = await openStore(config)
    try {
      console.log(JSON.stringify(await migrate(store, readSchemaFiles()), null, 2))
    } finally {
      await store.close()
    }
    return 0
  }
  return apiCommand(name, args, values, config)
}

/** A command that acts as an admin through the app itself, under its own one-off token. */
async function apiCommand(
  name: string,
  args: string[],
  values: Record<string, string | boolean | undefined>,
  config: Config,
): Promise<number> {
  const spec = COMMANDS[name]
  if (!spec?.call) return 2
  const token = `cli-${crypto.randomUUID()}`
  const store = await openMigratedStore(config)
  // The app's own error lines are kept, and shown only when a request fails with a 5xx (the
  // message then says more than "Internal server error"); LOG_LEVEL=debug shows them all.
  const logged: string[] = []
  const debug = config.logLevel === 'debug'
  try {
    const stripe = config.stripeSecretKey
      ? (await import('./stripe/client.js')).stripeClient(config)
      : undefined
    const app = createApp({
      store,
      ...(stripe ? { stripe } : {}),
      logger: createLogger(debug ? 'debug' : 'error', (_level, line) =>
        debug ? say(line) : logged.push(line),
      ),
      config: {
        ...config,
        adminTokens: [{ label: `cli:${process.env.USER ?? 'operator'}`, token }],
      },
    })
    const request = async (call: ApiCall) => {
      const res = await app.request(call.path, {
        method: call.method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(call.raw
            ? { 'Content-Type': 'application/octet-stream' }
            : call.body === undefined
              ? {}
              : { 'Content-Type': 'application/json' }),
          ...call.headers,
        },
        ...(call.raw
          ? { body: call.raw }
          : call.body === undefined
            ? {}
            : { body: JSON.stringify(call.body) }),
      })
      const text = await res.text()
      return { res, data: text ? (JSON.parse(text) as unknown) : null }
    }
    const failed = (status: number, data: unknown) => {
      const e = (data as { error?: { code?: string; message?: string } } | null)?.error
      let message = e?.message ?? `HTTP ${status}`
      if (status >= 500 && !debug) {
        const last = logged.at(-1)
        const detail = last ? (JSON.parse(last) as { error?: string }).error : undefined
        if (detail) message = `${message}: ${detail}`
      }
      say(`supportbar ${name}: ${message}${e?.code ? ` (${e.code})` : ''}`)
      return 1
    }
    const helpers = {
      amountRulesOf: async (slug: string) => {
        const got = await request({
          method: 'GET',
          path: `/api/admin/campaigns/${encodeURIComponent(slug)}`,
        })
        if (!got.res.ok) throw Object.assign(new Error(), { apiFailure: got })
        const { currency, locale } = got.data as { currency: string; locale: string }
        return { currency, locale }
      },
      readFile: async (path: string) => {
        try {
          return new Uint8Array(await readFile(path))
        } catch (err) {
          throw new UsageError(`cannot read ${path}: ${(err as Error).message}`)
        }
      },
    }
    let call: ApiCall
    try {
      call = await spec.call(args, values, helpers)
    } catch (err) {
      const f = (err as { apiFailure?: { res: Response; data: unknown } }).apiFailure
      if (f) return failed(f.res.status, f.data)
      throw err
    }
    const { res, data } = await request(call)
    if (!res.ok) return failed(res.status, data)
    console.log(JSON.stringify(data, null, 2))
    return 0
  } finally {
    await store.close()
  }
}

const code = await main(process.argv.slice(2))
if (code >= 0) process.exitCode = code
