#!/usr/bin/env node
// `npm start`: build only when a source is newer than the last build, then serve. A full tsc
// run costs several seconds on a small machine; an up-to-date tree starts the server at once.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

// tsc writes every output on each build, so the entry's time is the time of the last build.
const STAMP = join('dist', 'cli.js')
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']

/** Newest modification time of the files under these paths. */
function newest(paths) {
  let max = 0
  for (const p of paths) {
    if (!existsSync(p)) continue
    const s = statSync(p)
    if (s.isDirectory()) max = Math.max(max, newest(readdirSync(p).map((n) => join(p, n))))
    else max = Math.max(max, s.mtimeMs)
  }
  return max
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0
if (newest(INPUTS) > built) {
  console.error('supportbar: sources changed since the last build; building (npm run build)')
  const started = Date.now()
  const r = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    {
      stdio: 'inherit',
    },
  )
  if (r.status !== 0) {
    // tsc emits even with type errors: drop the entry so the next start builds again.
    rmSync(STAMP, { force: true })
    console.error('supportbar: the build failed (see above); nothing was started')
    process.exit(r.status ?? 1)
  }
  console.error(`supportbar: built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
process.argv = [
  process.argv[0],
  join(process.cwd(), 'dist', 'cli.js'),
  'serve',
  ...process.argv.slice(2),
]
await import(new URL('../dist/cli.js', import.meta.url).href)
