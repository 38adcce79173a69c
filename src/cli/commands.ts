import { CAMPAIGN_COMMANDS } from './campaign-commands.js'
import type { Command } from './command-args.js'
import { DONATE_COMMANDS } from './donate-commands.js'
import { MONEY_COMMANDS } from './money-commands.js'

/** Every command, its options and an example: `supportbar <command> --help` prints one. */
export const COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'serve',
    summary: 'Start the HTTP service (configuration from the environment).',
    options: {},
    example: 'PORT=8787 DATABASE_URL=file:./data/supportbar.db supportbar serve',
  },
  demo: {
    usage: 'demo',
    summary: 'Start on a temporary database with a demo campaign; removed on exit.',
    options: {},
    example: 'supportbar demo',
  },
  migrate: {
    usage: 'migrate',
    summary: 'Apply the pending schema/ migrations to DATABASE_URL and print what was applied.',
    options: {},
    example: 'DATABASE_URL=postgres://app@db/supportbar supportbar migrate',
  },
  // Key order is the order USAGE lists them in.
  ...CAMPAIGN_COMMANDS,
  ...DONATE_COMMANDS,
  ...MONEY_COMMANDS,
}

/** `supportbar <command> --help`: usage, options and an example. */
export function commandHelp(name: string): string {
  const c = COMMANDS[name]
  if (!c) return ''
  const opts = Object.entries(c.options).map(
    ([k, [type, help]]) => `  --${type === 'string' ? `${k} VALUE` : k}`.padEnd(24) + help,
  )
  return [
    `Usage: supportbar ${c.usage}`,
    '',
    c.summary,
    ...(opts.length ? ['', 'Options:', ...opts] : []),
    '',
    'Example:',
    `  ${c.example}`,
  ].join('\n')
}

/** One column wide enough for the longest command name, and two spaces after it. */
const NAME_WIDTH = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2

/** `supportbar --help`: every command with its summary, and how amounts are written. */
export const USAGE = `supportbar: monthly fundraising campaigns and their Support bar

Usage: supportbar <command> [arguments] [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(NAME_WIDTH)}${c.summary}`)
  .join('\n')}

Amounts are in major units of the campaign's currency (13.60, -5, 500 for JPY);
add --minor to give whole minor units (1360). \`supportbar <command> --help\` shows
a command's options and an example. Configuration comes from the environment
(DATABASE_URL, PORT, HOST, ADMIN_TOKEN, ...). Commands that change data go through
the admin API in-process, so they check input exactly as the HTTP API does.`
