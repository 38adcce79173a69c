import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { DOCS_FILES, type DocsAssets, type DocsFile } from '../http/docs-assets.js'

/**
 * The docs page's Swagger UI files from the installed swagger-ui-dist package (its version is
 * pinned by package-lock.json). Resolved when called, read on first request: nothing at import.
 */
export function nodeDocsAssets(): DocsAssets | undefined {
  const require = createRequire(import.meta.url)
  let dir: string
  let version: string
  try {
    const manifest = require.resolve('swagger-ui-dist/package.json')
    dir = dirname(manifest)
    version = (require(manifest) as { version: string }).version
  } catch {
    return undefined
  }
  return {
    version,
    read: async (file: DocsFile) => {
      if (!Object.hasOwn(DOCS_FILES, file)) throw new Error(`not a docs file: ${file}`)
      return new Uint8Array(await readFile(join(dir, file)))
    },
  }
}
