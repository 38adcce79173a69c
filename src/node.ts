import { type ServerType, serve } from '@hono/node-server'
import { createApp } from './app.js'
import { type Config, parseConfig } from './config.js'
import { openMigratedStore } from './store/open.js'
import { stripeClient } from './stripe/client.js'

export interface RunningServer {
  url: string
  server: ServerType
  close(): Promise<void>
}

/** Starts the service on Node: parse env, open and migrate the store, serve. */
export async function startServer(
  config: Config = parseConfig(process.env),
): Promise<RunningServer> {
  const store = await openMigratedStore(config)
  const stripe = stripeClient(config)
  const app = createApp({ store, config, ...(stripe ? { stripe } : {}) })
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    )
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  if (config.adminTokens.length === 0) {
    console.warn(
      JSON.stringify({ level: 'warn', msg: 'ADMIN_TOKEN is not set: the admin API is disabled' }),
    )
  }
  console.log(
    JSON.stringify({
      level: 'info',
      msg: 'supportbar listening',
      url,
      database: config.databaseUrl.split(':')[0],
    }),
  )
  let closing: Promise<void> | undefined
  return {
    url,
    server,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Idle keep-alive sockets would hold close() open; live streams get a moment to end.
        if ('closeIdleConnections' in server) server.closeIdleConnections()
        setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections()
        }, 2000).unref()
      }).then(() => store.close())
      return closing
    },
  }
}
