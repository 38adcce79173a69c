/** The Swagger UI files the docs page loads, all from this service. */
export const DOCS_FILES = {
  'swagger-ui.css': 'text/css; charset=UTF-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=UTF-8',
} as const
export type DocsFile = keyof typeof DOCS_FILES

/**
 * Where the docs page's assets come from: the installed swagger-ui-dist package, pinned by the
 * lockfile. The Node entry reads it from node_modules (src/node/docs-assets.ts); a runtime
 * without files (Workers) passes none and the page links to the raw document instead.
 */
export interface DocsAssets {
  version: string
  read(file: DocsFile): Promise<Uint8Array<ArrayBuffer>>
}
