import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { wrangler } from './support/workerd.js'

const dir = mkdtempSync(join(tmpdir(), 'supportbar-bundle-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Node-only modules of this package; none may reach the Worker. */
const NODE_ONLY = [
  'src/store/sqlite.ts',
  'src/store/postgres.ts',
  'src/node/schema-files.ts',
  'src/node/open-store.ts',
  'src/node/main.ts',
  'src/cli.ts',
]

describe('the Worker bundle (wrangler deploy --dry-run)', () => {
  it('holds no Node-only module, package or node: import', async () => {
    const out = await wrangler([
      'deploy',
      '--dry-run',
      '--outdir',
      dir,
      '--metafile',
      join(dir, 'meta.json'),
    ])
    expect(out).toMatch(/Total Upload: [\d.]+ KiB/)
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>
    }
    const inputs = Object.keys(meta.inputs)
    expect(inputs).toContain('src/worker/index.ts')
    expect(inputs).toContain('src/store/d1.ts')
    for (const file of NODE_ONLY) expect(inputs).not.toContain(file)
    expect(inputs.filter((i) => i.startsWith('src/node/'))).toEqual([])
    const packages = inputs.filter((i) =>
      /node_modules\/(better-sqlite3|pg|pg-[a-z]+|@hono\/node-server)\//.test(i),
    )
    expect(packages).toEqual([])
    // Imports only: hono/jsx probes `process?.getBuiltinModule?.("node:async_hooks")`, which
    // finds nothing on Workers (no process global) and is not an import.
    // The bundle is named after the entry, src/worker/index.ts.
    const code = readFileSync(join(dir, 'index.js'), 'utf8')
    const nodeImports =
      /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']node:[a-z_/]+["']/g
    expect(code.match(nodeImports) ?? []).toEqual([])
    expect(`import { x } from "node:fs"; require("node:path")`.match(nodeImports)).toHaveLength(2)
  })
})
