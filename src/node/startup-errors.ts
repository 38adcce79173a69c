import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Config } from '../config.js'

/** A start-up problem already said in words: the CLI prints its message alone, no stack. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StartupError'
  }
}

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; errors?: unknown[]; cause?: unknown } | null
  if (typeof e?.code === 'string') return e.code
  // Node reports a refused connection to several addresses (IPv4 and IPv6) as an AggregateError.
  if (Array.isArray(e?.errors)) return codeOf(e.errors[0])
  if (e?.cause) return codeOf(e.cause)
  return undefined
}

/** Where DATABASE_URL points, without its password. */
function where(config: Config): string {
  if (config.databaseUrl.startsWith('file:')) return sqliteFile(config)
  try {
    const u = new URL(config.databaseUrl)
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`
  } catch {
    return 'the PostgreSQL server'
  }
}

function pgUser(config: Config): string {
  try {
    return decodeURIComponent(new URL(config.databaseUrl).username) || 'the default user'
  } catch {
    return 'the user'
  }
}

function sqliteFile(config: Config): string {
  return resolve(config.databaseUrl.replace(/^file:(\/\/)?/, ''))
}

/**
 * The SQLite file's folder must exist before SQLite opens the file. A missing one is created,
 * and the line that says so names it; one that cannot be created is a StartupError saying why.
 */
export function prepareDatabaseDir(config: Config, say: (line: string) => void): void {
  if (!config.databaseUrl.startsWith('file:')) return
  const file = sqliteFile(config)
  const dir = dirname(file)
  if (existsSync(dir)) return
  say(`creating the folder ${dir} for the database file (DATABASE_URL)`)
  // One level at a time, not `recursive`: that reports a read-only file system as ENOENT (and
  // loops forever under /proc); a plain mkdir gives the real reason.
  const missing: string[] = []
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d)
  try {
    for (const d of missing) mkdirSync(d)
  } catch (err) {
    const reason =
      codeOf(err) === 'EROFS'
        ? 'the file system is read-only'
        : codeOf(err) === 'EACCES'
          ? 'permission denied'
          : (err as Error).message
    throw new StartupError(
      `cannot create the folder ${dir} for the database (${reason}): create it yourself, or set DATABASE_URL=file:PATH to a writable place`,
      { cause: err },
    )
  }
}

/**
 * One line that says what went wrong at start-up and what to do, or undefined when the error
 * is not a known start-up problem (then the caller shows it as it is).
 */
export function describeStartupError(err: unknown, config: Config): string | undefined {
  if (err instanceof StartupError) return err.message
  const code = codeOf(err)
  const message = (err as Error | null)?.message ?? ''
  const db = where(config)
  switch (code) {
    case 'EADDRINUSE':
      return `port ${config.port} on ${config.host} is already in use: stop the other process, or set PORT to a free port`
    case 'EACCES':
      if (/listen/i.test(message)) {
        return `not allowed to listen on port ${config.port}: use a port above 1023 (PORT), or give the process the right to bind low ports`
      }
      return `permission denied for the database file ${db}: make it and its folder writable by this user, or set DATABASE_URL`
    case 'EADDRNOTAVAIL':
      return `HOST=${config.host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its addresses`
    case 'ECONNREFUSED':
      return `PostgreSQL at ${db} refused the connection: start the server, or check the host and port in DATABASE_URL`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `PostgreSQL host in DATABASE_URL (${db}) is not known: check the host name`
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `PostgreSQL at ${db} cannot be reached (${code}): check the network and DATABASE_URL`
    case '28P01':
    case '28000':
      return `PostgreSQL at ${db} refused the user ${pgUser(config)} (${message}): check the user and password in DATABASE_URL, and pg_hba.conf`
    case '3D000':
      return `PostgreSQL at ${db}: ${message}: create it (createdb) or fix the database name in DATABASE_URL`
    case '42501':
      return `PostgreSQL user ${pgUser(config)} may not create the tables (${message}): grant it CREATE on the schema, or run migrations as the owner`
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'EROFS':
      return `the database file ${db} is read-only (a read-only file, folder or file system): make it writable, or set DATABASE_URL=file:PATH to a writable place`
    case 'SQLITE_CANTOPEN':
      return `cannot open the database file ${db}: check that its folder exists and this user may write there, or set DATABASE_URL`
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `${db} is not a supportbar SQLite database (${message}): point DATABASE_URL at the right file`
    default:
      return undefined
  }
}
