import type { Server } from 'node:http'
import { addressKey, type Trust } from '../http/client-address.js'
import type { Logger } from '../log.js'
import { type Metrics, REFUSED_METRIC } from '../metrics.js'

export interface ConnectionCapOptions {
  /** Open connections one address may hold; the next is closed at once, before any byte. */
  perAddress: number
  /** Peers not capped: trusted proxies carry many clients (they must limit those themselves). */
  trust: Trust
  log: Logger
  metrics: Metrics
}

/**
 * Caps the connections each peer address holds open (IPv6 by its /64, `addressKey`), so that
 * one client cannot fill `maxConnections` with slow sockets and shut everyone else out. A
 * connection past the cap is destroyed as it is accepted, like node's own `maxConnections`:
 * no bytes are read from it, nothing is parsed. Returns the live counts (for tests and gauges).
 */
export function capConnectionsPerAddress(
  server: Server,
  options: ConnectionCapOptions,
): Map<string, number> {
  const open = new Map<string, number>()
  let warned = 0
  server.on('connection', (socket) => {
    const peer = socket.remoteAddress
    if (peer === undefined || options.trust(peer, 0)) return
    const key = addressKey(peer)
    const n = (open.get(key) ?? 0) + 1
    if (n > options.perAddress) {
      socket.destroy()
      options.metrics.inc(REFUSED_METRIC, { reason: 'connections_per_address' })
      if (Date.now() - warned > 10_000) {
        warned = Date.now()
        options.log.warn('connection refused: too many from one address', {
          address: key,
          perAddress: options.perAddress,
        })
      }
      return
    }
    open.set(key, n)
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1
      if (left <= 0) open.delete(key)
      else open.set(key, left)
    })
  })
  return open
}
