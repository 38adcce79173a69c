import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Every module `createApp` loads, from its static imports, with the bare specifiers it uses. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = []
  const packages = new Set<string>()
  const todo = [resolve(entry)]
  while (todo.length > 0) {
    const file = todo.pop() as string
    if (files.includes(file)) continue
    files.push(file)
    const text = readFileSync(file, 'utf8')
    // Static imports only (`import type` is erased; dynamic imports are loaded on demand).
    for (const m of text.matchAll(/^import (?!type )[^'"]*?['"]([^'"]+)['"]/gm)) {
      const spec = m[1] as string
      if (spec.startsWith('.')) {
        const base = join(dirname(file), spec).replace(/\.js$/, '')
        const candidates = [`${base}.ts`, `${base}.tsx`]
        const found = candidates.find((c) => {
          try {
            readFileSync(c)
            return true
          } catch {
            return false
          }
        })
        if (found) todo.push(found)
      } else packages.add(spec)
    }
  }
  return { files, packages }
}

describe('what createApp imports', () => {
  it('has no Node-only module, so the same app runs on Workers', () => {
    const { files, packages } = importGraph('src/app.ts')
    const paths = files.map((f) => f.replace(`${resolve('.')}/`, ''))
    expect(paths).toEqual(
      expect.arrayContaining([
        'src/http/requests.ts',
        'src/metrics.ts',
        'src/log.ts',
        'src/http/audit-trail.ts',
      ]),
    )
    // Runtime-only code lives in src/node/ and src/worker/, which the entries pass in.
    expect(paths.filter((p) => p.startsWith('src/node/') || p.startsWith('src/worker/'))).toEqual(
      [],
    )
    const nodeOnly = [...packages].filter(
      (p) =>
        p.startsWith('node:') || ['prom-client', 'better-sqlite3', 'pg', 'fs', 'os'].includes(p),
    )
    expect(nodeOnly).toEqual([])
  })
})
