import type { Context } from 'hono'
import ipaddr from 'ipaddr.js'
import proxyaddr from 'proxy-addr'
import type { Config } from '../config.js'
import { platformOf } from './platform.js'

/** What decides who the client is: the proxies trusted and the header they write. */
export type ClientAddressConfig = Pick<Config, 'clientIpHeader' | 'trustedProxies'>

/** Is the address at position `i` (0 = the socket's peer) a proxy whose header may be believed? */
export type Trust = (addr: string, i: number) => boolean

/**
 * Who is trusted when `CLIENT_IP_HEADER` is set without `TRUSTED_PROXIES` (the setting of
 * earlier versions, which believed the header from anyone): proxies on private networks only,
 * which no client on the internet can connect from (proxy-addr's keywords: 127.0.0.0/8, ::1,
 * 169.254.0.0/16, fe80::/10, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7).
 */
export const LEGACY_TRUSTED = ['loopback', 'linklocal', 'uniquelocal']

const trusts = new WeakMap<ClientAddressConfig, Trust>()

/** The trust function of a configuration (proxy-addr's semantics), compiled once per config. */
export function trustOf(config: ClientAddressConfig): Trust {
  let trust = trusts.get(config)
  if (!trust) {
    const t = config.trustedProxies
    if (typeof t === 'number') trust = (_addr, i) => i < t
    else if (t) trust = proxyaddr.compile(t)
    else if (config.clientIpHeader) trust = proxyaddr.compile(LEGACY_TRUSTED)
    else trust = () => false
    trusts.set(config, trust)
  }
  return trust
}

/**
 * The key a client is counted by: IPv4 as is (also when written IPv4-mapped, `::ffff:a.b.c.d`),
 * IPv6 folded to its /64 (one host is given a whole /64, so it could rotate within it), anything
 * unparseable as given.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address
  const ip = ipaddr.process(address)
  if (ip.kind() === 'ipv4') return ip.toString()
  const parts = (ip as ipaddr.IPv6).parts
  return `${new ipaddr.IPv6([...parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`
}

/**
 * The client's address as every per-client limit counts it (checkout, stream caps, sign-in
 * throttling), from the socket's peer and, when that peer is a trusted proxy, the forwarding
 * header: `X-Forwarded-For` is walked from the right, skipping trusted proxies, and the first
 * address not trusted is the client (proxy-addr, as Express's `trust proxy`); a single-value
 * header (`CF-Connecting-IP`, `X-Real-IP`) is believed only from a trusted peer. Changing the
 * headers a client sends therefore changes nothing unless it is itself a trusted proxy.
 *
 * Where the runtime gives no socket address (Workers, `app.request` in tests) the configured
 * header's last entry is taken, as the platform in front (Cloudflare) sets it. Returned as
 * `addressKey` folds it.
 */
export function clientAddress(c: Context, config: ClientAddressConfig): string {
  return clientAddressOf(platformOf(c)?.clientAddress(), (name) => c.req.header(name), config)
}

/**
 * `clientAddress` from what any runtime has: the socket's peer (undefined where none is given)
 * and a way to read a request header by its lower-case name. The Node lanes, which answer
 * before any Hono context exists, count clients by the same rules through it.
 */
export function clientAddressOf(
  socket: string | undefined,
  header: (name: string) => string | undefined,
  config: ClientAddressConfig,
): string {
  const name = config.clientIpHeader ?? (config.trustedProxies ? 'x-forwarded-for' : undefined)
  const value = name ? header(name) : undefined
  if (socket === undefined) {
    return addressKey(value?.split(',').at(-1)?.trim() || 'unknown')
  }
  if (!value) return addressKey(socket)
  const trust = trustOf(config)
  if (name === 'x-forwarded-for') {
    const req = { headers: { 'x-forwarded-for': value }, socket: { remoteAddress: socket } }
    return addressKey(proxyaddr(req as unknown as Parameters<typeof proxyaddr>[0], trust))
  }
  const given = value.trim()
  return addressKey(trust(socket, 0) && ipaddr.isValid(given) ? given : socket)
}
