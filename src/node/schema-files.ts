import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SchemaFile } from '../store/migrate.js'

/** The schema/ folder shipped with the package (beside src/ and dist/). */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url))

/** Reads the numbered SQL files of schema/ (Node only; the Worker relies on wrangler's migrator). */
export function readSchemaFiles(dir: string = SCHEMA_DIR): SchemaFile[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_.+\.sql$/.test(name))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }))
}
